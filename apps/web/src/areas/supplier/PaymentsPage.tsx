import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { Empty, Money, PageTitle, QueryView, StatusBadge } from '../../components/ui';
import { toBigInt } from '../../lib/format';
import { keys, useNamingApplications } from './queries';
import type { Application, Award } from './types';

/** Applications with an agreement or money to show (waitlisted ones have neither yet). */
const WITH_AGREEMENT = ['SELECTED', 'CONTRACTED', 'DELIVERED', 'SETTLED', 'CANCELLED'];

function PaymentsTable({ apps }: { apps: Application[] }) {
  const { t } = useTranslation();
  const awards = useQueries({
    queries: apps.map((a) => ({
      queryKey: keys.award(a.id),
      queryFn: () => api.get<Award>(`/api/applications/${a.id}/award`),
      retry: false,
    })),
  });
  let grant = 0n;
  let paid = 0n;
  let recovered = 0n;
  for (const q of awards) {
    if (q.data) {
      grant += toBigInt(q.data.grantKrw);
      paid += toBigInt(q.data.paidKrw);
      recovered += toBigInt(q.data.recoveredKrw);
    }
  }
  return (
    <div className="table-wrap">
      <table>
        <caption className="sr-only">{t('supplier.payments.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('supplier.payments.colTitle')}</th>
            <th scope="col">{t('supplier.payments.colCompany')}</th>
            <th scope="col">{t('supplier.payments.colStatus')}</th>
            <th scope="col">{t('supplier.payments.colDelivery')}</th>
            <th scope="col" className="num">
              {t('supplier.payments.colGrant')}
            </th>
            <th scope="col" className="num">
              {t('supplier.payments.colPaid')}
            </th>
            <th scope="col" className="num">
              {t('money.recovered')}
            </th>
            <th scope="col" className="num">
              {t('money.netPaid')}
            </th>
            <th scope="col" className="num">
              {t('supplier.payments.colUnpaid')}
            </th>
          </tr>
        </thead>
        <tbody>
          {apps.map((a, i) => {
            const award = awards[i]?.data;
            return (
              <tr key={a.id}>
                <td>
                  <Link to={`/supplier/applications/${a.id}`}>
                    {a.title || t('supplier.apps.untitled')}
                  </Link>
                </td>
                <td>{a.companyName}</td>
                <td>
                  <StatusBadge status={award?.status ?? a.status} />
                </td>
                <td>
                  {award?.deliveryApprovedAt
                    ? t('supplier.payments.deliveryApproved')
                    : award?.deliveryReportedAt
                      ? t('supplier.payments.deliveryReported')
                      : t('supplier.payments.deliveryNone')}
                </td>
                <td className="num">{award ? <Money value={award.grantKrw} /> : '—'}</td>
                <td className="num">{award ? <Money value={award.paidKrw} /> : '—'}</td>
                <td className="num">{award ? <Money value={award.recoveredKrw} /> : '—'}</td>
                <td className="num">{award ? <Money value={award.netPaidKrw} /> : '—'}</td>
                <td className="num">
                  {award ? (
                    <Money value={toBigInt(award.grantKrw) - toBigInt(award.paidKrw)} />
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={4}>
              {t('supplier.payments.total')}
            </th>
            <td className="num">
              <Money value={grant} />
            </td>
            <td className="num">
              <Money value={paid} />
            </td>
            <td className="num">
              <Money value={recovered} />
            </td>
            <td className="num">
              <Money value={paid - recovered} />
            </td>
            <td className="num">
              <Money value={grant - paid} />
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** /supplier/payments: agreements, deliveries and the payments received per award. */
export function PaymentsPage() {
  const { t } = useTranslation();
  const list = useNamingApplications();
  return (
    <section>
      <PageTitle>{t('supplier.payments.title')}</PageTitle>
      <p className="hint">{t('supplier.payments.intro')}</p>
      <QueryView query={list}>
        {(page) => {
          const apps = page.items.filter((a) => WITH_AGREEMENT.includes(a.status));
          return apps.length === 0 ? (
            <Empty>{t('supplier.payments.none')}</Empty>
          ) : (
            <PaymentsTable apps={apps} />
          );
        }}
      </QueryView>
    </section>
  );
}
