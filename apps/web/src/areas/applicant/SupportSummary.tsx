import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Money } from '../../components/ui';
import { formatKrw, toBigInt, minusKrw } from '../../lib/format';
import type { Application, Program } from './types';

/**
 * The money of an application as the API computed it: the agreed cost (the voucher amount), the
 * state support min(cap, cost × (1 − co-payment)) and what the company pays itself.
 */
export function SupportSummary({
  app,
  program,
  pending = false,
}: {
  app: Application;
  program: Program | undefined;
  pending?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const category = program?.rules.categories.find((c) => c.code === app.category);
  const capped = category
    ? toBigInt(app.requestedSupportKrw) === toBigInt(category.maxGrantKrw)
    : false;
  return (
    <section className="card ap-support" aria-labelledby={headingId} aria-busy={pending}>
      <h2 id={headingId}>{t('applicant.support.heading')}</h2>
      <dl className="ap-amounts">
        <div>
          <dt>{t('applicant.support.voucher')}</dt>
          <dd>
            <Money value={app.agreedCostKrw} />
          </dd>
        </div>
        <div className="ap-amount-main">
          <dt>{t('applicant.support.state')}</dt>
          <dd>
            <Money value={app.requestedSupportKrw} />
          </dd>
        </div>
        <div>
          <dt>{t('applicant.support.selfPay')}</dt>
          <dd>
            <Money value={minusKrw(app.agreedCostKrw, app.requestedSupportKrw)} />
          </dd>
        </div>
      </dl>
      <p className="hint">
        {t('applicant.support.rate', { percent: String(app.coPaymentPercent) })}
        {category && (
          <>
            {' · '}
            {t('applicant.support.cap', {
              category: t(`category.${category.code}`, { defaultValue: category.name }),
              cap: formatKrw(category.maxGrantKrw, i18n.language),
            })}
          </>
        )}
      </p>
      {capped && <p className="hint">{t('applicant.support.capped')}</p>}
      <p className="hint">
        {pending ? t('applicant.support.pending') : t('applicant.support.note')}
      </p>
    </section>
  );
}
