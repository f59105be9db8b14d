import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, type Page } from '../../api/client';
import { SelectField } from '../../components/Field';
import { Money, PagedView, PageTitle, StatusBadge } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { keys } from './queries';
import { APPLICATION_STATUSES, type Application } from './types';

const LIMIT = 20;

/** The applications table, shared by the list page and the home page. */
export function ApplicationTable({ items }: { items: Application[] }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="table-wrap">
      <table>
        <caption className="sr-only">{t('applicant.list.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('applicant.list.colTitle')}</th>
            <th scope="col">{t('applicant.list.colCategory')}</th>
            <th scope="col">{t('applicant.list.colCompany')}</th>
            <th scope="col">{t('applicant.list.colSupplier')}</th>
            <th scope="col" className="num">
              {t('applicant.list.colCost')}
            </th>
            <th scope="col" className="num">
              {t('applicant.list.colSupport')}
            </th>
            <th scope="col">{t('applicant.list.colStatus')}</th>
            <th scope="col">{t('applicant.list.colUpdated')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id}>
              <td>
                <Link to={`/applicant/applications/${a.id}`}>
                  {a.title || t('applicant.list.untitled')}
                </Link>
              </td>
              <td>{t(`category.${a.category}`, { defaultValue: a.category })}</td>
              <td>{a.companyName}</td>
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
              <td>{formatDate(a.updatedAt, i18n.language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** /applicant/applications: the applicant's own applications, filtered by status. */
export function ApplicationListPage() {
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
      <PageTitle
        actions={
          <Link className="ap-button-link" to="/applicant/applications/new">
            {t('applicant.list.new')}
          </Link>
        }
      >
        {t('applicant.list.title')}
      </PageTitle>
      <div className="filters">
        <SelectField
          label={t('applicant.list.status')}
          value={status}
          onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}
          options={[
            { value: '', label: t('applicant.list.allStatuses') },
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
        empty={t('applicant.list.none')}
      >
        {(page) => <ApplicationTable items={page.items} />}
      </PagedView>
    </section>
  );
}
