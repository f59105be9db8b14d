import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Empty, Money, PageTitle, QueryView, StatusBadge } from '../../components/ui';
import { toBigInt } from '../../lib/format';
import { useMyAwards } from './queries';
import type { AwardListItem } from './types';

/** Awards with an agreement or money to show (waitlisted ones have neither yet). */
const WITH_AGREEMENT = ['SELECTED', 'CONTRACTED', 'DELIVERED', 'SETTLED', 'CANCELLED'];

function PaymentsTable({ awards }: { awards: AwardListItem[] }) {
  const { t } = useTranslation();
  const sum = (pick: (a: AwardListItem) => AwardListItem['grantKrw']) =>
    awards.reduce((total, a) => total + toBigInt(pick(a)), 0n);
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
              {t('money.payable')}
            </th>
          </tr>
        </thead>
        <tbody>
          {awards.map((award) => (
            <tr key={award.applicationId}>
              <td>
                <Link to={`/supplier/applications/${award.applicationId}`}>
                  {award.title || t('supplier.apps.untitled')}
                </Link>
              </td>
              <td>{award.companyName}</td>
              <td>
                <StatusBadge status={award.status} />
              </td>
              <td>
                {award.deliveryState === 'APPROVED'
                  ? t('supplier.payments.deliveryApproved')
                  : award.deliveryState === 'REPORTED'
                    ? t('supplier.payments.deliveryReported')
                    : t('supplier.payments.deliveryNone')}
              </td>
              <td className="num">
                <Money value={award.grantKrw} />
              </td>
              <td className="num">
                <Money value={award.paidKrw} />
              </td>
              <td className="num">
                <Money value={award.recoveredKrw} />
              </td>
              <td className="num">
                <Money value={award.netPaidKrw} />
              </td>
              <td className="num">
                <Money value={award.payableKrw} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={4}>
              {t('supplier.payments.total')}
            </th>
            <td className="num">
              <Money value={sum((a) => a.grantKrw)} />
            </td>
            <td className="num">
              <Money value={sum((a) => a.paidKrw)} />
            </td>
            <td className="num">
              <Money value={sum((a) => a.recoveredKrw)} />
            </td>
            <td className="num">
              <Money value={sum((a) => a.netPaidKrw)} />
            </td>
            <td className="num">
              <Money value={sum((a) => a.payableKrw)} />
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
  const list = useMyAwards();
  return (
    <section>
      <PageTitle>{t('supplier.payments.title')}</PageTitle>
      <p className="hint">{t('supplier.payments.intro')}</p>
      <QueryView query={list}>
        {(page) => {
          const awards = page.items.filter((a) => WITH_AGREEMENT.includes(a.status));
          return awards.length === 0 ? (
            <Empty>{t('supplier.payments.none')}</Empty>
          ) : (
            <PaymentsTable awards={awards} />
          );
        }}
      </QueryView>
    </section>
  );
}
