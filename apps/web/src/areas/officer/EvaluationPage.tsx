import { useMemo, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Page } from '../../api/client';
import { ErrorBanner, fieldReasons } from '../../components/ErrorBanner';
import { SelectField } from '../../components/Field';
import { Empty, Notice, PageTitle, Pager, QueryView, StatusBadge } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { RunButton } from './components';
import { OFFICER, shortId, useAccountName, useCode, useProgram, useRefreshOfficer } from './lib';
import { ProgramStatusPanel } from './ProgramLayout';
import type {
  AutoAssignmentResult,
  PoolMemberView,
  ProgramView,
  RankingRunView,
  RankingView,
  UserListItem,
} from './types';

const RANK_LIMIT = 25;

/** Evaluator pool, assignment and ranking of one program. */
export function EvaluationPage() {
  const { t } = useTranslation();
  const program = useProgram();
  return (
    <section>
      <PageTitle>{t('officer.evaluation.title')}</PageTitle>
      {program.status !== 'EVALUATING' && (
        <>
          <p className="officer-warn" role="note">
            {t('officer.evaluation.notEvaluating', { status: t(`status.${program.status}`) })}
          </p>
          <ProgramStatusPanel program={program} />
        </>
      )}
      <EvaluatorPool program={program} />
      <AutoAssign program={program} />
      <Ranking program={program} />
    </section>
  );
}

function EvaluatorPool({ program }: { program: ProgramView }) {
  const { t } = useTranslation();
  const refresh = useRefreshOfficer();
  const [chosen, setChosen] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const pool = useQuery({
    queryKey: [OFFICER, 'pool', program.id],
    queryFn: () => api.get<PoolMemberView[]>(`/api/programs/${program.id}/evaluators`),
  });
  const users = useQuery({
    queryKey: [OFFICER, 'users', 'EVALUATOR'],
    queryFn: () => api.get<Page<UserListItem>>('/api/users', { role: 'EVALUATOR', limit: 500 }),
  });
  const add = useMutation({
    mutationFn: () =>
      api.post<PoolMemberView[]>(`/api/programs/${program.id}/evaluators`, {
        evaluatorIds: chosen,
      }),
    onSuccess: async (members) => {
      setDone(t('officer.evaluation.added', { n: chosen.length, total: members.length }));
      setChosen([]);
      await refresh();
    },
  });
  const inPool = new Set((pool.data ?? []).map((m) => m.userId));
  const outside = (users.data?.items ?? []).filter((u) => !inPool.has(u.id));
  const toggle = (id: string, on: boolean) =>
    setChosen((list) => (on ? [...list, id] : list.filter((x) => x !== id)));

  return (
    <section className="card" aria-labelledby="pool-heading">
      <h2 id="pool-heading">{t('officer.evaluation.poolHeading')}</h2>
      <QueryView query={pool}>
        {(members) =>
          members.length === 0 ? (
            <Empty>{t('officer.evaluation.poolEmpty')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('officer.evaluation.poolCaption', { n: members.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('officer.evaluation.evaluator')}</th>
                    <th scope="col">{t('officer.evaluation.affiliation')}</th>
                    <th scope="col" className="num">
                      {t('officer.evaluation.conflicts')}
                    </th>
                    <th scope="col" className="num">
                      {t('officer.evaluation.open')}
                    </th>
                    <th scope="col" className="num">
                      {t('officer.evaluation.submitted')}
                    </th>
                    <th scope="col" className="num">
                      {t('officer.evaluation.recused')}
                    </th>
                    <th scope="col" className="num">
                      {t('officer.evaluation.load')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {members.map((m) => (
                    <tr key={m.userId}>
                      <th scope="row">
                        {m.displayName}
                        <br />
                        <small className="hint">{m.email}</small>
                      </th>
                      <td>{m.affiliationName ?? '—'}</td>
                      <td className="num">{m.declaredConflicts}</td>
                      <td className="num">{m.open}</td>
                      <td className="num">{m.submitted}</td>
                      <td className="num">{m.recused}</td>
                      <td className="num">{m.load}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen.length) add.mutate();
        }}
      >
        <fieldset className="officer-choices">
          <legend>{t('officer.evaluation.addLegend')}</legend>
          {users.isPending ? (
            <p aria-busy="true">{t('app.loading')}</p>
          ) : outside.length === 0 ? (
            <p className="hint">{t('officer.evaluation.allInPool')}</p>
          ) : (
            outside.map((u) => (
              <label key={u.id} className="choice">
                <input
                  type="checkbox"
                  checked={chosen.includes(u.id)}
                  onChange={(e) => toggle(u.id, e.target.checked)}
                />{' '}
                {u.displayName} <small className="hint">({u.email})</small>
              </label>
            ))
          )}
          {outside.length > 1 && (
            <button
              type="button"
              className="link-button"
              onClick={() => setChosen(outside.map((u) => u.id))}
            >
              {t('officer.evaluation.chooseAll')}
            </button>
          )}
        </fieldset>
        {fieldReasons(add.error, 'evaluatorIds') && (
          <p className="field-error">{fieldReasons(add.error, 'evaluatorIds')!.join(', ')}</p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={!chosen.length || add.isPending}>
            {t('officer.evaluation.addEvaluators')}
          </button>
        </div>
      </form>
      <ErrorBanner error={users.error ?? add.error} />
      {done && <Notice>{done}</Notice>}
    </section>
  );
}

function AutoAssign({ program }: { program: ProgramView }) {
  const { t } = useTranslation();
  const refresh = useRefreshOfficer();
  const auto = useMutation({
    mutationFn: () =>
      api.post<AutoAssignmentResult>(`/api/programs/${program.id}/assignments/auto`),
    onSuccess: () => refresh(),
  });
  const result = auto.data;
  const appLink = (id: string) => `/officer/programs/${program.id}/applications/${id}`;
  return (
    <section className="card" aria-labelledby="auto-heading">
      <h2 id="auto-heading">{t('officer.evaluation.autoHeading')}</h2>
      <p className="hint">
        {t('officer.evaluation.autoExplain', {
          n: program.rules.evaluation.evaluatorsPerApplication,
        })}
      </p>
      <div className="actions">
        <RunButton className="primary" action={auto} label={t('officer.evaluation.autoAssign')} />
      </div>
      <ErrorBanner error={auto.error} />
      {result && (
        <div role="status">
          <p className="notice">
            {t('officer.evaluation.autoResult', {
              assigned: result.assignments.length,
              underReview: result.underReview.length,
              uncovered: result.uncovered.length,
            })}
          </p>
          {result.uncovered.length > 0 && (
            <div className="table-wrap">
              <table>
                <caption>{t('officer.evaluation.uncoveredCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('officer.evaluation.application')}</th>
                    <th scope="col" className="num">
                      {t('officer.evaluation.assignedOf')}
                    </th>
                    <th scope="col">{t('officer.evaluation.why')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.uncovered.map((u) => (
                    <tr key={u.applicationId}>
                      <th scope="row">
                        <Link to={appLink(u.applicationId)}>{shortId(u.applicationId)}</Link>
                      </th>
                      <td className="num">
                        {u.assigned} / {u.required}
                      </td>
                      <td>{u.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

function Ranking({ program }: { program: ProgramView }) {
  const { t, i18n } = useTranslation();
  const refresh = useRefreshOfficer();
  const name = useAccountName(program);
  const code = useCode();
  const [category, setCategory] = useState('');
  const [track, setTrack] = useState('');
  const [offset, setOffset] = useState(0);
  const compute = useMutation({
    mutationFn: () => api.post<RankingRunView>(`/api/programs/${program.id}/ranking`),
    onSuccess: () => refresh(),
  });
  const ranking = useQuery({
    queryKey: [OFFICER, 'ranking', program.id, category, track],
    queryFn: () => api.get<RankingView>(`/api/programs/${program.id}/ranking`, { category, track }),
  });
  const csv = useMutation({
    mutationFn: (which: 'ranking' | 'scores') =>
      api.download(
        `/api/programs/${program.id}/${which}.csv`,
        `${which}-${program.year}-${program.id.slice(0, 8)}.csv`,
        which === 'ranking' ? { category, track } : undefined,
      ),
  });
  const items = useMemo(() => ranking.data?.items ?? [], [ranking.data]);
  const pageItems = items.slice(offset, offset + RANK_LIMIT);
  const run = compute.data;
  const appLink = (id: string) => `/officer/programs/${program.id}/applications/${id}`;

  return (
    <section className="card" aria-labelledby="ranking-heading">
      <h2 id="ranking-heading">{t('officer.evaluation.rankingHeading')}</h2>
      <p className="hint">
        {t('officer.evaluation.rankingExplain', {
          cutoff: program.rules.evaluation.cutoffScore,
          cap: program.rules.evaluation.bonusCap,
        })}
      </p>
      <div className="actions">
        <RunButton className="primary" action={compute} label={t('officer.evaluation.rank')} />
        <button type="button" onClick={() => csv.mutate('ranking')} disabled={csv.isPending}>
          {t('officer.evaluation.rankingCsv')}
        </button>
        <button type="button" onClick={() => csv.mutate('scores')} disabled={csv.isPending}>
          {t('officer.evaluation.scoresCsv')}
        </button>
      </div>
      <ErrorBanner error={compute.error ?? csv.error} />
      {run && (
        <div role="status">
          <p className="notice">
            {t('officer.evaluation.rankResult', {
              scored: run.scored,
              pending: run.pending,
              at: formatDate(run.computedAt, i18n.language),
            })}
          </p>
          {run.pendingApplications.length > 0 && (
            <details>
              <summary>{t('officer.evaluation.pendingList', { n: run.pending })}</summary>
              <ul>
                {run.pendingApplications.map((p) => (
                  <li key={p.applicationId}>
                    <Link to={appLink(p.applicationId)}>{shortId(p.applicationId)}</Link>:{' '}
                    {t('officer.evaluation.sheetsIn', {
                      submitted: p.submittedSheets,
                      required: p.requiredSheets,
                    })}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      <div className="filters">
        <SelectField
          label={t('officer.applications.category')}
          value={category}
          onChange={(e) => {
            setCategory(e.target.value);
            setOffset(0);
          }}
          options={[
            { value: '', label: t('officer.common.all') },
            ...program.rules.categories.map((c) => ({ value: c.code, label: name(c.code) })),
          ]}
        />
        <SelectField
          label={t('officer.applications.track')}
          value={track}
          onChange={(e) => {
            setTrack(e.target.value);
            setOffset(0);
          }}
          options={[
            { value: '', label: t('officer.common.all') },
            { value: 'GENERAL', label: t('officer.tracks.GENERAL') },
            { value: 'SOCIAL_ISSUE', label: t('officer.tracks.SOCIAL_ISSUE') },
          ]}
        />
      </div>
      <QueryView query={ranking}>
        {(view) =>
          view.items.length === 0 ? (
            <Empty>{t('officer.evaluation.noRanking')}</Empty>
          ) : (
            <>
              <ul className="officer-inline hint">
                {view.rankings.map((g) => (
                  <li key={`${g.category}-${g.track}`}>
                    {name(g.category)} · {code('officer.tracks', g.track)}:{' '}
                    {t('officer.common.count', { n: g.applications })}{' '}
                    <code title={g.rankingHash}>{g.rankingHash.slice(0, 10)}</code>
                  </li>
                ))}
              </ul>
              <div className="table-wrap">
                <table>
                  <caption>{t('officer.evaluation.rankingCaption', { n: items.length })}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="num">
                        {t('officer.evaluation.rankCol')}
                      </th>
                      <th scope="col">{t('officer.evaluation.application')}</th>
                      <th scope="col">{t('officer.applications.category')}</th>
                      <th scope="col">{t('officer.applications.track')}</th>
                      <th scope="col" className="num">
                        {t('officer.evaluation.sheets')}
                      </th>
                      <th scope="col" className="num">
                        {t('officer.evaluation.base')}
                      </th>
                      <th scope="col">{t('officer.evaluation.bonus')}</th>
                      <th scope="col" className="num">
                        {t('officer.evaluation.final')}
                      </th>
                      <th scope="col">{t('officer.evaluation.cutoff')}</th>
                      <th scope="col">{t('officer.applications.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {pageItems.map((r) => (
                      <tr key={r.applicationId}>
                        <td className="num">{r.rank}</td>
                        <th scope="row">
                          <Link to={appLink(r.applicationId)}>{r.title}</Link>
                          <br />
                          <small className="hint">{r.companyName}</small>
                        </th>
                        <td>{name(r.category)}</td>
                        <td>{code('officer.tracks', r.track)}</td>
                        <td className="num">{r.sheets}</td>
                        <td className="num">{r.baseScore.toFixed(2)}</td>
                        <td>
                          {r.bonuses.length === 0
                            ? '—'
                            : r.bonuses.map((b) => (
                                <div key={b.code} title={b.reason}>
                                  +{b.points} {b.code}
                                </div>
                              ))}
                          {r.bonusTotal !== r.bonusPoints && (
                            <small className="hint">
                              {t('officer.evaluation.capped', { points: r.bonusPoints })}
                            </small>
                          )}
                        </td>
                        <td className="num">
                          <strong>{r.finalScore.toFixed(2)}</strong>
                        </td>
                        <td>
                          {r.passedCutoff
                            ? t('officer.evaluation.passed')
                            : t('officer.evaluation.failed')}
                        </td>
                        <td>
                          <StatusBadge status={r.status} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager total={items.length} limit={RANK_LIMIT} offset={offset} onChange={setOffset} />
            </>
          )
        }
      </QueryView>
    </section>
  );
}
