import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, type Page } from '../../api/client';
import { SelectField } from '../../components/Field';
import { Money, PagedView, PageTitle, StatusBadge } from '../../components/ui';
import { APPLICATION_STATUSES } from '../../lib/vocabulary';
import { keys } from './queries';
import type { Application } from './types';

const LIMIT = 20;

/** Whether the supplier still has to confirm the pre-agreement of an application. */
export const needsConfirmation = (a: Application) =>
  !a.supplierConfirmedAt && (a.status === 'DRAFT' || a.status === 'SUBMITTED');

export function SupplierApplicationTable({ items }: { items: Application[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table>
        <caption className="sr-only">{t('supplier.apps.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('supplier.apps.colTitle')}</th>
            <th scope="col">{t('supplier.apps.colCompany')}</th>
            <th scope="col">{t('supplier.apps.colCategory')}</th>
            <th scope="col" className="num">
              {t('supplier.apps.colCost')}
            </th>
            <th scope="col">{t('supplier.apps.colStatus')}</th>
            <th scope="col">{t('supplier.apps.colConfirmation')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id}>
              <td>
                <Link to={`/supplier/applications/${a.id}`}>
                  {a.title || t('supplier.apps.untitled')}
                </Link>
              </td>
              <td>{a.companyName}</td>
              <td>{t(`category.${a.category}`, { defaultValue: a.category })}</td>
              <td className="num">
                <Money value={a.agreedCostKrw} />
              </td>
              <td>
                <StatusBadge status={a.status} />
              </td>
              <td>
                {a.supplierConfirmedAt ? (
                  t('supplier.apps.confirmed')
                ) : needsConfirmation(a) ? (
                  <strong className="sp-attention">{t('supplier.apps.needsConfirm')}</strong>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** /supplier/applications: the applications that name one of the caller's suppliers. */
export function ApplicationsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const list = useQuery({
    queryKey: [...keys.applications, status, offset],
    queryFn: () =>
      api.get<Page<Application>>('/api/applications', {
        status: status || undefined,
        limit: LIMIT,
        offset,
      }),
    placeholderData: keepPreviousData,
  });
  return (
    <section>
      <PageTitle>{t('supplier.apps.title')}</PageTitle>
      <p className="hint">{t('supplier.apps.intro')}</p>
      <div className="filters">
        <SelectField
          label={t('supplier.apps.status')}
          value={status}
          onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}
          options={[
            { value: '', label: t('supplier.apps.allStatuses') },
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
        empty={t('supplier.apps.none')}
      >
        {(page) => <SupplierApplicationTable items={page.items} />}
      </PagedView>
    </section>
  );
}
