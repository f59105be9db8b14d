import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Page } from '../../api/client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SelectField } from '../../components/Field';
import { Money, PagedView, PageTitle, StatusBadge } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { APPLICATION_STATUSES, REGIONS } from '../../lib/vocabulary';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { OFFICER, useAccountName, useCode, useProgram } from './lib';
import type { ApplicationView } from './types';

const LIMIT = 20;

/** The status filter lists DRAFT last: officers rarely look for drafts. */
const STATUS_OPTIONS = [...APPLICATION_STATUSES.filter((s) => s !== 'DRAFT'), 'DRAFT'] as const;

/** Every application of the program, filtered as the API allows, with CSV export. */
export function ApplicationsPage() {
  const { t, i18n } = useTranslation();
  const program = useProgram();
  const name = useAccountName(program);
  const code = useCode();
  const { params, offset, set } = useUrlFilters();
  const filters = {
    status: params.get('status') ?? '',
    category: params.get('category') ?? '',
    track: params.get('track') ?? '',
    region: params.get('region') ?? '',
  };

  const list = useQuery({
    queryKey: [OFFICER, 'applications', program.id, filters, offset],
    queryFn: () =>
      api.get<Page<ApplicationView>>('/api/applications', {
        programId: program.id,
        ...filters,
        limit: LIMIT,
        offset,
      }),
  });
  const exportCsv = useMutation({
    mutationFn: () =>
      api.download(
        `/api/programs/${program.id}/applications.csv`,
        `applications-${program.year}-${program.id.slice(0, 8)}.csv`,
      ),
  });

  return (
    <section>
      <PageTitle
        actions={
          <button type="button" onClick={() => exportCsv.mutate()} disabled={exportCsv.isPending}>
            {t('action.exportCsv')}
          </button>
        }
      >
        {t('officer.applications.title')}
      </PageTitle>
      <ErrorBanner error={exportCsv.error} />
      <div className="filters" role="search" aria-label={t('officer.applications.filters')}>
        <SelectField
          label={t('officer.applications.status')}
          value={filters.status}
          onChange={(e) => set({ status: e.target.value })}
          options={[
            { value: '', label: t('officer.common.all') },
            ...STATUS_OPTIONS.map((s) => ({ value: s, label: t(`status.${s}`) })),
          ]}
        />
        <SelectField
          label={t('officer.applications.category')}
          value={filters.category}
          onChange={(e) => set({ category: e.target.value })}
          options={[
            { value: '', label: t('officer.common.all') },
            ...program.rules.categories.map((c) => ({ value: c.code, label: name(c.code) })),
          ]}
        />
        <SelectField
          label={t('officer.applications.track')}
          value={filters.track}
          onChange={(e) => set({ track: e.target.value })}
          options={[
            { value: '', label: t('officer.common.all') },
            { value: 'GENERAL', label: t('officer.tracks.GENERAL') },
            { value: 'SOCIAL_ISSUE', label: t('officer.tracks.SOCIAL_ISSUE') },
          ]}
        />
        <SelectField
          label={t('officer.applications.region')}
          value={filters.region}
          onChange={(e) => set({ region: e.target.value })}
          options={[
            { value: '', label: t('officer.common.all') },
            ...REGIONS.map((r) => ({ value: r, label: code('region', r) })),
          ]}
        />
      </div>
      <PagedView
        query={list}
        limit={LIMIT}
        offset={offset}
        onOffset={(o) => set({ offset: String(o) })}
        empty={t('officer.applications.none')}
      >
        {(page) => (
          <div className="table-wrap">
            <table>
              <caption>
                {t('officer.applications.caption', { n: page.total, name: program.name })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('officer.applications.titleCol')}</th>
                  <th scope="col">{t('officer.applications.company')}</th>
                  <th scope="col">{t('officer.applications.category')}</th>
                  <th scope="col">{t('officer.applications.track')}</th>
                  <th scope="col">{t('officer.applications.supplier')}</th>
                  <th scope="col" className="num">
                    {t('officer.applications.cost')}
                  </th>
                  <th scope="col" className="num">
                    {t('officer.applications.support')}
                  </th>
                  <th scope="col">{t('officer.applications.status')}</th>
                  <th scope="col">{t('officer.applications.submitted')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      <Link to={`/officer/programs/${program.id}/applications/${a.id}`}>
                        {a.title}
                      </Link>
                      {a.flagged && (
                        <span className="badge badge-suspended">
                          {t('officer.applications.flagged')}
                        </span>
                      )}
                    </th>
                    <td>{a.companyName}</td>
                    <td>{name(a.category)}</td>
                    <td>{code('officer.tracks', a.track)}</td>
                    <td>{a.supplierName}</td>
                    <td className="num">
                      <Money value={a.agreedCostKrw} />
                    </td>
                    <td className="num">
                      <Money value={a.requestedSupportKrw} />
                    </td>
                    <td>
                      <StatusBadge status={a.status} />
                    </td>
                    <td>{formatDate(a.submittedAt, i18n.language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedView>
      <p className="hint">{t('officer.applications.filterNote')}</p>
    </section>
  );
}
