import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApplicationsByStatus } from '../../components/ApplicationsByStatus';
import { Money, PageTitle, StatusBadge } from '../../components/ui';
import { keys } from './queries';
import type { Application } from './types';

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
  return (
    <section>
      <PageTitle>{t('supplier.apps.title')}</PageTitle>
      <p className="hint">{t('supplier.apps.intro')}</p>
      <ApplicationsByStatus
        queryKey={keys.applications}
        label={t('supplier.apps.status')}
        allLabel={t('supplier.apps.allStatuses')}
        empty={t('supplier.apps.none')}
      >
        {(items) => <SupplierApplicationTable items={items} />}
      </ApplicationsByStatus>
    </section>
  );
}
