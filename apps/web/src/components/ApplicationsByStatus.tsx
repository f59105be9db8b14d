import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, type Page } from '../api/client';
import type { Application } from '../api/types';
import { APPLICATION_STATUSES } from '../lib/vocabulary';
import { SelectField } from './Field';
import { PagedView } from './ui';

const LIMIT = 20;

/**
 * The caller's applications (`GET /api/applications`), filtered by the status kept in the
 * address, a page at a time: the status select, then `children` with the page's items.
 */
export function ApplicationsByStatus({
  queryKey,
  label,
  allLabel,
  empty,
  children,
}: {
  /** The area's cache key for its application lists. */
  queryKey: readonly string[];
  label: string;
  allLabel: string;
  empty: string;
  children: (items: Application[]) => ReactNode;
}) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const list = useQuery({
    queryKey: [...queryKey, status, offset],
    queryFn: () =>
      api.get<Page<Application>>('/api/applications', {
        status: status || undefined,
        limit: LIMIT,
        offset,
      }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <div className="filters">
        <SelectField
          label={label}
          value={status}
          onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}
          options={[
            { value: '', label: allLabel },
            ...APPLICATION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
          ]}
        />
      </div>
      <PagedView
        query={list}
        limit={LIMIT}
        offset={offset}
        onOffset={(o) =>
          setParams({
            ...(status ? { status } : {}),
            ...(o ? { offset: String(o) } : {}),
          })
        }
        empty={empty}
      >
        {(page) => children(page.items)}
      </PagedView>
    </>
  );
}
