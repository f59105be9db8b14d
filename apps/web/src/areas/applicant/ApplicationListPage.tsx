import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApplicationsByStatus } from '../../components/ApplicationsByStatus';
import { Money, PageTitle, StatusBadge } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { keys } from './queries';
import type { Application } from './types';

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
      <ApplicationsByStatus
        queryKey={keys.applications}
        label={t('applicant.list.status')}
        allLabel={t('applicant.list.allStatuses')}
        empty={t('applicant.list.none')}
      >
        {(items) => <ApplicationTable items={items} />}
      </ApplicationsByStatus>
    </section>
  );
}
