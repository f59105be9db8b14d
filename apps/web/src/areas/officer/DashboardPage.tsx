import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { api, type Page } from '../../api/client';
import { Empty, Money, PageTitle, Pager, QueryView } from '../../components/ui';
import { formatDate, formatKrw, formatKrwShort, percentOf } from '../../lib/format';
import { Stat, UsageBar } from './components';
import {
  AVAILABLE_STROKE,
  chartNumber,
  MONEY_COLORS,
  OFFICER,
  shortId,
  useAccountName,
  useCode,
  useProgram,
} from './lib';
import { ProgramStatusPanel } from './ProgramLayout';
import type {
  BudgetView,
  LedgerEntry,
  ProgramView,
  ReconciliationView,
  SelectionRunView,
} from './types';

const LEDGER_LIMIT = 15;

/** Legend text in the page's colour (recharts paints it in the series colour, too light here). */
const legendText = (value: string) => <span className="officer-legend-text">{value}</span>;

/** The officer's home: the pool and every account at a glance, always equal to the ledger. */
export function DashboardPage() {
  const { t } = useTranslation();
  const program = useProgram();
  const budget = useQuery({
    queryKey: [OFFICER, 'budget', program.id],
    queryFn: () => api.get<BudgetView>(`/api/programs/${program.id}/budget`),
    refetchInterval: 15_000,
  });
  return (
    <section>
      <PageTitle>{t('officer.budget.title')}</PageTitle>
      <ProgramStatusPanel program={program} />
      <QueryView query={budget}>
        {(view) => (
          <>
            <BudgetStats view={view} />
            <Reconciliation programId={program.id} />
            <div className="officer-charts">
              <AccountsChart view={view} program={program} />
              <PoolDonut view={view} />
            </div>
            <AccountsTable view={view} program={program} />
            <QuotaFill program={program} />
            <Ledger program={program} />
          </>
        )}
      </QueryView>
    </section>
  );
}

function BudgetStats({ view }: { view: BudgetView }) {
  const { t } = useTranslation();
  const share = (part: BudgetView['poolKrw']) =>
    t('officer.budget.ofPool', { percent: percentOf(part, view.poolKrw) });
  return (
    <div className="grid officer-stats">
      <Stat label={t('officer.budget.total')} money={view.poolKrw} />
      <Stat
        label={t('officer.budget.reserved')}
        money={view.reservedKrw}
        hint={share(view.reservedKrw)}
      />
      <Stat
        label={t('officer.budget.disbursed')}
        money={view.disbursedKrw}
        hint={share(view.disbursedKrw)}
      />
      <Stat
        label={t('officer.budget.available')}
        money={view.availableKrw}
        hint={share(view.availableKrw)}
      />
    </div>
  );
}

function Reconciliation({ programId }: { programId: string }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: [OFFICER, 'reconciliation', programId],
    queryFn: () => api.get<ReconciliationView>(`/api/programs/${programId}/budget/reconciliation`),
  });
  if (!query.data) return null;
  const r = query.data;
  return (
    <p className={r.consistent ? 'officer-ok' : 'officer-bad'} role="status">
      {r.consistent
        ? t('officer.budget.reconciled', { n: r.ledgerEntries })
        : t('officer.budget.notReconciled', {
            codes: r.lines
              .filter((l) => !l.matches)
              .map((l) => l.code)
              .join(', '),
          })}
    </p>
  );
}

/** Stacked bars: reserved, paid and available for each category, special pool and the pool. */
function AccountsChart({ view, program }: { view: BudgetView; program: ProgramView }) {
  const { t, i18n } = useTranslation();
  const name = useAccountName(program);
  const lang = i18n.language;
  const rows = [
    ...view.accounts.map((a) => ({
      name: name(a.code),
      reserved: chartNumber(a.reservedKrw),
      disbursed: chartNumber(a.disbursedKrw),
      available: chartNumber(a.availableKrw),
    })),
    {
      name: t('officer.budget.pool'),
      reserved: chartNumber(view.reservedKrw),
      disbursed: chartNumber(view.disbursedKrw),
      available: chartNumber(view.availableKrw),
    },
  ];
  const summary = t('officer.budget.barSummary', {
    items: [
      ...view.accounts.map((a) => ({
        code: a.code,
        r: a.reservedKrw,
        d: a.disbursedKrw,
        v: a.availableKrw,
      })),
      { code: 'POOL', r: view.reservedKrw, d: view.disbursedKrw, v: view.availableKrw },
    ]
      .map((a) =>
        t('officer.budget.barItem', {
          name: name(a.code),
          reserved: formatKrwShort(a.r, lang),
          disbursed: formatKrwShort(a.d, lang),
          available: formatKrwShort(a.v, lang),
        }),
      )
      .join('; '),
  });
  const money = (value: unknown) => formatKrw(Math.round(Number(value)), lang);
  return (
    <figure
      className="card officer-figure"
      aria-labelledby="bar-chart-title"
      aria-describedby="bar-chart-summary"
    >
      <figcaption>
        <h2 id="bar-chart-title">{t('officer.budget.barTitle')}</h2>
        <p id="bar-chart-summary" className="sr-only">
          {summary}
        </p>
      </figcaption>
      <div className="chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          {/* Drawn at once (isAnimationActive false): no motion, and a screenshot shows the figures. */}
          <BarChart data={rows} margin={{ top: 8, right: 16, left: 8, bottom: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" />
            <YAxis tickFormatter={(v: number) => formatKrwShort(Math.round(v), lang)} width={80} />
            <Tooltip formatter={money} />
            <Legend formatter={legendText} />
            <Bar
              isAnimationActive={false}
              dataKey="reserved"
              stackId="money"
              name={t('officer.budget.reserved')}
              fill={MONEY_COLORS.reserved}
            />
            <Bar
              isAnimationActive={false}
              dataKey="disbursed"
              stackId="money"
              name={t('officer.budget.disbursed')}
              fill={MONEY_COLORS.disbursed}
            />
            <Bar
              isAnimationActive={false}
              dataKey="available"
              stackId="money"
              name={t('officer.budget.available')}
              fill={MONEY_COLORS.available}
              stroke={AVAILABLE_STROKE}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <p className="hint">{t('officer.budget.tableBelow')}</p>
    </figure>
  );
}

/** How the pool is used: reserved, paid, still available. */
function PoolDonut({ view }: { view: BudgetView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const slices = [
    {
      key: 'reserved',
      name: t('officer.budget.reserved'),
      value: chartNumber(view.reservedKrw),
      raw: view.reservedKrw,
    },
    {
      key: 'disbursed',
      name: t('officer.budget.disbursed'),
      value: chartNumber(view.disbursedKrw),
      raw: view.disbursedKrw,
    },
    {
      key: 'available',
      name: t('officer.budget.available'),
      value: chartNumber(view.availableKrw),
      raw: view.availableKrw,
    },
  ] as const;
  const summary = t('officer.budget.donutSummary', {
    pool: formatKrw(view.poolKrw, lang),
    items: slices
      .map((s) => `${s.name} ${formatKrw(s.raw, lang)} (${percentOf(s.raw, view.poolKrw)}%)`)
      .join(', '),
  });
  return (
    <figure
      className="card officer-figure"
      aria-labelledby="donut-chart-title"
      aria-describedby="donut-chart-summary"
    >
      <figcaption>
        <h2 id="donut-chart-title">{t('officer.budget.donutTitle')}</h2>
        <p id="donut-chart-summary" className="sr-only">
          {summary}
        </p>
      </figcaption>
      <div className="chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <PieChart>
            <Pie
              data={slices.map((s) => ({ name: s.name, value: s.value }))}
              dataKey="value"
              nameKey="name"
              innerRadius="55%"
              outerRadius="85%"
              minAngle={2}
              isAnimationActive={false}
            >
              {slices.map((s) => (
                <Cell
                  key={s.key}
                  fill={MONEY_COLORS[s.key]}
                  stroke={s.key === 'available' ? AVAILABLE_STROKE : '#fff'}
                />
              ))}
            </Pie>
            <Tooltip formatter={(v: unknown) => formatKrw(Math.round(Number(v)), lang)} />
            <Legend formatter={legendText} />
          </PieChart>
        </ResponsiveContainer>
      </div>
      <ul className="officer-legend">
        {slices.map((s) => (
          <li key={s.key}>
            <span className="swatch" style={{ background: MONEY_COLORS[s.key] }} aria-hidden />
            {s.name}: <Money value={s.raw} /> ({percentOf(s.raw, view.poolKrw)}%)
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** The text alternative of the charts and the detail: every account with seats used. */
function AccountsTable({ view, program }: { view: BudgetView; program: ProgramView }) {
  const { t } = useTranslation();
  const name = useAccountName(program);
  const code = useCode();
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('officer.budget.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('officer.budget.account')}</th>
            <th scope="col">{t('officer.budget.scope')}</th>
            <th scope="col" className="num">
              {t('officer.budget.limit')}
            </th>
            <th scope="col" className="num">
              {t('officer.budget.reserved')}
            </th>
            <th scope="col" className="num">
              {t('officer.budget.disbursed')}
            </th>
            <th scope="col" className="num">
              {t('officer.budget.available')}
            </th>
            <th scope="col">{t('officer.budget.slotsUsed')}</th>
          </tr>
        </thead>
        <tbody>
          {view.accounts.map((a) => (
            <tr key={a.code}>
              <th scope="row">{name(a.code)}</th>
              <td>{code('officer.budget.scopes', a.scope)}</td>
              <td className="num">
                <Money value={a.limitKrw} />
              </td>
              <td className="num">
                <Money value={a.reservedKrw} />
              </td>
              <td className="num">
                <Money value={a.disbursedKrw} />
              </td>
              <td className="num">
                <Money value={a.availableKrw} />
              </td>
              <td>
                {a.slots !== null ? (
                  <UsageBar
                    used={a.selected}
                    total={a.slots}
                    label={t('officer.budget.slotsOf', { name: name(a.code) })}
                  />
                ) : (
                  t('officer.budget.grants', { n: a.selected })
                )}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('officer.budget.pool')}</th>
            <td>{code('officer.budget.scopes', 'POOL')}</td>
            <td className="num">
              <Money value={view.poolKrw} />
            </td>
            <td className="num">
              <Money value={view.reservedKrw} />
            </td>
            <td className="num">
              <Money value={view.disbursedKrw} />
            </td>
            <td className="num">
              <Money value={view.availableKrw} />
            </td>
            <td>
              <UsageBar
                used={view.accounts.reduce((n, a) => n + (a.slots !== null ? a.selected : 0), 0)}
                total={program.totalSlots}
                label={t('officer.budget.slotsOf', { name: t('officer.budget.pool') })}
              />
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** Quota seats and how many the committed selection filled (quotas are rule-set configuration). */
function QuotaFill({ program }: { program: ProgramView }) {
  const { t } = useTranslation();
  const name = useAccountName(program);
  const runs = useQuery({
    queryKey: [OFFICER, 'runs', program.id],
    queryFn: () => api.get<SelectionRunView[]>(`/api/programs/${program.id}/selection-runs`),
  });
  const quotas = program.rules.quotas;
  return (
    <section className="card" aria-labelledby="quota-heading">
      <h2 id="quota-heading">{t('officer.budget.quotaTitle')}</h2>
      {quotas.length === 0 ? (
        <Empty>{t('officer.budget.noQuotas')}</Empty>
      ) : (
        <QueryView query={runs}>
          {(list) => {
            const run = list.find((r) => r.status === 'COMMITTED') ?? list[0];
            const categories = run?.summary.categories ?? [];
            return (
              <>
                <p className="hint">
                  {run
                    ? t(
                        run.status === 'COMMITTED'
                          ? 'officer.budget.quotaFromCommitted'
                          : 'officer.budget.quotaFromPreview',
                        { at: shortId(run.id) },
                      )
                    : t('officer.budget.quotaNoRun')}
                </p>
                <div className="table-wrap">
                  <table>
                    <caption>{t('officer.budget.quotaCaption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('officer.budget.account')}</th>
                        <th scope="col">{t('officer.budget.quota')}</th>
                        <th scope="col" className="num">
                          {t('officer.budget.quotaShare')}
                        </th>
                        <th scope="col">{t('officer.budget.quotaFilled')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {program.rules.categories.flatMap((c) =>
                        quotas.map((q) => {
                          const fill = categories
                            .find((s) => s.code === c.code)
                            ?.quotas.find((x) => x.code === q.code);
                          return (
                            <tr key={`${c.code}-${q.code}`}>
                              <th scope="row">{name(c.code)}</th>
                              <td>{q.code}</td>
                              <td className="num">{Math.round(q.share * 1000) / 10}%</td>
                              <td>
                                {fill ? (
                                  <UsageBar
                                    used={fill.filled}
                                    total={fill.seats}
                                    label={t('officer.budget.quotaOf', {
                                      quota: q.code,
                                      name: name(c.code),
                                    })}
                                  />
                                ) : (
                                  '—'
                                )}
                              </td>
                            </tr>
                          );
                        }),
                      )}
                    </tbody>
                  </table>
                </div>
              </>
            );
          }}
        </QueryView>
      )}
    </section>
  );
}

function Ledger({ program }: { program: ProgramView }) {
  const { t, i18n } = useTranslation();
  const name = useAccountName(program);
  const code = useCode();
  const [offset, setOffset] = useState(0);
  const ledger = useQuery({
    queryKey: [OFFICER, 'ledger', program.id, offset],
    queryFn: () =>
      api.get<Page<LedgerEntry>>(`/api/programs/${program.id}/budget/ledger`, {
        limit: LEDGER_LIMIT,
        offset,
      }),
  });
  return (
    <section aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">{t('officer.budget.ledgerTitle')}</h2>
      <QueryView query={ledger}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>{t('officer.budget.ledgerEmpty')}</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table>
                  <caption className="sr-only">{t('officer.budget.ledgerTitle')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">{t('officer.budget.when')}</th>
                      <th scope="col">{t('officer.budget.account')}</th>
                      <th scope="col">{t('officer.budget.kind')}</th>
                      <th scope="col" className="num">
                        {t('officer.budget.amount')}
                      </th>
                      <th scope="col">{t('officer.budget.application')}</th>
                      <th scope="col">{t('officer.budget.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((e) => (
                      <tr key={e.id}>
                        <td>{e.id}</td>
                        <td>{formatDate(e.createdAt, i18n.language)}</td>
                        <td>{name(e.accountCode)}</td>
                        <td>
                          <span className={`badge officer-ledger-${e.kind.toLowerCase()}`}>
                            {code('officer.budget.kinds', e.kind)}
                          </span>
                        </td>
                        <td className="num">
                          <Money value={e.amountKrw} />
                        </td>
                        <td>
                          {e.applicationId ? (
                            <Link
                              to={`/officer/programs/${program.id}/applications/${e.applicationId}`}
                            >
                              {shortId(e.applicationId)}
                            </Link>
                          ) : (
                            '—'
                          )}
                        </td>
                        <td>{e.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager total={page.total} limit={LEDGER_LIMIT} offset={offset} onChange={setOffset} />
            </>
          )
        }
      </QueryView>
    </section>
  );
}
