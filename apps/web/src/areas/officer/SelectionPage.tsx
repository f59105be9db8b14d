import { useMemo, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, type Page } from '../../api/client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SelectField } from '../../components/Field';
import {
  Empty,
  Money,
  Notice,
  PagedView,
  PageTitle,
  QueryView,
  StatusBadge,
} from '../../components/ui';
import { formatDate, formatKrw, toBigInt } from '../../lib/format';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { ConfirmDialog, RunButton, UsageBar } from './components';
import {
  OFFICER,
  reasonKind,
  shortHash,
  shortId,
  useAccountName,
  useCode,
  useProgram,
  useRefreshOfficer,
} from './lib';
import { ProgramStatusPanel } from './ProgramLayout';
import type { Decision, ProgramView, RankingView, ReplayResult, SelectionRunView } from './types';

const DECISION_LIMIT = 25;

/** The runs of a program and the button that previews a new one. */
export function SelectionPage() {
  const { t, i18n } = useTranslation();
  const program = useProgram();
  const navigate = useNavigate();
  const refresh = useRefreshOfficer();
  const runs = useQuery({
    queryKey: [OFFICER, 'runs', program.id],
    queryFn: () => api.get<SelectionRunView[]>(`/api/programs/${program.id}/selection-runs`),
  });
  const preview = useMutation({
    mutationFn: () =>
      api.post<SelectionRunView>(`/api/programs/${program.id}/selection-runs`, { dryRun: true }),
    onSuccess: async (run) => {
      await refresh();
      navigate(`/officer/programs/${program.id}/selection/${run.id}`);
    },
  });
  const committed = runs.data?.find((r) => r.status === 'COMMITTED');
  return (
    <section>
      <PageTitle>{t('officer.selection.title')}</PageTitle>
      {program.status !== 'EVALUATING' && !committed && (
        <>
          <p className="officer-warn" role="note">
            {t('officer.selection.notEvaluating', { status: t(`status.${program.status}`) })}
          </p>
          <ProgramStatusPanel program={program} />
        </>
      )}
      <section className="card" aria-labelledby="preview-heading">
        <h2 id="preview-heading">{t('officer.selection.previewHeading')}</h2>
        <p className="hint">{t('officer.selection.previewExplain')}</p>
        {committed ? (
          <p>
            {t('officer.selection.alreadyCommitted')}{' '}
            <Link to={`/officer/programs/${program.id}/selection/${committed.id}`}>
              {t('officer.selection.openCommitted')}
            </Link>
          </p>
        ) : (
          <div className="actions">
            <RunButton
              className="primary"
              action={preview}
              label={t('officer.selection.preview')}
            />
          </div>
        )}
        <ErrorBanner error={preview.error} />
      </section>
      <QueryView query={runs}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('officer.selection.noRuns')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('officer.selection.runsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('officer.selection.run')}</th>
                    <th scope="col">{t('officer.selection.status')}</th>
                    <th scope="col">{t('officer.selection.createdAt')}</th>
                    <th scope="col">{t('officer.selection.committedAt')}</th>
                    <th scope="col" className="num">
                      {t('officer.selection.selected')}
                    </th>
                    <th scope="col" className="num">
                      {t('officer.selection.waitlisted')}
                    </th>
                    <th scope="col" className="num">
                      {t('officer.selection.rejected')}
                    </th>
                    <th scope="col" className="num">
                      {t('officer.selection.reserved')}
                    </th>
                    <th scope="col">{t('officer.selection.hashes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">
                        <Link to={`/officer/programs/${program.id}/selection/${r.id}`}>
                          {t('officer.selection.runName', { id: shortId(r.id) })}
                        </Link>
                      </th>
                      <td>
                        <StatusBadge status={r.status} />
                      </td>
                      <td>{formatDate(r.createdAt, i18n.language)}</td>
                      <td>{formatDate(r.committedAt, i18n.language)}</td>
                      <td className="num">{r.summary.totals?.selected ?? '—'}</td>
                      <td className="num">{r.summary.totals?.waitlisted ?? '—'}</td>
                      <td className="num">{r.summary.totals?.rejected ?? '—'}</td>
                      <td className="num">
                        <Money value={r.summary.pool?.reservedKrw} />
                      </td>
                      <td>
                        <code title={r.inputHash}>{shortHash(r.inputHash)}</code> →{' '}
                        <code title={r.outputHash}>{shortHash(r.outputHash)}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </section>
  );
}

/** One run: per-category summary, every decision with its reason, commit and replay. */
export function SelectionRunPage() {
  const { t } = useTranslation();
  const program = useProgram();
  const { runId = '' } = useParams();
  const run = useQuery({
    queryKey: [OFFICER, 'run', runId],
    queryFn: () => api.get<SelectionRunView>(`/api/selection-runs/${runId}`),
  });
  return (
    <section>
      <p>
        <Link to={`/officer/programs/${program.id}/selection`}>
          ← {t('officer.selection.backToRuns')}
        </Link>
      </p>
      <QueryView query={run}>{(r) => <RunDetail run={r} program={program} />}</QueryView>
    </section>
  );
}

function RunDetail({ run, program }: { run: SelectionRunView; program: ProgramView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [message, setMessage] = useState<string | null>(null);
  const csv = useMutation({
    mutationFn: () =>
      api.download(
        `/api/selection-runs/${run.id}/decisions.csv`,
        `selection-${shortId(run.id)}.csv`,
      ),
  });
  return (
    <>
      <PageTitle
        actions={
          <button type="button" onClick={() => csv.mutate()} disabled={csv.isPending}>
            {t('officer.selection.decisionsCsv')}
          </button>
        }
      >
        {t(
          run.status === 'COMMITTED'
            ? 'officer.selection.committedTitle'
            : 'officer.selection.previewTitle',
          {
            id: shortId(run.id),
          },
        )}
      </PageTitle>
      <ErrorBanner error={csv.error} />
      {message && <Notice>{message}</Notice>}
      <dl className="officer-facts card">
        <div>
          <dt>{t('officer.selection.status')}</dt>
          <dd>
            <StatusBadge status={run.status} />
          </dd>
        </div>
        <div>
          <dt>{t('officer.selection.createdAt')}</dt>
          <dd>{formatDate(run.createdAt, lang)}</dd>
        </div>
        <div>
          <dt>{t('officer.selection.committedAt')}</dt>
          <dd>{formatDate(run.committedAt, lang)}</dd>
        </div>
        <div>
          <dt>{t('officer.program.rulesVersion')}</dt>
          <dd>v{run.rulesVersion}</dd>
        </div>
        <div>
          <dt>{t('officer.selection.inputHash')}</dt>
          <dd>
            <code className="officer-hash">{run.inputHash}</code>
          </dd>
        </div>
        <div>
          <dt>{t('officer.selection.outputHash')}</dt>
          <dd>
            <code className="officer-hash">{run.outputHash}</code>
          </dd>
        </div>
      </dl>
      <RunSummaryView run={run} program={program} />
      {run.status === 'PREVIEW' && <CommitPanel run={run} program={program} onDone={setMessage} />}
      <ReplayPanel run={run} />
      <Decisions run={run} program={program} />
    </>
  );
}

function RunSummaryView({ run, program }: { run: SelectionRunView; program: ProgramView }) {
  const { t } = useTranslation();
  const name = useAccountName(program);
  const s = run.summary;
  return (
    <section aria-labelledby="summary-heading">
      <h2 id="summary-heading">{t('officer.selection.summaryHeading')}</h2>
      {s.totals && (
        <p>
          {t('officer.selection.totals', {
            candidates: s.totals.candidates,
            selected: s.totals.selected,
            waitlisted: s.totals.waitlisted,
            rejected: s.totals.rejected,
          })}
        </p>
      )}
      <div className="table-wrap">
        <table>
          <caption>{t('officer.selection.summaryCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('officer.budget.account')}</th>
              <th scope="col">{t('officer.selection.seats')}</th>
              <th scope="col" className="num">
                {t('officer.selection.selected')}
              </th>
              <th scope="col" className="num">
                {t('officer.selection.waitlisted')}
              </th>
              <th scope="col" className="num">
                {t('officer.selection.rejected')}
              </th>
              <th scope="col" className="num">
                {t('officer.selection.reserved')}
              </th>
              <th scope="col">{t('officer.selection.quotas')}</th>
            </tr>
          </thead>
          <tbody>
            {(s.categories ?? []).map((c) => (
              <tr key={c.code}>
                <th scope="row">{name(c.code)}</th>
                <td>
                  <UsageBar
                    used={c.selected}
                    total={c.seatsAvailable}
                    label={t('officer.budget.slotsOf', { name: name(c.code) })}
                  />
                  {c.seatsAvailable !== c.slots && (
                    <small className="hint">
                      {t('officer.selection.ofSlots', { slots: c.slots })}
                    </small>
                  )}
                </td>
                <td className="num">{c.selected}</td>
                <td className="num">{c.waitlisted}</td>
                <td className="num">{c.rejected}</td>
                <td className="num">
                  <Money value={c.reservedKrw} />
                </td>
                <td>
                  {c.quotas.length === 0
                    ? '—'
                    : c.quotas.map((q) => (
                        <div key={q.code}>
                          {q.code}: {q.filled} / {q.seats}
                        </div>
                      ))}
                </td>
              </tr>
            ))}
            {(s.specialPools ?? []).map((p) => (
              <tr key={p.code}>
                <th scope="row">{name(p.code)}</th>
                <td>{t('officer.selection.specialPoolSeats')}</td>
                <td className="num">{p.selected}</td>
                <td className="num">—</td>
                <td className="num">—</td>
                <td className="num">
                  <Money value={p.reservedKrw} />
                </td>
                <td>
                  {t('officer.selection.poolAvailable')} <Money value={p.availableKrw} />
                </td>
              </tr>
            ))}
          </tbody>
          {s.pool && (
            <tfoot>
              <tr>
                <th scope="row">{t('officer.budget.pool')}</th>
                <td colSpan={4}>
                  {t('officer.selection.poolLine')} <Money value={s.pool.availableKrw} /> →{' '}
                  {t('officer.selection.poolAfter')} <Money value={s.pool.remainingKrw} />
                </td>
                <td className="num">
                  <Money value={s.pool.reservedKrw} />
                </td>
                <td />
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </section>
  );
}

function CommitPanel({
  run,
  program,
  onDone,
}: {
  run: SelectionRunView;
  program: ProgramView;
  onDone: (message: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const refresh = useRefreshOfficer();
  const [open, setOpen] = useState(false);
  const commit = useMutation({
    mutationFn: () => api.post<SelectionRunView>(`/api/selection-runs/${run.id}/commit`),
    onSuccess: async (done) => {
      setOpen(false);
      onDone(
        t('officer.selection.committed', {
          n: done.summary.totals?.selected ?? 0,
          amount: formatKrw(done.summary.pool?.reservedKrw ?? 0, i18n.language),
        }),
      );
      await refresh();
    },
  });
  const selected = run.summary.totals?.selected ?? 0;
  const reserved = run.summary.pool?.reservedKrw ?? 0;
  return (
    <section className="card" aria-labelledby="commit-heading">
      <h2 id="commit-heading">{t('officer.selection.commitHeading')}</h2>
      <p>
        {t('officer.selection.commitExplain', {
          n: selected,
          amount: formatKrw(reserved, i18n.language),
        })}
      </p>
      {program.status !== 'EVALUATING' && (
        <p className="officer-warn">
          {t('officer.selection.notEvaluating', { status: t(`status.${program.status}`) })}
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={() => setOpen(true)}>
          {t('officer.selection.commit')}
        </button>
      </div>
      {!open && <ErrorBanner error={commit.error} />}
      <ConfirmDialog
        open={open}
        title={t('officer.selection.commitTitle')}
        confirmLabel={t('officer.selection.commitConfirm')}
        danger
        pending={commit.isPending}
        error={commit.error}
        onConfirm={() => commit.mutate()}
        onClose={() => {
          setOpen(false);
          commit.reset();
        }}
      >
        <p>
          {t('officer.selection.commitWarning', {
            n: selected,
            amount: formatKrw(reserved, i18n.language),
            name: program.name,
          })}
        </p>
        {toBigInt(reserved) === 0n && (
          <p className="officer-warn">{t('officer.selection.nothing')}</p>
        )}
      </ConfirmDialog>
    </section>
  );
}

function ReplayPanel({ run }: { run: SelectionRunView }) {
  const { t } = useTranslation();
  const replay = useMutation({
    mutationFn: () => api.post<ReplayResult>(`/api/selection-runs/${run.id}/replay`),
  });
  const r = replay.data;
  return (
    <section className="card" aria-labelledby="replay-heading">
      <h2 id="replay-heading">{t('officer.selection.replayHeading')}</h2>
      <p className="hint">{t('officer.selection.replayExplain')}</p>
      <div className="actions">
        <RunButton action={replay} label={t('officer.selection.replay')} />
      </div>
      <ErrorBanner error={replay.error} />
      {r && (
        <div role="status">
          <p className={r.identical ? 'officer-ok' : 'officer-bad'}>
            {r.identical
              ? t('officer.selection.replayIdentical', { n: r.decisions })
              : t('officer.selection.replayDiffers')}
          </p>
          <div className="table-wrap">
            <table>
              <caption className="sr-only">{t('officer.selection.replayHeading')}</caption>
              <thead>
                <tr>
                  <th scope="col" />
                  <th scope="col">{t('officer.selection.recorded')}</th>
                  <th scope="col">{t('officer.selection.recomputed')}</th>
                  <th scope="col">{t('officer.selection.match')}</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">{t('officer.selection.inputHash')}</th>
                  <td>
                    <code className="officer-hash">{r.recordedInputHash}</code>
                  </td>
                  <td>
                    <code className="officer-hash">{r.inputHash}</code>
                  </td>
                  <td>{r.inputHash === r.recordedInputHash ? '✔' : '✘'}</td>
                </tr>
                <tr>
                  <th scope="row">{t('officer.selection.outputHash')}</th>
                  <td>
                    <code className="officer-hash">{r.recordedOutputHash}</code>
                  </td>
                  <td>
                    <code className="officer-hash">{r.outputHash}</code>
                  </td>
                  <td>{r.outputHash === r.recordedOutputHash ? '✔' : '✘'}</td>
                </tr>
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}

function Decisions({ run, program }: { run: SelectionRunView; program: ProgramView }) {
  const { t } = useTranslation();
  const name = useAccountName(program);
  const code = useCode();
  const { params, offset, set } = useUrlFilters();
  const outcome = params.get('outcome') ?? '';
  const category = params.get('category') ?? '';
  const decisions = useQuery({
    queryKey: [OFFICER, 'decisions', run.id, outcome, category, offset],
    queryFn: () =>
      api.get<Page<Decision>>(`/api/selection-runs/${run.id}/decisions`, {
        outcome,
        category,
        limit: DECISION_LIMIT,
        offset,
      }),
  });
  // Titles and companies come from the ranking (decisions carry ids only).
  const ranking = useQuery({
    queryKey: [OFFICER, 'ranking', program.id, '', ''],
    queryFn: () => api.get<RankingView>(`/api/programs/${program.id}/ranking`),
  });
  const names = useMemo(
    () => new Map((ranking.data?.items ?? []).map((i) => [i.applicationId, i])),
    [ranking.data],
  );
  return (
    <section aria-labelledby="decisions-heading">
      <h2 id="decisions-heading">{t('officer.selection.decisionsHeading')}</h2>
      <div className="filters">
        <SelectField
          label={t('officer.selection.outcome')}
          value={outcome}
          onChange={(e) => set({ outcome: e.target.value })}
          options={[
            { value: '', label: t('officer.common.all') },
            { value: 'SELECTED', label: t('status.SELECTED') },
            { value: 'WAITLISTED', label: t('status.WAITLISTED') },
            { value: 'REJECTED', label: t('status.REJECTED') },
          ]}
        />
        <SelectField
          label={t('officer.applications.category')}
          value={category}
          onChange={(e) => set({ category: e.target.value })}
          options={[
            { value: '', label: t('officer.common.all') },
            ...program.rules.categories.map((c) => ({ value: c.code, label: name(c.code) })),
          ]}
        />
      </div>
      <PagedView
        query={decisions}
        limit={DECISION_LIMIT}
        offset={offset}
        onOffset={(o) => set({ offset: String(o) })}
        empty={t('officer.selection.noDecisions')}
      >
        {(page) => (
          <div className="table-wrap">
            <table>
              <caption>{t('officer.selection.decisionsCaption', { n: page.total })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('officer.applications.category')}</th>
                  <th scope="col" className="num">
                    {t('officer.evaluation.rankCol')}
                  </th>
                  <th scope="col">{t('officer.evaluation.application')}</th>
                  <th scope="col">{t('officer.selection.outcome')}</th>
                  <th scope="col" className="num">
                    {t('officer.selection.waitlistPosition')}
                  </th>
                  <th scope="col" className="num">
                    {t('officer.selection.grant')}
                  </th>
                  <th scope="col">{t('officer.selection.why')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((d) => {
                  const item = names.get(d.applicationId);
                  return (
                    <tr key={d.applicationId}>
                      <td>
                        {name(d.category)}
                        {d.accountCode && d.accountCode !== d.category && (
                          <small className="hint"> · {name(d.accountCode)}</small>
                        )}
                      </td>
                      <td className="num">{d.rank}</td>
                      <th scope="row">
                        <Link
                          to={`/officer/programs/${program.id}/applications/${d.applicationId}`}
                        >
                          {item?.title ?? shortId(d.applicationId)}
                        </Link>
                        {item && (
                          <>
                            <br />
                            <small className="hint">
                              {item.companyName} · {code('officer.tracks', d.track)} ·{' '}
                              {item.finalScore.toFixed(2)}
                            </small>
                          </>
                        )}
                      </th>
                      <td>
                        <StatusBadge status={d.outcome} />
                      </td>
                      <td className="num">{d.waitlistPosition ?? '—'}</td>
                      <td className="num">
                        <Money value={d.grantKrw} />
                      </td>
                      <td>
                        <span className={`badge officer-why-${reasonKind(d.reason)}`}>
                          {t(`officer.selection.reasonKind.${reasonKind(d.reason)}`)}
                          {d.quotaCode ? ` (${d.quotaCode})` : ''}
                        </span>
                        <br />
                        <small className="hint">{d.reason}</small>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </PagedView>
    </section>
  );
}
