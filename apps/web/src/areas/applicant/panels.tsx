/** Read-only parts of the application page: summary, eligibility, award and history. */
import { useId, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorBanner, fieldReasons } from '../../components/ErrorBanner';
import { TextArea } from '../../components/Field';
import { Notice, StatusBadge } from '../../components/ui';
import { formatDate, formatKrw } from '../../lib/format';
import { ConfirmButton } from '../../components/ConfirmButton';
import { AwardMoneyLines, agreementDueAt, PaymentHistory } from '../../components/PaymentHistory';
import { useAreaError } from '../../components/FormError';
import { keys, useSupplierEntry } from './queries';
import { SupportSummary } from './SupportSummary';
import { PLAN_SECTIONS, type Application, type Award, type Program } from './types';

export function ApplicationSummary({
  app,
  program,
}: {
  app: Application;
  program: Program | undefined;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const supplier = useSupplierEntry(app.supplierId);
  const offering = supplier.data?.offerings.find((o) => o.id === app.offeringId);
  const infoId = useId();
  const planId = useId();
  return (
    <div className="ap-draft">
      <div>
        <section className="card ap-section" aria-labelledby={infoId}>
          <h2 id={infoId}>{t('applicant.detail.info')}</h2>
          <dl className="ap-dl">
            <dt>{t('applicant.detail.program')}</dt>
            <dd>{program?.name ?? '—'}</dd>
            <dt>{t('applicant.detail.company')}</dt>
            <dd>{app.companyName}</dd>
            <dt>{t('applicant.detail.category')}</dt>
            <dd>{t(`category.${app.category}`, { defaultValue: app.category })}</dd>
            <dt>{t('applicant.detail.track')}</dt>
            <dd>
              {t(`applicant.track.${app.track}`)}
              {app.socialIssue &&
                ` · ${t(`applicant.issue.${app.socialIssue}`, { defaultValue: app.socialIssue })}`}
            </dd>
            <dt>{t('applicant.detail.supplier')}</dt>
            <dd>{app.supplierName}</dd>
            <dt>{t('applicant.detail.offering')}</dt>
            <dd>{offering?.title ?? '—'}</dd>
            <dt>{t('applicant.detail.confirmation')}</dt>
            <dd>
              {app.supplierConfirmedAt
                ? t('applicant.detail.confirmed', {
                    date: formatDate(app.supplierConfirmedAt, lang),
                  })
                : t('applicant.detail.notConfirmed')}
            </dd>
          </dl>
          {app.flagged && (
            <p className="field-error">
              {t('applicant.detail.flagged', { reason: app.flagReason ?? '' })}
            </p>
          )}
        </section>
        <section className="card ap-section" aria-labelledby={planId}>
          <h2 id={planId}>{t('applicant.detail.planHeading')}</h2>
          <dl className="ap-plan">
            {PLAN_SECTIONS.map((s) => (
              <div key={s}>
                <dt>{t(`applicant.draft.plan.${s}`)}</dt>
                <dd className="ap-pre">{app.plan?.[s]?.trim() || t('applicant.detail.empty')}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
      <div className="ap-side">
        <SupportSummary app={app} program={program} />
      </div>
    </div>
  );
}

/** The result of the automatic eligibility check, every failed rule with its reason. */
export function EligibilityPanel({ app }: { app: Application }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const result = app.eligibility;
  let body;
  if (app.status === 'DRAFT') body = <p className="hint">{t('applicant.eligibility.notYet')}</p>;
  else if (!result && app.status === 'SUBMITTED') {
    body = <p>{t('applicant.eligibility.waiting')}</p>;
  } else if (!result) body = <p className="hint">—</p>;
  else if (result.eligible) {
    body = (
      <p>
        <StatusBadge status="ELIGIBLE" /> {t('applicant.eligibility.eligible')}
      </p>
    );
  } else {
    body = (
      <>
        <p>
          <StatusBadge status="INELIGIBLE" /> {t('applicant.eligibility.ineligible')}
        </p>
        <ul className="ap-failures">
          {result.failures.map((f, i) => (
            <li key={`${f.code}-${i}`}>
              <strong>{t(`applicant.eligibility.code.${f.code}`, { defaultValue: f.code })}</strong>{' '}
              <code>{f.code}</code>
              <div className="hint">{f.reason}</div>
            </li>
          ))}
        </ul>
      </>
    );
  }
  return (
    <section className="card ap-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('applicant.eligibility.heading')}</h2>
      {body}
      {result && (
        <p className="hint">
          {t('applicant.eligibility.checkedAt', {
            date: formatDate(result.checkedAt, i18n.language),
          })}
        </p>
      )}
    </section>
  );
}

/** The award of a selected or waitlisted application, with the applicant's signature. */
export function AwardPanel({ app, award }: { app: Application; award: Award | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const headingId = useId();
  const [notice, setNotice] = useState<string | null>(null);
  const sign = useMutation({
    mutationFn: () => api.post<Award>(`/api/applications/${app.id}/agreement/sign`),
    onSuccess: async (next) => {
      queryClient.setQueryData(keys.award(app.id), next);
      setNotice(t('applicant.award.signedNotice'));
      await queryClient.invalidateQueries({ queryKey: keys.application(app.id) });
      await queryClient.invalidateQueries({ queryKey: keys.applications });
    },
  });
  const [declineReason, setDeclineReason] = useState('');
  const decline = useMutation({
    mutationFn: () =>
      api.post<Award>(`/api/applications/${app.id}/decline`, { reason: declineReason }),
    onSuccess: async (next) => {
      queryClient.setQueryData(keys.award(app.id), next);
      setNotice(t('applicant.award.declinedNotice'));
      setDeclineReason('');
      await queryClient.invalidateQueries({ queryKey: keys.application(app.id) });
      await queryClient.invalidateQueries({ queryKey: keys.applications });
    },
  });
  const error = useAreaError(sign.error ?? decline.error);
  if (!award) {
    return (
      <section className="card ap-section" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('applicant.award.heading')}</h2>
        <p className="hint">{t('applicant.award.none')}</p>
      </section>
    );
  }
  const parties = ['applicant', 'supplier', 'officer'] as const;
  return (
    <section className="card ap-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('applicant.award.heading')}</h2>
      {notice && <Notice>{notice}</Notice>}
      <ErrorBanner error={error} />
      <dl className="ap-dl">
        <dt>{t('applicant.award.status')}</dt>
        <dd>
          <StatusBadge status={award.status} />
        </dd>
        <AwardMoneyLines award={award} paidLabel={t('applicant.award.paid')} />
        <dt>{t('applicant.award.reason')}</dt>
        <dd>{award.reason}</dd>
        {award.waitlistPosition !== null && (
          <>
            <dt>{t('applicant.award.waitlist')}</dt>
            <dd>
              {t('applicant.award.waitlistPosition', { position: award.waitlistPosition })}
              <div className="hint">{t('applicant.award.waitlistHint')}</div>
            </dd>
          </>
        )}
        {award.quotaCode && (
          <>
            <dt>{t('applicant.award.quota')}</dt>
            <dd>{award.quotaCode}</dd>
          </>
        )}
        {agreementDueAt(award) && (
          <>
            <dt>{t('applicant.award.due')}</dt>
            <dd>{formatDate(agreementDueAt(award)!, lang)}</dd>
          </>
        )}
        {award.cancelReason && (
          <>
            <dt>{t('applicant.award.cancelReason')}</dt>
            <dd>{award.cancelReason}</dd>
          </>
        )}
        <dt>{t('applicant.award.delivery')}</dt>
        <dd>
          {award.deliveryApprovedAt
            ? t('applicant.award.deliveryApproved', {
                date: formatDate(award.deliveryApprovedAt, lang),
              })
            : award.deliveryReportedAt
              ? t('applicant.award.deliveryReported', {
                  date: formatDate(award.deliveryReportedAt, lang),
                })
              : t('applicant.award.deliveryNone')}
        </dd>
      </dl>
      <h3>{t('applicant.award.signatures')}</h3>
      <ul className="ap-signatures">
        {parties.map((p) => (
          <li key={p}>
            <strong>{t(`applicant.award.party.${p}`)}</strong>:{' '}
            {award.signatures[p]
              ? t('applicant.award.signed', { date: formatDate(award.signatures[p], lang) })
              : t('applicant.award.notSigned')}
          </li>
        ))}
      </ul>
      {award.status === 'SELECTED' && !award.signatures.applicant && (
        <ConfirmButton
          className="primary"
          label={t('applicant.award.sign')}
          question={t('applicant.award.signQuestion')}
          confirmLabel={t('applicant.award.signConfirm')}
          busy={sign.isPending}
          onConfirm={() => sign.mutate()}
        />
      )}
      {award.status === 'SELECTED' && (
        <div className="ap-decline">
          <h3>{t('applicant.award.declineHeading')}</h3>
          <p className="hint">{t('applicant.award.declineHint')}</p>
          <TextArea
            label={t('applicant.award.declineReason')}
            value={declineReason}
            maxLength={1000}
            rows={2}
            required
            onChange={(e) => setDeclineReason(e.target.value)}
            errors={fieldReasons(error, 'reason')}
          />
          <ConfirmButton
            label={t('applicant.award.decline')}
            question={t('applicant.award.declineQuestion', {
              amount: formatKrw(award.grantKrw, lang),
            })}
            confirmLabel={t('applicant.award.declineConfirm')}
            busy={decline.isPending || !declineReason.trim()}
            onConfirm={() => decline.mutate()}
          />
        </div>
      )}
      {award.status !== 'WAITLISTED' && <PaymentHistory applicationId={app.id} scope="applicant" />}
    </section>
  );
}

/** What happened to the application, from the dates its view and its award carry. */
export function Timeline({ app, award }: { app: Application; award: Award | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const headingId = useId();
  const events: Array<{ at: string; label: string; future?: boolean }> = [
    { at: app.createdAt, label: t('applicant.timeline.created') },
  ];
  if (app.supplierConfirmedAt) {
    events.push({ at: app.supplierConfirmedAt, label: t('applicant.timeline.confirmed') });
  }
  if (app.submittedAt)
    events.push({ at: app.submittedAt, label: t('applicant.timeline.submitted') });
  if (app.eligibility) {
    events.push({
      at: app.eligibility.checkedAt,
      label: app.eligibility.eligible
        ? t('applicant.timeline.eligible')
        : t('applicant.timeline.ineligible'),
    });
  }
  if (award) {
    const s = award.signatures;
    if (s.applicant)
      events.push({ at: s.applicant, label: t('applicant.timeline.applicantSigned') });
    if (s.supplier) events.push({ at: s.supplier, label: t('applicant.timeline.supplierSigned') });
    if (s.officer) events.push({ at: s.officer, label: t('applicant.timeline.officerSigned') });
    if (award.deliveryReportedAt) {
      events.push({
        at: award.deliveryReportedAt,
        label: t('applicant.timeline.deliveryReported'),
      });
    }
    if (award.deliveryApprovedAt) {
      events.push({
        at: award.deliveryApprovedAt,
        label: t('applicant.timeline.deliveryApproved'),
      });
    }
    if (award.agreementDueAt && award.status === 'SELECTED') {
      events.push({
        at: award.agreementDueAt,
        label: t('applicant.timeline.agreementDue'),
        future: true,
      });
    }
  }
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const settled = !['DRAFT', 'SUBMITTED', 'ELIGIBLE', 'INELIGIBLE'].includes(app.status);
  return (
    <section className="card ap-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('applicant.timeline.heading')}</h2>
      <ol className="timeline">
        {events.map((e, i) => (
          <li key={i} className={e.future ? 'ap-future' : undefined}>
            <time dateTime={e.at}>{formatDate(e.at, lang)}</time> — {e.label}
          </li>
        ))}
        {(settled || app.status === 'DRAFT') && (
          <li>
            <time dateTime={app.updatedAt}>{formatDate(app.updatedAt, lang)}</time> —{' '}
            {t('applicant.timeline.now', { status: t(`status.${app.status}`) })}
          </li>
        )}
      </ol>
    </section>
  );
}
