import { useId, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Money, Notice, PageTitle, QueryView, StatusBadge } from '../../components/ui';
import { formatDate, formatKrw, minusKrw } from '../../lib/format';
import { ConfirmButton } from '../../components/ConfirmButton';
import { AwardMoneyLines, agreementDueAt, PaymentHistory } from '../../components/PaymentHistory';
import { useAreaError } from '../../components/FormError';
import { needsConfirmation } from './ApplicationsPage';
import { keys, useApplication, useAward, useMySuppliers } from './queries';
import { AWARDED, PLAN_SECTIONS } from '../../lib/vocabulary';
import type { Application, Award } from './types';
import '../applicant/applicant.css';

/** The pre-agreement confirmation of an application naming the supplier. */
function ConfirmPanel({ app, onNotice }: { app: Application; onNotice: (m: string) => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const headingId = useId();
  const confirm = useMutation({
    mutationFn: () => api.post<Application>(`/api/applications/${app.id}/confirm`),
    onSuccess: async (view) => {
      queryClient.setQueryData(keys.application(app.id), view);
      onNotice(t('supplier.app.confirmedNotice'));
      await queryClient.invalidateQueries({ queryKey: keys.applications });
    },
  });
  const error = useAreaError(confirm.error, 'supplier');
  return (
    <section className="card ap-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('supplier.app.confirmHeading')}</h2>
      {app.supplierConfirmedAt ? (
        <p>
          {t('supplier.app.confirmedAt', {
            date: formatDate(app.supplierConfirmedAt, i18n.language),
          })}
        </p>
      ) : needsConfirmation(app) ? (
        <>
          <p>
            {t('supplier.app.confirmText', { cost: formatKrw(app.agreedCostKrw, i18n.language) })}
          </p>
          <ErrorBanner error={error} />
          <button
            type="button"
            className="primary"
            disabled={confirm.isPending}
            onClick={() => confirm.mutate()}
          >
            {t('supplier.app.confirm')}
          </button>
        </>
      ) : (
        <p className="hint">
          {t('supplier.app.cannotConfirm', { status: t(`status.${app.status}`) })}
        </p>
      )}
    </section>
  );
}

/** The award as the supplier sees it: its signature, its delivery report, the payments. */
function AwardPanel({
  app,
  award,
  onNotice,
}: {
  app: Application;
  award: Award | undefined;
  onNotice: (m: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const headingId = useId();
  const after = async (next: Award) => {
    queryClient.setQueryData(keys.award(app.id), next);
    await queryClient.invalidateQueries({ queryKey: keys.application(app.id) });
    await queryClient.invalidateQueries({ queryKey: keys.applications });
    await queryClient.invalidateQueries({ queryKey: keys.awards });
  };
  const sign = useMutation({
    mutationFn: () => api.post<Award>(`/api/applications/${app.id}/agreement/sign`),
    onSuccess: async (next) => {
      onNotice(t('supplier.app.signedNotice'));
      await after(next);
    },
  });
  const deliver = useMutation({
    mutationFn: () => api.post<Award>(`/api/applications/${app.id}/delivery`),
    onSuccess: async (next) => {
      onNotice(t('supplier.app.deliveryNotice'));
      await after(next);
    },
  });
  const error = useAreaError(sign.error ?? deliver.error, 'supplier');
  if (!award) {
    return (
      <section className="card ap-section" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('supplier.app.awardHeading')}</h2>
        <p className="hint">{t('supplier.app.noAward')}</p>
      </section>
    );
  }
  const parties = ['applicant', 'supplier', 'officer'] as const;
  return (
    <section className="card ap-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('supplier.app.awardHeading')}</h2>
      <ErrorBanner error={error} />
      <dl className="ap-dl">
        <dt>{t('supplier.app.awardStatus')}</dt>
        <dd>
          <StatusBadge status={award.status} />
        </dd>
        <AwardMoneyLines award={award} paidLabel={t('supplier.app.paid')} />
        <dt>{t('supplier.app.reason')}</dt>
        <dd>{award.reason}</dd>
        {agreementDueAt(award) && (
          <>
            <dt>{t('supplier.app.due')}</dt>
            <dd>{formatDate(agreementDueAt(award)!, lang)}</dd>
          </>
        )}
        {award.cancelReason && (
          <>
            <dt>{t('supplier.app.cancelReason')}</dt>
            <dd>{award.cancelReason}</dd>
          </>
        )}
        <dt>{t('supplier.app.delivery')}</dt>
        <dd>
          {award.deliveryApprovedAt
            ? t('supplier.app.deliveryApproved', {
                date: formatDate(award.deliveryApprovedAt, lang),
              })
            : award.deliveryReportedAt
              ? t('supplier.app.deliveryReported', {
                  date: formatDate(award.deliveryReportedAt, lang),
                })
              : t('supplier.app.deliveryNone')}
        </dd>
      </dl>
      <h3>{t('supplier.app.signatures')}</h3>
      <ul className="ap-signatures">
        {parties.map((p) => (
          <li key={p}>
            <strong>{t(`supplier.app.party.${p}`)}</strong>:{' '}
            {award.signatures[p]
              ? t('supplier.app.signed', { date: formatDate(award.signatures[p], lang) })
              : t('supplier.app.notSigned')}
          </li>
        ))}
      </ul>
      <div className="actions">
        {award.status === 'SELECTED' && !award.signatures.supplier && (
          <ConfirmButton
            className="primary"
            label={t('supplier.app.sign')}
            question={t('supplier.app.signQuestion')}
            confirmLabel={t('supplier.app.signConfirm')}
            busy={sign.isPending}
            onConfirm={() => sign.mutate()}
          />
        )}
        {award.status === 'CONTRACTED' && !award.deliveryReportedAt && (
          <ConfirmButton
            className="primary"
            label={t('supplier.app.reportDelivery')}
            question={t('supplier.app.deliveryQuestion')}
            confirmLabel={t('supplier.app.deliveryConfirm')}
            busy={deliver.isPending}
            onConfirm={() => deliver.mutate()}
          />
        )}
      </div>
      {award.status !== 'WAITLISTED' && <PaymentHistory applicationId={app.id} scope="supplier" />}
    </section>
  );
}

/** /supplier/applications/:id: an application naming the supplier, to confirm and deliver. */
export function SupplierApplicationPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const application = useApplication(id);
  const app = application.data;
  const award = useAward(id, Boolean(app && AWARDED.includes(app.status)));
  const mine = useMySuppliers();
  const [notice, setNotice] = useState<string | null>(null);
  const infoId = useId();
  const planId = useId();
  return (
    <section>
      <QueryView query={application}>
        {(a) => {
          const offering = mine.data?.items
            .flatMap((s) => s.offerings)
            .find((o) => o.id === a.offeringId);
          return (
            <>
              <PageTitle actions={<StatusBadge status={a.status} />}>
                {a.title || t('supplier.apps.untitled')}
              </PageTitle>
              <p>
                <Link to="/supplier/applications">← {t('supplier.app.backToList')}</Link>
              </p>
              {notice && <Notice>{notice}</Notice>}
              {a.flagged && (
                <p className="field-error">{t('supplier.app.flagged', { reason: a.flagReason })}</p>
              )}
              <ConfirmPanel app={a} onNotice={setNotice} />
              <section className="card ap-section" aria-labelledby={infoId}>
                <h2 id={infoId}>{t('supplier.app.info')}</h2>
                <dl className="ap-dl">
                  <dt>{t('supplier.app.company')}</dt>
                  <dd>{a.companyName}</dd>
                  <dt>{t('supplier.app.category')}</dt>
                  <dd>{t(`category.${a.category}`, { defaultValue: a.category })}</dd>
                  <dt>{t('supplier.app.offering')}</dt>
                  <dd>{offering?.title ?? '—'}</dd>
                  <dt>{t('supplier.app.cost')}</dt>
                  <dd>
                    <Money value={a.agreedCostKrw} />
                  </dd>
                  <dt>{t('supplier.app.support')}</dt>
                  <dd>
                    <Money value={a.requestedSupportKrw} />
                  </dd>
                  <dt>{t('supplier.app.selfPay')}</dt>
                  <dd>
                    <Money value={minusKrw(a.agreedCostKrw, a.requestedSupportKrw)} /> (
                    {t('supplier.app.rate')} {String(a.coPaymentPercent)}%)
                  </dd>
                  {a.submittedAt && (
                    <>
                      <dt>{t('supplier.app.submittedAt')}</dt>
                      <dd>{formatDate(a.submittedAt, lang)}</dd>
                    </>
                  )}
                  {a.eligibility && (
                    <>
                      <dt>{t('supplier.app.eligibility')}</dt>
                      <dd>
                        {a.eligibility.eligible
                          ? t('supplier.app.eligible')
                          : t('supplier.app.ineligible', {
                              codes: a.eligibility.failures.map((f) => f.code).join(', '),
                            })}
                      </dd>
                    </>
                  )}
                </dl>
              </section>
              {AWARDED.includes(a.status) && !award.isPending && (
                <AwardPanel app={a} award={award.data} onNotice={setNotice} />
              )}
              <section className="card ap-section" aria-labelledby={planId}>
                <h2 id={planId}>{t('supplier.app.planHeading')}</h2>
                <dl className="ap-plan">
                  {PLAN_SECTIONS.map((s) => (
                    <div key={s}>
                      <dt>{t(`supplier.app.plan.${s}`)}</dt>
                      <dd className="ap-pre">{a.plan?.[s]?.trim() || t('supplier.app.empty')}</dd>
                    </div>
                  ))}
                </dl>
              </section>
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
