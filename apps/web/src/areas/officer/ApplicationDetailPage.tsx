import { useState, type ReactNode } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import { ErrorBanner, fieldReasons } from '../../components/ErrorBanner';
import { SelectField } from '../../components/Field';
import { PaymentHistory } from '../../components/PaymentHistory';
import { Empty, Money, Notice, PageTitle, QueryView, StatusBadge } from '../../components/ui';
import { formatDate, formatDay } from '../../lib/format';
import { AwardActions, AwardNotice } from './AwardActions';
import { JsonDetails } from './components';
import { OFFICER, useAccountName, useCode, useProgram, useRefreshOfficer } from './lib';
import type {
  ApplicationView,
  AuditEntry,
  AwardView,
  CompanyView,
  PoolMemberView,
  StaffAssignmentView,
} from './types';
import type { Page } from '../../api/client';

/** One application: what was asked, the company, its evaluators, its award and its history. */
export function ApplicationDetailPage() {
  const { t } = useTranslation();
  const program = useProgram();
  const { applicationId = '' } = useParams();
  const app = useQuery({
    queryKey: [OFFICER, 'application', applicationId],
    queryFn: () => api.get<ApplicationView>(`/api/applications/${applicationId}`),
  });
  const back = `/officer/programs/${program.id}/applications`;
  return (
    <section>
      <p>
        <Link to={back}>← {t('officer.applications.backToList')}</Link>
      </p>
      <QueryView query={app}>{(a) => <ApplicationDetail application={a} />}</QueryView>
    </section>
  );
}

function ApplicationDetail({ application: a }: { application: ApplicationView }) {
  const { t, i18n } = useTranslation();
  const program = useProgram();
  const name = useAccountName(program);
  const code = useCode();
  const lang = i18n.language;
  const [message, setMessage] = useState<ReactNode>(null);
  const company = useQuery({
    queryKey: [OFFICER, 'company', a.companyId],
    queryFn: () => api.get<CompanyView>(`/api/companies/${a.companyId}`),
  });
  return (
    <>
      <PageTitle>{a.title}</PageTitle>
      <AwardNotice message={message} />
      {a.flagged && (
        <p className="officer-bad" role="note">
          {t('officer.applications.flaggedBecause', { reason: a.flagReason ?? '—' })}
        </p>
      )}
      <div className="officer-columns">
        <section className="card" aria-labelledby="app-facts">
          <h2 id="app-facts">{t('officer.applications.facts')}</h2>
          <dl className="officer-facts">
            <div>
              <dt>{t('officer.applications.status')}</dt>
              <dd>
                <StatusBadge status={a.status} />
              </dd>
            </div>
            <div>
              <dt>{t('officer.applications.category')}</dt>
              <dd>{name(a.category)}</dd>
            </div>
            <div>
              <dt>{t('officer.applications.track')}</dt>
              <dd>
                {code('officer.tracks', a.track)}
                {a.socialIssue ? ` · ${a.socialIssue}` : ''}
              </dd>
            </div>
            <div>
              <dt>{t('officer.applications.supplier')}</dt>
              <dd>{a.supplierName}</dd>
            </div>
            <div>
              <dt>{t('officer.applications.cost')}</dt>
              <dd>
                <Money value={a.agreedCostKrw} />
              </dd>
            </div>
            <div>
              <dt>{t('officer.applications.coPayment')}</dt>
              <dd>{a.coPaymentPercent}%</dd>
            </div>
            <div>
              <dt>{t('officer.applications.support')}</dt>
              <dd>
                <Money value={a.requestedSupportKrw} />
              </dd>
            </div>
            <div>
              <dt>{t('officer.applications.confirmed')}</dt>
              <dd>{formatDate(a.supplierConfirmedAt, lang)}</dd>
            </div>
            <div>
              <dt>{t('officer.applications.submitted')}</dt>
              <dd>{formatDate(a.submittedAt, lang)}</dd>
            </div>
          </dl>
          {a.eligibility && !a.eligibility.eligible && (
            <>
              <h3>{t('officer.applications.ineligibleReasons')}</h3>
              <ul>
                {a.eligibility.failures.map((f) => (
                  <li key={f.code}>
                    <code>{f.code}</code> {f.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        <section className="card" aria-labelledby="app-company">
          <h2 id="app-company">{t('officer.applications.companyHeading')}</h2>
          <QueryView query={company}>
            {(c) => (
              <dl className="officer-facts">
                <div>
                  <dt>{t('officer.applications.company')}</dt>
                  <dd>{c.name}</dd>
                </div>
                <div>
                  <dt>{t('officer.suppliers.brn')}</dt>
                  <dd>{c.businessRegistrationNumber}</dd>
                </div>
                <div>
                  <dt>{t('officer.applications.companyType')}</dt>
                  <dd>{code('companyType', c.type)}</dd>
                </div>
                <div>
                  <dt>{t('officer.applications.region')}</dt>
                  <dd>{code('region', c.region)}</dd>
                </div>
                <div>
                  <dt>{t('officer.applications.ceo')}</dt>
                  <dd>
                    {c.ceoName} ({formatDay(c.ceoBirthDate, lang)})
                  </dd>
                </div>
                <div>
                  <dt>{t('officer.applications.industry')}</dt>
                  <dd>{c.industry}</dd>
                </div>
              </dl>
            )}
          </QueryView>
        </section>
      </div>
      <section className="card" aria-labelledby="app-plan">
        <h2 id="app-plan">{t('officer.applications.plan')}</h2>
        {(['background', 'goals', 'dataUsage', 'expectedOutcome'] as const).map((k) => (
          <div key={k}>
            <h3>{t(`officer.applications.planSections.${k}`)}</h3>
            <p className="officer-pre">{a.plan[k] || '—'}</p>
          </div>
        ))}
      </section>
      <AwardSection application={a} onMessage={setMessage} />
      <Assignments application={a} />
      <History application={a} />
    </>
  );
}

function AwardSection({
  application: a,
  onMessage,
}: {
  application: ApplicationView;
  onMessage: (m: ReactNode) => void;
}) {
  const { t, i18n } = useTranslation();
  const program = useProgram();
  const name = useAccountName(program);
  const lang = i18n.language;
  const award = useQuery({
    queryKey: [OFFICER, 'award', a.id],
    queryFn: () => api.get<AwardView>(`/api/applications/${a.id}/award`),
    retry: false,
  });
  if (award.error instanceof ApiError && award.error.statusCode === 404) return null;
  return (
    <section className="card" aria-labelledby="app-award">
      <h2 id="app-award">{t('officer.awards.heading')}</h2>
      <QueryView query={award}>
        {(w) => (
          <>
            <dl className="officer-facts">
              <div>
                <dt>{t('officer.awards.status')}</dt>
                <dd>
                  <StatusBadge status={w.status} />
                </dd>
              </div>
              <div>
                <dt>{t('officer.awards.account')}</dt>
                <dd>{name(w.accountCode)}</dd>
              </div>
              <div>
                <dt>{t('officer.awards.grant')}</dt>
                <dd>
                  <Money value={w.grantKrw} />
                </dd>
              </div>
              <div>
                <dt>{t('money.paid')}</dt>
                <dd>
                  <Money value={w.paidKrw} />
                </dd>
              </div>
              <div>
                <dt>{t('money.recovered')}</dt>
                <dd>
                  <Money value={w.recoveredKrw} />
                </dd>
              </div>
              <div>
                <dt>{t('money.netPaid')}</dt>
                <dd>
                  <Money value={w.netPaidKrw} />
                </dd>
              </div>
              {w.waitlistPosition !== null && (
                <div>
                  <dt>{t('officer.awards.waitlistPosition')}</dt>
                  <dd>{w.waitlistPosition}</dd>
                </div>
              )}
              {w.quotaCode && (
                <div>
                  <dt>{t('officer.awards.quota')}</dt>
                  <dd>{w.quotaCode}</dd>
                </div>
              )}
              <div>
                <dt>{t('officer.awards.reason')}</dt>
                <dd>{w.reason}</dd>
              </div>
              <div>
                <dt>{t('officer.awards.agreementDue')}</dt>
                <dd>{formatDate(w.agreementDueAt, lang)}</dd>
              </div>
              <div>
                <dt>{t('officer.awards.signatures')}</dt>
                <dd>
                  <Signatures award={w} />
                </dd>
              </div>
              <div>
                <dt>{t('officer.awards.delivery')}</dt>
                <dd>
                  {t('officer.awards.deliveryValue', {
                    reported: formatDate(w.deliveryReportedAt, lang),
                    approved: formatDate(w.deliveryApprovedAt, lang),
                  })}
                </dd>
              </div>
              {w.cancelReason && (
                <div>
                  <dt>{t('officer.awards.cancelReason')}</dt>
                  <dd>{w.cancelReason}</dd>
                </div>
              )}
            </dl>
            <AwardActions award={w} title={a.title} onMessage={onMessage} />
            {w.status !== 'WAITLISTED' && <PaymentHistory applicationId={a.id} scope={OFFICER} />}
          </>
        )}
      </QueryView>
    </section>
  );
}

export function Signatures({ award }: { award: AwardView }) {
  const { t } = useTranslation();
  const parties = ['applicant', 'supplier', 'officer'] as const;
  return (
    <ul className="officer-inline">
      {parties.map((p) => (
        <li key={p}>
          {award.signatures[p] ? '✔' : '○'} {t(`officer.awards.party.${p}`)}
          <span className="sr-only">
            {' '}
            {award.signatures[p] ? t('officer.awards.signed') : t('officer.awards.notSigned')}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Assignments({ application: a }: { application: ApplicationView }) {
  const { t, i18n } = useTranslation();
  const program = useProgram();
  const refresh = useRefreshOfficer();
  const [evaluatorId, setEvaluatorId] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const sheets = useQuery({
    queryKey: [OFFICER, 'assignments', a.id],
    queryFn: () => api.get<StaffAssignmentView[]>(`/api/applications/${a.id}/assignments`),
  });
  const pool = useQuery({
    queryKey: [OFFICER, 'pool', program.id],
    queryFn: () => api.get<PoolMemberView[]>(`/api/programs/${program.id}/evaluators`),
  });
  const assign = useMutation({
    mutationFn: () =>
      api.post<StaffAssignmentView>(`/api/applications/${a.id}/assignments`, { evaluatorId }),
    onSuccess: async (sheet) => {
      setDone(t('officer.evaluation.assigned', { name: sheet.evaluatorName }));
      setEvaluatorId('');
      await refresh();
    },
  });
  const taken = new Set(
    (sheets.data ?? [])
      .filter((s) => s.status === 'ASSIGNED' || s.status === 'SUBMITTED')
      .map((s) => s.evaluatorId),
  );
  const candidates = (pool.data ?? []).filter((m) => !taken.has(m.userId));
  const canAssign = ['ELIGIBLE', 'UNDER_REVIEW', 'SCORED'].includes(a.status);
  return (
    <section className="card" aria-labelledby="app-sheets">
      <h2 id="app-sheets">{t('officer.evaluation.sheetsHeading')}</h2>
      <QueryView query={sheets}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('officer.evaluation.noSheets')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="sr-only">{t('officer.evaluation.sheetsHeading')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('officer.evaluation.evaluator')}</th>
                    <th scope="col">{t('officer.evaluation.sheetStatus')}</th>
                    {list[0]?.criteria.map((c) => (
                      <th scope="col" className="num" key={c.code}>
                        {c.name} <small>/{c.maxPoints}</small>
                      </th>
                    ))}
                    <th scope="col" className="num">
                      {t('officer.evaluation.total')}
                    </th>
                    <th scope="col">{t('officer.evaluation.submittedAt')}</th>
                    <th scope="col">{t('officer.evaluation.note')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((s) => (
                    <tr key={s.id}>
                      <th scope="row">
                        {s.evaluatorName}
                        <br />
                        <small className="hint">{s.evaluatorEmail}</small>
                      </th>
                      <td>
                        <StatusBadge status={s.status} />
                      </td>
                      {s.criteria.map((c) => (
                        <td className="num" key={c.code}>
                          {s.scores[c.code] ?? '—'}
                        </td>
                      ))}
                      <td className="num">{s.total ?? '—'}</td>
                      <td>{formatDate(s.submittedAt, i18n.language)}</td>
                      <td>{s.recusedReason ?? s.cancelReason ?? s.comment ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      {canAssign && (
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            if (evaluatorId) assign.mutate();
          }}
        >
          <SelectField
            label={t('officer.evaluation.manualAssign')}
            value={evaluatorId}
            onChange={(e) => setEvaluatorId(e.target.value)}
            options={[
              { value: '', label: t('officer.evaluation.chooseEvaluator') },
              ...candidates.map((m) => ({
                value: m.userId,
                label: `${m.displayName} (${m.email}) · ${t('officer.evaluation.loadShort', { n: m.load })}`,
              })),
            ]}
            errors={fieldReasons(assign.error, 'evaluatorId')}
          />
          <button type="submit" disabled={!evaluatorId || assign.isPending}>
            {t('officer.evaluation.assign')}
          </button>
        </form>
      )}
      {done && <Notice>{done}</Notice>}
      <ErrorBanner error={assign.error} />
    </section>
  );
}

function History({ application: a }: { application: ApplicationView }) {
  const { t, i18n } = useTranslation();
  const appAudit = useQuery({
    queryKey: [OFFICER, 'audit', 'application', a.id],
    queryFn: () => api.get<Page<AuditEntry>>('/api/audit', { entity: 'application', id: a.id }),
  });
  const awardAudit = useQuery({
    queryKey: [OFFICER, 'audit', 'award', a.id],
    queryFn: () => api.get<Page<AuditEntry>>('/api/audit', { entity: 'award', id: a.id }),
  });
  const entries = [...(appAudit.data?.items ?? []), ...(awardAudit.data?.items ?? [])].sort(
    (x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0),
  );
  return (
    <section className="card" aria-labelledby="app-history">
      <h2 id="app-history">{t('officer.applications.history')}</h2>
      {entries.length === 0 ? (
        <Empty />
      ) : (
        <ol className="timeline">
          {entries.map((e) => (
            <li key={`${e.entity}-${e.id}`}>
              <strong>{e.action}</strong> · {formatDate(e.at, i18n.language)}
              {e.actorRole ? ` · ${t(`role.${e.actorRole}`, { defaultValue: e.actorRole })}` : ''}
              <JsonDetails summary={t('officer.audit.change')} value={e.after} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
