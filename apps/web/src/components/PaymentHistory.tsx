import { Fragment, useId } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Award, PaymentHistory as History } from '../api/types';
import { formatDate, toBigInt } from '../lib/format';
import { Money, QueryView } from './ui';

/** The cache key of an award's payments, under the area's own prefix (so its refresh covers it). */
export const paymentsKey = (scope: string, applicationId: string) =>
  [scope, 'payments', applicationId] as const;

/**
 * Paid, recovered and net, side by side, named the same on every page: paid is everything
 * disbursed (a recovery does not lower it), net is what the supplier keeps.
 */
export function PaidRecoveredNet({
  award,
}: {
  award: Pick<Award, 'paidKrw' | 'recoveredKrw' | 'netPaidKrw'>;
}) {
  const { t } = useTranslation();
  return (
    <dl className="money-breakdown">
      <div>
        <dt>{t('money.paid')}</dt>
        <dd>
          <Money value={award.paidKrw} />
        </dd>
      </div>
      <div>
        <dt>{t('money.recovered')}</dt>
        <dd>
          <Money value={award.recoveredKrw} />
        </dd>
      </div>
      <div>
        <dt title={t('money.netPaidHint')}>{t('money.netPaid')}</dt>
        <dd>
          <Money value={award.netPaidKrw} />
        </dd>
      </div>
    </dl>
  );
}

/**
 * The money lines of an award panel (inside its `<dl>`): granted, paid (named for the reader:
 * to the supplier, or to you), recovered, net and still payable.
 */
export function AwardMoneyLines({
  award,
  paidLabel,
}: {
  award: Pick<Award, 'grantKrw' | 'paidKrw' | 'recoveredKrw' | 'netPaidKrw' | 'payableKrw'>;
  paidLabel: string;
}) {
  const { t } = useTranslation();
  const lines: Array<[string, Award['grantKrw']]> = [
    [t('money.grant'), award.grantKrw],
    [paidLabel, award.paidKrw],
    [t('money.recovered'), award.recoveredKrw],
    [t('money.netPaid'), award.netPaidKrw],
    [t('money.payable'), award.payableKrw],
  ];
  return (
    <>
      {lines.map(([label, value]) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>
            <Money value={value} />
          </dd>
        </Fragment>
      ))}
    </>
  );
}

/** The agreement deadline while the agreement is awaited (a SELECTED award); else null. */
export const agreementDueAt = (award: Pick<Award, 'status' | 'agreementDueAt'>) =>
  award.status === 'SELECTED' ? award.agreementDueAt : null;

/**
 * Every disbursement and recovery of an award, oldest first, with who made it, its reference
 * (ledger line, Idempotency-Key) and the reason of a recovery. Read when shown.
 */
export function PaymentHistory({
  applicationId,
  scope,
}: {
  applicationId: string;
  /** The area's query-key prefix ('officer', 'applicant', 'supplier'). */
  scope: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const headingId = useId();
  const history = useQuery({
    queryKey: paymentsKey(scope, applicationId),
    queryFn: () => api.get<History>(`/api/applications/${applicationId}/award/payments`),
  });
  return (
    <section className="payment-history" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('payments.heading')}</h3>
      <QueryView query={history}>
        {(h) => (
          <>
            <PaidRecoveredNet award={h} />
            {h.items.length === 0 ? (
              <p className="hint">{t('payments.none')}</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <caption className="sr-only">{t('payments.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('payments.at')}</th>
                      <th scope="col">{t('payments.kind')}</th>
                      <th scope="col" className="num">
                        {t('payments.amount')}
                      </th>
                      <th scope="col">{t('payments.actor')}</th>
                      <th scope="col">{t('payments.reference')}</th>
                      <th scope="col">{t('payments.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {h.items.map((p) => (
                      <tr key={p.id}>
                        <td>
                          <time dateTime={p.at}>{formatDate(p.at, lang)}</time>
                        </td>
                        <td>{t(`payments.kinds.${p.kind}`)}</td>
                        <td className="num">
                          <Money
                            value={p.kind === 'RECOVER' ? -toBigInt(p.amountKrw) : p.amountKrw}
                          />
                        </td>
                        <td>
                          {p.actor
                            ? `${p.actor.displayName} (${t(`role.${p.actor.role}`, { defaultValue: p.actor.role })})`
                            : t('payments.system')}
                        </td>
                        <td>
                          {t('payments.ledgerLine', { id: p.id })}
                          {p.idempotencyKey && (
                            <>
                              <br />
                              <small className="hint">
                                {t('payments.keyLabel')} <code>{p.idempotencyKey}</code>
                              </small>
                            </>
                          )}
                        </td>
                        <td>{p.reason ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}
