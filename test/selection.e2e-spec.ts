import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '@app/common';
import { AwardService, isoTimestamp, type ProgramRules } from '@app/domain';
import {
  applicationBody,
  approvedSupplier,
  createCompany,
  openProgramForYear,
  startTestApp,
  SupplierFixture,
  TestApp,
} from '@app/testing';

/**
 * Selection and awards end to end: scored applications (built through HTTP, scores written
 * straight into application_scores so that selection is tested apart from evaluation), a
 * preview checked against an independent calculation, the one-time commit with its money and
 * events, stale previews, cancellation with promotion from the waitlist (quotas included), the
 * three-party agreement, delivery, idempotent payment, clawback, and cancellations racing each
 * other against the budget.
 */

type User = { id: string; email: string; token: string };
type Category = 'PURCHASE' | 'GENERAL_PROCESSING' | 'AI_PROCESSING';
type Outcome = 'SELECTED' | 'WAITLISTED' | 'REJECTED';

/** One application of a scenario: who applies for what, and the score it is given. */
interface Spec {
  key: string;
  category: Category;
  costKrw: number;
  base: number;
  /** Defaults to base (no bonus). */
  final?: number;
  /** SOCIAL_ISSUE track when set. */
  socialIssue?: string;
  type?: string;
  region?: string;
  ceoBirthDate?: string;
}

interface Candidate {
  key: string;
  id: string;
  category: Category;
  track: 'GENERAL' | 'SOCIAL_ISSUE';
  socialIssue: string | null;
  type: string;
  region: string;
  ceoBirthDate: string;
  base: number;
  final: number;
  grantKrw: number;
  coPaymentPercent: number;
  submittedAt: string;
}

interface Round {
  programId: string;
  rules: ProgramRules;
  apps: Candidate[];
  app: (key: string) => Candidate;
}

interface DecisionView {
  applicationId: string;
  outcome: Outcome;
  category: string;
  track: string;
  rank: number;
  accountCode: string | null;
  grantKrw: number;
  quotaCode: string | null;
  waitlistPosition: number | null;
  reason: string;
}

interface Expectation {
  outcome: Outcome;
  rank: number;
  accountCode: string | null;
  grantKrw: number;
  quotaCode: string | null;
  waitlistPosition: number | null;
  reason: string;
}

interface CategorySummary {
  code: string;
  slots: number;
  seatsAvailable: number;
  selected: number;
  waitlisted: number;
  rejected: number;
  reservedKrw: number;
  quotas: Array<{ code: string; seats: number; filled: number }>;
}

interface RunView {
  id: string;
  programId: string;
  status: 'PREVIEW' | 'COMMITTED';
  rulesVersion: number;
  inputHash: string;
  outputHash: string;
  summary: {
    categories: CategorySummary[];
    specialPools: Array<{
      code: string;
      availableKrw: number;
      reservedKrw: number;
      selected: number;
    }>;
    pool: { availableKrw: number; reservedKrw: number; remainingKrw: number };
    totals: { candidates: number; selected: number; waitlisted: number; rejected: number };
  };
  committedAt: string | null;
}

interface AwardView {
  applicationId: string;
  programId: string;
  category: string;
  status: string;
  accountCode: string | null;
  grantKrw: number;
  paidKrw: number;
  payableKrw: number;
  waitlistPosition: number | null;
  quotaCode: string | null;
  reason: string;
  agreementDueAt: string | null;
  signatures: { applicant: string | null; supplier: string | null; officer: string | null };
  deliveryReportedAt: string | null;
  deliveryApprovedAt: string | null;
  cancelReason: string | null;
}

interface BudgetAccount {
  code: string;
  scope: 'CATEGORY' | 'SPECIAL';
  slots: number | null;
  selected: number;
  limitKrw: number;
  reservedKrw: number;
  disbursedKrw: number;
  availableKrw: number;
}

interface BudgetView {
  poolKrw: number;
  reservedKrw: number;
  disbursedKrw: number;
  availableKrw: number;
  accounts: BudgetAccount[];
}

interface LedgerRow {
  kind: string;
  account_code: string;
  amount: string;
  seat_delta: number;
  idempotency_key: string | null;
  reason: string;
}

const bearer = (u: { token: string }) => ({ authorization: `Bearer ${u.token}` });
const M = 1_000_000;

function expectError(res: Response, status: number, code?: string): void {
  expect({ status: res.status, code: code ? res.body?.code : undefined }).toEqual({
    status,
    code,
  });
}

/** Reads the response as raw bytes, so that a BOM is not swallowed by a text decoder. */
function rawBody(res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

async function inBatches<T, R>(
  items: T[],
  size: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(...(await Promise.all(items.slice(i, i + size).map((x, j) => work(x, i + j)))));
  }
  return out;
}

// ---- the independent calculation ----------------------------------------------------------
// Written from the domain reference (DOMAIN.md, "Selection"), not from the service: rank per
// category by final, base, submission, id; cut-off on the base score; social-issue candidates
// on their special pool first, strictly by rank (the first grant it can't pay closes it; the
// general track is the fallback where the company type allows); per category each quota fills floor(slots × share) seats with quota-eligible candidates in
// rank order, then the rest by rank, strictly (a grant that does not fit stops the pass).

const won = (n: number) => `${n.toLocaleString('en-US')} KRW`;

/** 만 나이: whole years on `on`, one less before the birthday. */
function age(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

function quotasOf(rules: ProgramRules, c: Candidate): string[] {
  return rules.quotas
    .filter(({ rule }) => {
      if (rule.categories?.length && !rule.categories.includes(c.category)) return false;
      if (rule.type === 'NON_CAPITAL_REGION')
        return !((rule.capitalRegions ?? []) as readonly string[]).includes(c.region);
      if (rule.type === 'YOUTH_CEO') {
        const years = age(c.ceoBirthDate, rules.referenceDate);
        return years >= (rule.minAge ?? 0) && years <= (rule.maxAge ?? 200);
      }
      throw new Error(`the reference calculation does not know quota rule ${rule.type}`);
    })
    .map((q) => q.code);
}

function byRanking(a: Candidate, b: Candidate): number {
  if (a.final !== b.final) return b.final - a.final;
  if (a.base !== b.base) return b.base - a.base;
  if (a.submittedAt !== b.submittedAt) return a.submittedAt < b.submittedAt ? -1 : 1;
  return a.id < b.id ? -1 : 1;
}

function reference(rules: ProgramRules, candidates: Candidate[]): Map<string, Expectation> {
  const ranked = [...candidates].sort(byRanking);
  const rank = new Map<string, number>();
  for (const cat of rules.categories) {
    ranked.filter((c) => c.category === cat.code).forEach((c, i) => rank.set(c.id, i + 1));
  }
  const cutoff = rules.evaluation.cutoffScore;
  const out = new Map<string, Expectation>();
  const whyWaiting = new Map<string, string>();
  const open = (c: Candidate) => !out.has(c.id);
  const select = (c: Candidate, accountCode: string, quotaCode: string | null, reason: string) =>
    out.set(c.id, {
      outcome: 'SELECTED',
      rank: rank.get(c.id)!,
      accountCode,
      grantKrw: c.grantKrw,
      quotaCode,
      waitlistPosition: null,
      reason,
    });

  for (const c of ranked.filter((x) => x.base < cutoff)) {
    out.set(c.id, {
      outcome: 'REJECTED',
      rank: rank.get(c.id)!,
      accountCode: null,
      grantKrw: c.grantKrw,
      quotaCode: null,
      waitlistPosition: null,
      reason: `rejected: base ${c.base.toFixed(2)} < cut-off ${cutoff}`,
    });
  }

  let pool = rules.totalPoolKrw;
  const specialLeft = new Map(rules.specialPools.map((p) => [p.code, p.budgetKrw]));
  /** A special pool closes, strictly by rank, at the first grant it can't pay: the reason why. */
  const closedBecause = new Map<string, string>();
  const fromCategory = new Set<string>();
  for (const c of ranked.filter((x) => open(x) && x.track === 'SOCIAL_ISSUE')) {
    const special = rules.specialPools.find((p) => p.issues.includes(c.socialIssue ?? ''));
    if (special && !closedBecause.has(special.code)) {
      const left = specialLeft.get(special.code)!;
      if (c.grantKrw > left)
        closedBecause.set(
          special.code,
          `special pool ${special.code} exhausted (${won(left)} left, grant ${won(c.grantKrw)})`,
        );
      else if (c.grantKrw > pool)
        closedBecause.set(
          special.code,
          `pool exhausted (${won(pool)} left, grant ${won(c.grantKrw)})`,
        );
    }
    if (special && !closedBecause.has(special.code)) {
      specialLeft.set(special.code, specialLeft.get(special.code)! - c.grantKrw);
      pool -= c.grantKrw;
      select(
        c,
        special.code,
        null,
        `selected: rank ${rank.get(c.id)} in ${c.category}, special pool ${special.code}`,
      );
    } else if ((rules.generalTrackCompanyTypes as readonly string[]).includes(c.type)) {
      fromCategory.add(c.id);
    } else {
      whyWaiting.set(
        c.id,
        special ? closedBecause.get(special.code)! : `no special pool funds ${c.socialIssue}`,
      );
    }
  }

  for (const cat of rules.categories) {
    let seats = cat.slots;
    let envelope = Math.min(cat.slots * cat.maxGrantKrw, rules.totalPoolKrw);
    const line = ranked.filter(
      (c) =>
        c.category === cat.code && open(c) && (c.track === 'GENERAL' || fromCategory.has(c.id)),
    );
    const taken: Candidate[] = [];
    const attempt = (c: Candidate, quota: string | null): string | null => {
      if (seats === 0) return `slots exhausted (${cat.slots}/${cat.slots})`;
      if (c.grantKrw > envelope)
        return `${cat.code} envelope exhausted (${won(envelope)} left, grant ${won(c.grantKrw)})`;
      if (c.grantKrw > pool) return `pool exhausted (${won(pool)} left, grant ${won(c.grantKrw)})`;
      seats -= 1;
      envelope -= c.grantKrw;
      pool -= c.grantKrw;
      taken.push(c);
      const social = fromCategory.has(c.id) ? ' (social issue, from the category)' : '';
      const via = quota ? `, ${quota.toLowerCase()} quota` : '';
      select(c, cat.code, quota, `selected: rank ${rank.get(c.id)} in ${cat.code}${social}${via}`);
      return null;
    };
    for (const q of rules.quotas) {
      const quotaSeats = Math.floor((cat.slots * Math.round(q.share * 100)) / 100);
      let filled = taken.filter((c) => quotasOf(rules, c).includes(q.code)).length;
      for (const c of line) {
        if (filled >= quotaSeats) break;
        if (!open(c) || !quotasOf(rules, c).includes(q.code)) continue;
        const stop = attempt(c, q.code);
        if (stop) {
          whyWaiting.set(c.id, stop);
          break;
        }
        filled += 1;
      }
    }
    for (const c of line) {
      if (!open(c)) continue;
      const stop = attempt(c, null);
      if (stop) {
        for (const rest of line)
          if (open(rest) && !whyWaiting.has(rest.id)) whyWaiting.set(rest.id, stop);
        break;
      }
    }
  }

  const position = new Map<string, number>();
  for (const c of ranked.filter(open)) {
    const p = (position.get(c.category) ?? 0) + 1;
    position.set(c.category, p);
    out.set(c.id, {
      outcome: 'WAITLISTED',
      rank: rank.get(c.id)!,
      accountCode: null,
      grantKrw: c.grantKrw,
      quotaCode: null,
      waitlistPosition: p,
      reason: `waitlisted: ${whyWaiting.get(c.id) ?? 'not reached'}`,
    });
  }
  return out;
}

// ---- the suite ----------------------------------------------------------------------------

// Building rounds through HTTP and racing requests take longer than Jest's default 5 s (the
// project's testTimeout is not applied when a single project is selected).
jest.setTimeout(60_000);

describe('selection and awards (e2e)', () => {
  let t: TestApp;
  let db: DataSource;
  let officer: User;
  let applicant: User;
  let stranger: User;
  let strangerSupplier: User;
  let evaluator: User;
  let supplier: SupplierFixture;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    [officer, applicant, stranger, strangerSupplier, evaluator] = await Promise.all([
      t.userWithToken(Role.OFFICER),
      t.userWithToken(Role.APPLICANT),
      t.userWithToken(Role.APPLICANT, 'stranger'),
      t.userWithToken(Role.SUPPLIER, 'stranger-supplier'),
      t.userWithToken(Role.EVALUATOR),
    ]);
    supplier = await approvedSupplier(t, officer.token);
  });
  afterAll(() => t.close());

  // ---- building scored rounds -------------------------------------------------------------

  async function apply(programId: string, spec: Spec): Promise<Candidate> {
    const type = spec.type ?? 'SME';
    const region = spec.region ?? 'JEONBUK';
    const ceoBirthDate = spec.ceoBirthDate ?? '1975-05-05';
    const company = await createCompany(t, applicant.token, { type, region, ceoBirthDate });
    const track = spec.socialIssue ? 'SOCIAL_ISSUE' : 'GENERAL';
    const created = await t.http
      .post(`/api/programs/${programId}/applications`)
      .set(bearer(applicant))
      .send(
        applicationBody(company.id, supplier, {
          category: spec.category,
          track,
          socialIssue: spec.socialIssue,
          offeringId: supplier.offerings[spec.category],
          agreedCostKrw: spec.costKrw,
          title: `선정 e2e ${spec.key}`,
        }),
      );
    if (created.status !== 201)
      throw new Error(`application ${spec.key}: ${created.status} ${JSON.stringify(created.body)}`);
    const id = created.body.id as string;
    const confirmed = await t.http
      .post(`/api/applications/${id}/confirm`)
      .set(bearer(supplier.owner))
      .send({});
    expect(confirmed.status).toBe(200);
    const submitted = await t.http
      .post(`/api/applications/${id}/submit`)
      .set(bearer(applicant))
      .send({});
    if (submitted.status !== 200 || submitted.body.status !== 'ELIGIBLE')
      throw new Error(`submit ${spec.key}: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    return {
      key: spec.key,
      id,
      category: spec.category,
      track,
      socialIssue: spec.socialIssue ?? null,
      type,
      region,
      ceoBirthDate,
      base: spec.base,
      final: spec.final ?? spec.base,
      grantKrw: submitted.body.requestedSupportKrw as number,
      coPaymentPercent: submitted.body.coPaymentPercent as number,
      submittedAt: submitted.body.submittedAt as string,
    };
  }

  /** Scores written as the evaluation module would leave them, then every application SCORED. */
  async function score(programId: string, apps: Candidate[], cutoff: number): Promise<void> {
    const ranks = new Map<string, number>();
    for (const a of apps) {
      const slot = `${a.category}/${a.track}`;
      const rank = (ranks.get(slot) ?? 0) + 1;
      ranks.set(slot, rank);
      const bonus = (Math.round(a.final * 100) - Math.round(a.base * 100)) / 100;
      await db.query(
        `INSERT INTO application_scores (application_id, program_id, category, track, sheets, base_score,
                                         bonus_points, bonuses, final_score, passed_cutoff, rank, ranking_hash)
         VALUES ($1, $2, $3, $4, 3, $5, $6, '[]'::jsonb, $7, $8, $9, $10)`,
        [
          a.id,
          programId,
          a.category,
          a.track,
          a.base.toFixed(2),
          bonus.toFixed(2),
          a.final.toFixed(2),
          a.base >= cutoff,
          rank,
          'e'.repeat(64),
        ],
      );
    }
    await db.query(`UPDATE applications SET status = 'SCORED' WHERE id = ANY($1)`, [
      apps.map((a) => a.id),
    ]);
  }

  async function buildRound(
    year: 2021 | 2023,
    adjust: (r: ProgramRules) => void,
    specs: Spec[],
    parallel = 1,
  ): Promise<Round> {
    const program = await openProgramForYear(t, officer.token, year, adjust);
    // In order (parallel = 1), so that submission times follow the list: ties are broken by them.
    const apps = await inBatches(specs, parallel, (spec) => apply(program.id, spec));
    for (const action of ['close', 'start-evaluation']) {
      const res = await t.http.post(`/api/programs/${program.id}/${action}`).set(bearer(officer));
      expect(res.status).toBe(200);
    }
    await score(program.id, apps, program.rules.evaluation.cutoffScore);
    const byKey = new Map(apps.map((a) => [a.key, a]));
    return {
      programId: program.id,
      rules: program.rules,
      apps,
      app: (key) => {
        const found = byKey.get(key);
        if (!found) throw new Error(`no application ${key} in this round`);
        return found;
      },
    };
  }

  // ---- reading ----------------------------------------------------------------------------

  const preview = (programId: string) =>
    t.http
      .post(`/api/programs/${programId}/selection-runs`)
      .set(bearer(officer))
      .send({ dryRun: true });
  const commit = (runId: string) =>
    t.http.post(`/api/selection-runs/${runId}/commit`).set(bearer(officer)).send({});

  async function decisions(runId: string, query = ''): Promise<DecisionView[]> {
    const res = await t.http
      .get(`/api/selection-runs/${runId}/decisions?limit=500${query}`)
      .set(bearer(officer));
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(res.body.items.length);
    return res.body.items as DecisionView[];
  }

  async function budget(programId: string): Promise<BudgetView> {
    const res = await t.http.get(`/api/programs/${programId}/budget`).set(bearer(officer));
    expect(res.status).toBe(200);
    return res.body as BudgetView;
  }
  const account = (b: BudgetView, code: string) => {
    const found = b.accounts.find((a) => a.code === code);
    if (!found) throw new Error(`no account ${code}`);
    return found;
  };

  async function expectReconciled(programId: string): Promise<number> {
    const res = await t.http
      .get(`/api/programs/${programId}/budget/reconciliation`)
      .set(bearer(officer));
    expect(res.status).toBe(200);
    expect(res.body.consistent).toBe(true);
    return res.body.ledgerEntries as number;
  }

  async function applicationStatus(id: string): Promise<string> {
    const res = await t.http.get(`/api/applications/${id}`).set(bearer(officer));
    expect(res.status).toBe(200);
    return res.body.status as string;
  }

  async function award(id: string, as: { token: string } = officer): Promise<AwardView> {
    const res = await t.http.get(`/api/applications/${id}/award`).set(bearer(as));
    expect(res.status).toBe(200);
    return res.body as AwardView;
  }

  const ledger = (applicationId: string): Promise<LedgerRow[]> =>
    db.query(
      `SELECT kind, account_code, amount_krw::text AS amount, seat_delta, idempotency_key, reason
         FROM budget_ledger WHERE application_id = $1 ORDER BY id`,
      [applicationId],
    );

  async function events(ids: string[]): Promise<Array<{ id: string; type: string }>> {
    return db.query(
      `SELECT aggregate_id AS id, event_type AS type FROM outbox
        WHERE aggregate_type = 'application' AND aggregate_id = ANY($1) AND event_type LIKE 'award.%'
        ORDER BY outbox.id`,
      [ids],
    );
  }

  /** The award.cancelled notice of an application, and who should get it (company, supplier). */
  async function cancelledNotice(id: string) {
    const [notice] = await db.query(
      `SELECT o.payload, ARRAY[a.applicant_user_id, s.owner_user_id]::text[] AS parties
         FROM outbox o JOIN applications a ON a.id::text = o.aggregate_id
         JOIN suppliers s ON s.id = a.supplier_id
        WHERE o.event_type = 'award.cancelled' AND o.aggregate_id = $1`,
      [id],
    );
    return notice as { payload: Record<string, unknown>; parties: string[] } | undefined;
  }

  const cancel = (id: string, reason = '수요기업이 협약 체결을 포기함') =>
    t.http.post(`/api/applications/${id}/cancel`).set(bearer(officer)).send({ reason });

  /** Checks a preview's decisions, one by one, against the independent calculation. */
  async function expectDecisionsAsCalculated(round: Round, runId: string) {
    const expected = reference(round.rules, round.apps);
    const got = await decisions(runId);
    expect(got).toHaveLength(round.apps.length);
    // In rank order: final desc, then base desc, then submission, then id.
    expect(got.map((d) => d.applicationId)).toEqual(
      [...round.apps].sort(byRanking).map((a) => a.id),
    );
    const keyOf = new Map(round.apps.map((a) => [a.id, a.key]));
    const actual = Object.fromEntries(
      got.map((d) => [
        keyOf.get(d.applicationId),
        {
          outcome: d.outcome,
          rank: d.rank,
          accountCode: d.accountCode,
          grantKrw: d.grantKrw,
          quotaCode: d.quotaCode,
          waitlistPosition: d.waitlistPosition,
          reason: d.reason,
        },
      ]),
    );
    const wanted = Object.fromEntries(round.apps.map((a) => [a.key, expected.get(a.id)]));
    expect(actual).toEqual(wanted);
    return { got, expected };
  }

  const keysWith = (round: Round, got: DecisionView[], outcome: Outcome) =>
    got
      .filter((d) => d.outcome === outcome)
      .map((d) => round.apps.find((a) => a.id === d.applicationId)!.key)
      .sort();

  // ---- a 2021-like round ------------------------------------------------------------------

  describe('a round configured like 2021', () => {
    let round: Round;
    let run: RunView;

    // Slots scaled down (PURCHASE 2, GENERAL_PROCESSING 1, AI_PROCESSING 3), a 30M social-issue
    // pool and a 250M pool that runs out in AI_PROCESSING (categories go in rule-set order).
    const specs: Spec[] = [
      {
        key: 'S1',
        category: 'PURCHASE',
        costKrw: 20 * M,
        base: 95,
        socialIssue: 'COVID19',
        type: 'UNIVERSITY',
      },
      { key: 'P1', category: 'PURCHASE', costKrw: 20 * M, base: 90 },
      { key: 'P2', category: 'PURCHASE', costKrw: 20 * M, base: 85 },
      // Same scores as P2, submitted later: loses the tie.
      { key: 'P3', category: 'PURCHASE', costKrw: 20 * M, base: 85 },
      {
        key: 'S2',
        category: 'PURCHASE',
        costKrw: 25 * M,
        base: 70,
        socialIssue: 'CARBON_NEUTRALITY',
        type: 'HOSPITAL',
      },
      { key: 'P4', category: 'PURCHASE', costKrw: 20 * M, base: 55 },
      // Equal final scores: the higher base wins.
      { key: 'G1', category: 'GENERAL_PROCESSING', costKrw: 50 * M, base: 79, final: 80 },
      { key: 'G2', category: 'GENERAL_PROCESSING', costKrw: 50 * M, base: 80 },
      { key: 'G3', category: 'GENERAL_PROCESSING', costKrw: 50 * M, base: 75 },
      { key: 'A1', category: 'AI_PROCESSING', costKrw: 80 * M, base: 91, final: 92 },
      { key: 'S3', category: 'AI_PROCESSING', costKrw: 80 * M, base: 88, socialIssue: 'COVID19' },
      { key: 'A2', category: 'AI_PROCESSING', costKrw: 80 * M, base: 85, final: 86 },
      { key: 'A3', category: 'AI_PROCESSING', costKrw: 20 * M, base: 84 },
      // Exactly at the cut-off: passes.
      { key: 'A4', category: 'AI_PROCESSING', costKrw: 20 * M, base: 60, final: 60.5 },
      // Final above the cut-off, base below it: the cut-off applies to the base.
      { key: 'A5', category: 'AI_PROCESSING', costKrw: 20 * M, base: 59.99, final: 60.99 },
    ];

    beforeAll(async () => {
      round = await buildRound(
        2021,
        (r) => {
          r.totalPoolKrw = 250 * M;
          r.categories.find((c) => c.code === 'PURCHASE')!.slots = 2;
          r.categories.find((c) => c.code === 'GENERAL_PROCESSING')!.slots = 1;
          r.categories.find((c) => c.code === 'AI_PROCESSING')!.slots = 3;
          r.specialPools[0].budgetKrw = 30 * M;
        },
        specs,
      );
    });

    it('previews exactly the decisions the independent calculation expects, changing nothing', async () => {
      // Grants: 80 % of the cost (20 % co-payment), capped per category.
      expect(round.app('P1').grantKrw).toBe(16 * M);
      expect(round.app('S2').grantKrw).toBe(18 * M); // 80 % of 25M = 20M, capped at 18M
      expect(round.app('A1').grantKrw).toBe(64 * M);
      expect(round.app('P2').submittedAt < round.app('P3').submittedAt).toBe(true);

      const res = await preview(round.programId);
      expect(res.status).toBe(201);
      run = res.body as RunView;
      expect(run).toMatchObject({
        programId: round.programId,
        status: 'PREVIEW',
        committedAt: null,
      });
      expect(run.inputHash).toMatch(/^[0-9a-f]{64}$/);
      expect(run.outputHash).toMatch(/^[0-9a-f]{64}$/);

      const { got } = await expectDecisionsAsCalculated(round, run.id);

      // The same outcome, derived by hand from the rules.
      expect(keysWith(round, got, 'SELECTED')).toEqual(['A1', 'G2', 'P1', 'P2', 'S1', 'S3']);
      expect(keysWith(round, got, 'WAITLISTED')).toEqual([
        'A2',
        'A3',
        'A4',
        'G1',
        'G3',
        'P3',
        'S2',
      ]);
      expect(keysWith(round, got, 'REJECTED')).toEqual(['A5', 'P4']);
      const d = (key: string) => got.find((x) => x.applicationId === round.app(key).id)!;
      expect(d('S1')).toMatchObject({
        accountCode: 'SOCIAL_ISSUE',
        rank: 1,
        reason: 'selected: rank 1 in PURCHASE, special pool SOCIAL_ISSUE',
      });
      expect(d('P1').reason).toBe('selected: rank 2 in PURCHASE');
      expect(d('P3')).toMatchObject({
        rank: 4,
        waitlistPosition: 1,
        reason: 'waitlisted: slots exhausted (2/2)',
      });
      // S3 (64M, rank 2 in AI_PROCESSING, ahead of S2 overall) is the first grant the 30M
      // special pool can't pay: the pool closes there. S3 may fall back to its category; S2,
      // a hospital, may not use the general track and waits.
      expect(d('S2')).toMatchObject({
        waitlistPosition: 2,
        reason:
          'waitlisted: special pool SOCIAL_ISSUE exhausted (14,000,000 KRW left, grant 64,000,000 KRW)',
      });
      expect(d('P4').reason).toBe('rejected: base 55.00 < cut-off 60');
      expect(d('G2').reason).toBe('selected: rank 1 in GENERAL_PROCESSING');
      expect(d('G1')).toMatchObject({ rank: 2, waitlistPosition: 1 });
      expect(d('S3')).toMatchObject({
        accountCode: 'AI_PROCESSING',
        reason: 'selected: rank 2 in AI_PROCESSING (social issue, from the category)',
      });
      // 250M − 16M − 32M − 40M − 128M = 34M: A2 does not fit, and nobody cheaper jumps it.
      const poolOut = 'waitlisted: pool exhausted (34,000,000 KRW left, grant 64,000,000 KRW)';
      expect(d('A2')).toMatchObject({ waitlistPosition: 1, reason: poolOut });
      expect(d('A3')).toMatchObject({ waitlistPosition: 2, reason: poolOut, grantKrw: 16 * M });
      expect(d('A4')).toMatchObject({ rank: 6, waitlistPosition: 3, reason: poolOut });
      expect(d('A5')).toMatchObject({ rank: 5, reason: 'rejected: base 59.99 < cut-off 60' });

      // Filters.
      const aiSelected = await decisions(run.id, '&outcome=SELECTED&category=AI_PROCESSING');
      expect(aiSelected.map((x) => x.applicationId)).toEqual([
        round.app('A1').id,
        round.app('S3').id,
      ]);

      // The summary.
      const cat = (code: string) => run.summary.categories.find((c) => c.code === code)!;
      expect(run.summary.categories.map((c) => c.code)).toEqual([
        'PURCHASE',
        'GENERAL_PROCESSING',
        'AI_PROCESSING',
      ]);
      expect(cat('PURCHASE')).toMatchObject({
        slots: 2,
        seatsAvailable: 2,
        waitlisted: 2,
        rejected: 1,
        reservedKrw: 32 * M,
        quotas: [],
      });
      // Seats of the category: S1, paid from the special pool, does not take one.
      expect(cat('PURCHASE').selected).toBe(2);
      expect(cat('GENERAL_PROCESSING')).toMatchObject({
        slots: 1,
        selected: 1,
        waitlisted: 2,
        rejected: 0,
        reservedKrw: 40 * M,
      });
      expect(cat('AI_PROCESSING')).toMatchObject({
        slots: 3,
        selected: 2,
        waitlisted: 3,
        rejected: 1,
        reservedKrw: 128 * M,
      });
      expect(run.summary.specialPools).toEqual([
        { code: 'SOCIAL_ISSUE', availableKrw: 30 * M, reservedKrw: 16 * M, selected: 1 },
      ]);
      expect(run.summary.pool).toEqual({
        availableKrw: 250 * M,
        reservedKrw: 216 * M,
        remainingKrw: 34 * M,
      });
      expect(run.summary.totals).toEqual({
        candidates: 15,
        selected: 6,
        waitlisted: 7,
        rejected: 2,
      });

      // A preview changes nothing.
      expect(await applicationStatus(round.app('P1').id)).toBe('SCORED');
      expect((await budget(round.programId)).reservedKrw).toBe(0);
      expect(await events(round.apps.map((a) => a.id))).toEqual([]);
      const listed = await t.http
        .get(`/api/programs/${round.programId}/selection-runs`)
        .set(bearer(officer));
      expect(listed.status).toBe(200);
      expect((listed.body as RunView[]).map((r) => r.id)).toContain(run.id);
      const fetched = await t.http.get(`/api/selection-runs/${run.id}`).set(bearer(officer));
      expect(fetched.status).toBe(200);
      expect(fetched.body).toMatchObject({ id: run.id, outputHash: run.outputHash });
    });

    it('commits once: statuses, reservations, events; then refuses a second commit or preview', async () => {
      const expected = reference(round.rules, round.apps);
      const res = await commit(run.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: run.id,
        status: 'COMMITTED',
        inputHash: run.inputHash,
        outputHash: run.outputHash,
      });
      expect(res.body.committedAt).toEqual(expect.any(String));

      for (const a of round.apps) {
        expect({ key: a.key, status: await applicationStatus(a.id) }).toEqual({
          key: a.key,
          status: expected.get(a.id)!.outcome,
        });
      }
      const selected = round.apps.filter((a) => expected.get(a.id)!.outcome === 'SELECTED');
      const sum = (apps: Candidate[]) => apps.reduce((n, a) => n + a.grantKrw, 0);
      const b = await budget(round.programId);
      expect(b).toMatchObject({
        poolKrw: 250 * M,
        reservedKrw: sum(selected),
        disbursedKrw: 0,
        availableKrw: 250 * M - sum(selected),
      });
      expect(b.reservedKrw).toBe(216 * M);
      for (const code of ['PURCHASE', 'GENERAL_PROCESSING', 'AI_PROCESSING', 'SOCIAL_ISSUE']) {
        const held = selected.filter((a) => expected.get(a.id)!.accountCode === code);
        expect(account(b, code)).toMatchObject({
          code,
          selected: held.length,
          reservedKrw: sum(held),
        });
      }
      expect(account(b, 'PURCHASE').selected).toBe(2);
      expect(account(b, 'AI_PROCESSING').selected).toBe(2);
      expect(await expectReconciled(round.programId)).toBe(selected.length);
      for (const a of selected) {
        expect(await ledger(a.id)).toEqual([
          expect.objectContaining({
            kind: 'RESERVE',
            account_code: expected.get(a.id)!.accountCode,
            amount: String(a.grantKrw),
            seat_delta: 1,
          }),
        ]);
      }

      const program = await t.http.get(`/api/programs/${round.programId}`).set(bearer(officer));
      expect(program.body.status).toBe('SELECTED');

      // One event per application, of the kind its decision calls for.
      const emitted = await events(round.apps.map((a) => a.id));
      expect(emitted).toHaveLength(round.apps.length);
      expect(Object.fromEntries(emitted.map((e) => [e.id, e.type]))).toEqual(
        Object.fromEntries(
          round.apps.map((a) => [a.id, `award.${expected.get(a.id)!.outcome.toLowerCase()}`]),
        ),
      );

      // Awards: the waitlist keeps its positions, the selected have a deadline.
      expect(await award(round.app('P3').id)).toMatchObject({
        status: 'WAITLISTED',
        waitlistPosition: 1,
        accountCode: null,
        agreementDueAt: null,
      });
      const a1 = await award(round.app('A1').id);
      expect(a1).toMatchObject({
        status: 'SELECTED',
        accountCode: 'AI_PROCESSING',
        grantKrw: 64 * M,
      });
      expect(Date.parse(a1.agreementDueAt!)).toBeGreaterThan(Date.now() + 13 * 86_400_000);
      expectError(
        await t.http.get(`/api/applications/${round.app('P4').id}/award`).set(bearer(officer)),
        404,
      );

      // Committed once: again, or a fresh preview, is refused; nothing moves.
      const again = await commit(run.id);
      expectError(again, 409);
      expect(['CONFLICT', 'INVALID_STATE_TRANSITION']).toContain(again.body.code);
      expectError(await preview(round.programId), 409, 'INVALID_STATE_TRANSITION');
      expect((await budget(round.programId)).reservedKrw).toBe(216 * M);
      expect(await events(round.apps.map((a) => a.id))).toHaveLength(round.apps.length);

      // Replay: the recorded input gives the same decisions.
      const replay = await t.http
        .post(`/api/selection-runs/${run.id}/replay`)
        .set(bearer(officer))
        .send({});
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual({
        runId: run.id,
        inputHash: run.inputHash,
        outputHash: run.outputHash,
        recordedInputHash: run.inputHash,
        recordedOutputHash: run.outputHash,
        identical: true,
        decisions: round.apps.length,
      });

      // The CSV: UTF-8 with a BOM (Excel), a header and one line per decision, in rank order.
      const csv = await t.http
        .get(`/api/selection-runs/${run.id}/decisions.csv`)
        .set(bearer(officer))
        .buffer(true)
        .parse((r: Response, cb: (err: Error | null, body: Buffer) => void) =>
          rawBody(r as unknown as NodeJS.ReadableStream, cb),
        );
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const bytes = csv.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').split(/\r?\n/).filter(Boolean);
      expect(lines[0]).toBe(
        'applicationId,category,track,rank,outcome,accountCode,grantKrw,quotaCode,waitlistPosition,reason',
      );
      expect(lines).toHaveLength(round.apps.length + 1);
      expect(lines[1]).toBe(
        `${round.app('S1').id},PURCHASE,SOCIAL_ISSUE,1,SELECTED,SOCIAL_ISSUE,16000000,,,` +
          '"selected: rank 1 in PURCHASE, special pool SOCIAL_ISSUE"',
      );
    });

    it('cancels an award: releases its reservation and promotes the first in line of the category', async () => {
      const [p1, p3, s2] = [round.app('P1'), round.app('P3'), round.app('S2')];
      const before = await budget(round.programId);
      const res = await cancel(p1.id);
      expect(res.status).toBe(200);
      expect(res.body.cancelled).toMatchObject({
        applicationId: p1.id,
        status: 'CANCELLED',
        cancelReason: '수요기업이 협약 체결을 포기함',
      });
      // P3, not S2: an institution waiting for the special pool can't take a category seat.
      expect(res.body.promoted).toMatchObject({
        applicationId: p3.id,
        status: 'SELECTED',
        accountCode: 'PURCHASE',
        waitlistPosition: null,
        quotaCode: null,
      });
      expect(await applicationStatus(p1.id)).toBe('CANCELLED');
      expect(await applicationStatus(p3.id)).toBe('SELECTED');
      // Nothing more is to be paid on a cancelled award; the promoted one has its grant to come.
      expect(await award(p1.id)).toMatchObject({ payableKrw: 0 });
      expect(await award(p3.id)).toMatchObject({ payableKrw: 16 * M });
      expect(await applicationStatus(s2.id)).toBe('WAITLISTED');
      const promoted = await award(p3.id);
      expect(promoted.reason).toMatch(/^promoted/);
      expect(promoted.reason).toBe('promoted: first on the PURCHASE waitlist');
      expect(Date.parse(promoted.agreementDueAt!)).toBeGreaterThan(Date.now());

      expect(await ledger(p1.id)).toEqual([
        expect.objectContaining({ kind: 'RESERVE', amount: String(16 * M), seat_delta: 1 }),
        expect.objectContaining({
          kind: 'RELEASE',
          account_code: 'PURCHASE',
          amount: String(16 * M),
          seat_delta: -1,
        }),
      ]);
      expect(await ledger(p3.id)).toEqual([
        expect.objectContaining({ kind: 'RESERVE', amount: String(16 * M), seat_delta: 1 }),
      ]);
      const after = await budget(round.programId);
      expect(after.reservedKrw).toBe(before.reservedKrw);
      expect(account(after, 'PURCHASE')).toMatchObject({ selected: 2, reservedKrw: 32 * M });
      await expectReconciled(round.programId);
      expect(await events([p3.id])).toEqual([
        { id: p3.id, type: 'award.waitlisted' },
        { id: p3.id, type: 'award.promoted' },
      ]);
      // The company and its supplier are told that and why its award was cancelled.
      const notice = await cancelledNotice(p1.id);
      expect(notice?.payload).toMatchObject({
        applicationId: p1.id,
        reason: '수요기업이 협약 체결을 포기함',
        amountKrw: 16 * M,
        category: 'PURCHASE',
      });
      expect(notice?.payload.recipients).toEqual(notice?.parties);

      // Cancelled once only; a waitlisted award can't be cancelled.
      expectError(await cancel(p1.id), 409, 'INVALID_STATE_TRANSITION');
      expectError(await cancel(round.app('G1').id), 409, 'INVALID_STATE_TRANSITION');
      expectError(await cancel(round.app('P4').id), 404);
      expectError(
        await t.http.post(`/api/applications/${p3.id}/cancel`).set(bearer(officer)).send({}),
        400,
      );
    });

    it('makes the award CONTRACTED when applicant, supplier and officer have each signed', async () => {
      const a1 = round.app('A1').id;
      const sign = (as: { token: string }, id = a1) =>
        t.http.post(`/api/applications/${id}/agreement/sign`).set(bearer(as)).send({});

      expectError(await sign(stranger), 404);
      expectError(await sign(strangerSupplier), 404);
      expectError(await sign(evaluator), 403);
      // An outsider can't read the award either.
      expectError(await t.http.get(`/api/applications/${a1}/award`).set(bearer(stranger)), 404);

      const first = await sign(applicant);
      expect(first.status).toBe(200);
      expect(first.body.status).toBe('SELECTED');
      expect(first.body.signatures.applicant).toEqual(expect.any(String));
      expectError(await sign(applicant), 409, 'CONFLICT');
      expect((await sign(supplier.owner)).body.status).toBe('SELECTED');
      const last = await sign(officer);
      expect(last.status).toBe(200);
      expect(last.body.status).toBe('CONTRACTED');
      expect(Object.values(last.body.signatures as Record<string, string | null>)).not.toContain(
        null,
      );
      expect(await applicationStatus(a1)).toBe('CONTRACTED');
      expect((await award(a1, applicant)).status).toBe('CONTRACTED');
      expectError(await sign(officer), 409);

      // A waitlisted or rejected application has nothing to sign.
      expectError(await sign(applicant, round.app('A2').id), 409, 'INVALID_STATE_TRANSITION');
      expectError(await sign(applicant, round.app('A5').id), 404);

      // P2 is contracted too, for the payment tests.
      for (const as of [officer, supplier.owner, applicant]) {
        expect((await sign(as, round.app('P2').id)).status).toBe(200);
      }
      expect(await applicationStatus(round.app('P2').id)).toBe('CONTRACTED');
    });

    it('pays after delivery, once per Idempotency-Key, never above the grant, and claws back', async () => {
      const a1 = round.app('A1').id;
      const pay = (id: string, amountKrw: number, key?: string, final?: boolean) => {
        const req = t.http.post(`/api/applications/${id}/disbursements`).set(bearer(officer));
        if (key) void req.set('Idempotency-Key', key);
        return req.send(final === undefined ? { amountKrw } : { amountKrw, final });
      };
      const recover = (id: string, amountKrw: number) =>
        t.http
          .post(`/api/applications/${id}/recoveries`)
          .set(bearer(officer))
          .send({ amountKrw, reason: '리베이트 적발에 따른 환수' });

      // Not before delivery.
      expectError(await pay(a1, 10 * M, randomUUID()), 409, 'INVALID_STATE_TRANSITION');
      expectError(
        await t.http.post(`/api/applications/${a1}/delivery/approve`).set(bearer(officer)),
        409,
        'INVALID_STATE_TRANSITION',
      );
      expectError(
        await t.http.post(`/api/applications/${a1}/delivery`).set(bearer(strangerSupplier)),
        404,
      );
      expectError(
        await t.http.post(`/api/applications/${a1}/delivery`).set(bearer(applicant)),
        403,
      );
      const reported = await t.http
        .post(`/api/applications/${a1}/delivery`)
        .set(bearer(supplier.owner));
      expect(reported.status).toBe(200);
      expect(reported.body.deliveryReportedAt).toEqual(expect.any(String));
      expect(reported.body.status).toBe('CONTRACTED');
      const approved = await t.http
        .post(`/api/applications/${a1}/delivery/approve`)
        .set(bearer(officer));
      expect(approved.status).toBe(200);
      expect(approved.body.status).toBe('DELIVERED');
      expect(await applicationStatus(a1)).toBe('DELIVERED');

      // Without a key: refused.
      expectError(await pay(a1, 10 * M), 400, 'IDEMPOTENCY_KEY_REQUIRED');

      // 50 concurrent requests with one key pay once.
      const key = randomUUID();
      const storm = await Promise.all(Array.from({ length: 50 }, () => pay(a1, 10 * M, key)));
      expect(storm.map((r) => r.status)).toEqual(Array(50).fill(200));
      for (const r of storm) expect(r.body).toMatchObject({ paidKrw: 10 * M, status: 'DELIVERED' });
      expect(storm.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(49);
      const paidOnce = (await ledger(a1)).filter((l) => l.kind === 'DISBURSE');
      expect(paidOnce).toEqual([
        expect.objectContaining({ amount: String(10 * M), idempotency_key: `pay:${a1}:${key}` }),
      ]);
      expect((await award(a1)).paidKrw).toBe(10 * M);
      // The same key for another amount is a client error.
      expectError(await pay(a1, 20 * M, key), 422, 'IDEMPOTENCY_KEY_REUSED');

      // Partial payments add up to the grant at most.
      expect((await pay(a1, 50 * M, randomUUID())).body).toMatchObject({
        paidKrw: 60 * M,
        status: 'DELIVERED',
      });
      expectError(await pay(a1, 5 * M, randomUUID()), 409, 'BUDGET_EXCEEDED');
      const lastKey = randomUUID();
      const rest = await pay(a1, 4 * M, lastKey);
      expect(rest.status).toBe(200);
      expect(rest.body).toMatchObject({ paidKrw: 64 * M, status: 'SETTLED' });
      expect(await applicationStatus(a1)).toBe('SETTLED');
      const retried = await pay(a1, 4 * M, lastKey);
      expect(retried.status).toBe(200);
      expect(retried.headers['idempotent-replayed']).toBe('true');
      expect(retried.body.paidKrw).toBe(64 * M);
      expectError(await pay(a1, 1, randomUUID()), 409);

      let b = await budget(round.programId);
      // AI_PROCESSING keeps S3's reservation; A1's 64M turned from reserved into disbursed.
      expect(account(b, 'AI_PROCESSING')).toMatchObject({
        reservedKrw: 64 * M,
        disbursedKrw: 64 * M,
        selected: 2,
      });
      expect(b).toMatchObject({ reservedKrw: 152 * M, disbursedKrw: 64 * M });

      // Clawback: at most what was paid.
      expectError(await recover(a1, 65 * M), 409);
      expect((await recover(a1, 10 * M)).status).toBe(200);
      expectError(await recover(a1, 55 * M), 409);
      b = await budget(round.programId);
      expect(account(b, 'AI_PROCESSING').disbursedKrw).toBe(54 * M);
      expect(b).toMatchObject({ disbursedKrw: 54 * M, availableKrw: 250 * M - 152 * M - 54 * M });

      // A final partial payment settles and releases the unpaid rest.
      const p2 = round.app('P2').id;
      await t.http.post(`/api/applications/${p2}/delivery`).set(bearer(supplier.owner)).expect(200);
      await t.http
        .post(`/api/applications/${p2}/delivery/approve`)
        .set(bearer(officer))
        .expect(200);
      const settled = await pay(p2, 10 * M, randomUUID(), true);
      expect(settled.status).toBe(200);
      expect(settled.body).toMatchObject({ paidKrw: 10 * M, grantKrw: 16 * M, status: 'SETTLED' });
      expect(await applicationStatus(p2)).toBe('SETTLED');
      expect((await ledger(p2)).map((l) => [l.kind, l.amount])).toEqual([
        ['RESERVE', String(16 * M)],
        ['DISBURSE', String(10 * M)],
        ['RELEASE', String(6 * M)],
      ]);
      expectError(await pay(p2, 1 * M, randomUUID()), 409);
      b = await budget(round.programId);
      expect(account(b, 'PURCHASE')).toMatchObject({ reservedKrw: 16 * M, disbursedKrw: 10 * M });
      expect(b).toMatchObject({ reservedKrw: 136 * M, disbursedKrw: 64 * M });
      expect(b.reservedKrw + b.disbursedKrw).toBeLessThanOrEqual(b.poolKrw);
      await expectReconciled(round.programId);
      const paidEvents: Array<{ n: number }> = await db.query(
        `SELECT count(*)::int AS n FROM outbox WHERE event_type = 'payment.disbursed' AND aggregate_id = ANY($1)`,
        [[a1, p2]],
      );
      expect(paidEvents[0].n).toBe(4);
    });
  });

  // ---- a 2023-like round with quotas --------------------------------------------------------

  describe('a round configured like 2023 (regional 40 %, youth 30 %)', () => {
    let round: Round;
    let committedRun: RunView;

    // AI_PROCESSING has 10 slots: 4 regional seats, 3 youth seats. The reference date is
    // 2023-03-02. C: capital region, not youth; R: regional; Y: youth CEO; RY: both.
    const OLD = '1975-05-05';
    const specs: Spec[] = [
      { key: 'C01', category: 'AI_PROCESSING', costKrw: 50 * M, base: 95, region: 'SEOUL' },
      { key: 'C02', category: 'AI_PROCESSING', costKrw: 50 * M, base: 94, region: 'GYEONGGI' },
      { key: 'C03', category: 'AI_PROCESSING', costKrw: 50 * M, base: 93, region: 'INCHEON' },
      // Turns 40 the day after the reference date: still youth.
      {
        key: 'Y04',
        category: 'AI_PROCESSING',
        costKrw: 50 * M,
        base: 91,
        final: 92,
        region: 'SEOUL',
        ceoBirthDate: '1983-03-03',
      },
      { key: 'C05', category: 'AI_PROCESSING', costKrw: 50 * M, base: 91, region: 'SEOUL' },
      { key: 'C06', category: 'AI_PROCESSING', costKrw: 50 * M, base: 90, region: 'SEOUL' },
      // Turns 40 on the reference date: not youth.
      {
        key: 'C07',
        category: 'AI_PROCESSING',
        costKrw: 50 * M,
        base: 89,
        region: 'GYEONGGI',
        ceoBirthDate: '1983-03-02',
      },
      { key: 'C08', category: 'AI_PROCESSING', costKrw: 50 * M, base: 88, region: 'SEOUL' },
      { key: 'R09', category: 'AI_PROCESSING', costKrw: 50 * M, base: 87, region: 'BUSAN' },
      { key: 'C10', category: 'AI_PROCESSING', costKrw: 50 * M, base: 86, region: 'INCHEON' },
      {
        key: 'RY11',
        category: 'AI_PROCESSING',
        costKrw: 50 * M,
        base: 84,
        final: 85,
        region: 'JEJU',
        ceoBirthDate: '1990-01-01',
      },
      { key: 'R12', category: 'AI_PROCESSING', costKrw: 75 * M, base: 84, region: 'GANGWON' },
      // Nineteen on the reference date: youth.
      {
        key: 'Y13',
        category: 'AI_PROCESSING',
        costKrw: 50 * M,
        base: 82,
        final: 83,
        region: 'GYEONGGI',
        ceoBirthDate: '2004-03-02',
      },
      { key: 'R14', category: 'AI_PROCESSING', costKrw: 50 * M, base: 82, region: 'DAEJEON' },
      { key: 'R15', category: 'AI_PROCESSING', costKrw: 50 * M, base: 81, region: 'JEONNAM' },
      { key: 'C16', category: 'AI_PROCESSING', costKrw: 50 * M, base: 80, region: 'SEOUL' },
      // Regional but below the cut-off: no quota saves it.
      {
        key: 'R17',
        category: 'AI_PROCESSING',
        costKrw: 50 * M,
        base: 59,
        final: 60,
        region: 'ULSAN',
      },
    ].map((s) => ({ ceoBirthDate: OLD, ...s }) as Spec);

    beforeAll(async () => {
      round = await buildRound(
        2023,
        (r) => {
          r.categories.find((c) => c.code === 'PURCHASE')!.slots = 2;
          r.categories.find((c) => c.code === 'GENERAL_PROCESSING')!.slots = 1;
          r.categories.find((c) => c.code === 'AI_PROCESSING')!.slots = 10;
        },
        specs,
      );
    });

    it('reserves quota seats first, in rank order, and gives the rest by rank', async () => {
      expect(round.rules.quotas.map((q) => [q.code, q.share])).toEqual([
        ['REGIONAL', 0.4],
        ['YOUTH', 0.3],
      ]);
      // Youth pay 10 %p less: 90 % of 50M; others 80 %; the AI cap is 60M.
      expect(round.app('Y04')).toMatchObject({ coPaymentPercent: 10, grantKrw: 45 * M });
      expect(round.app('C07')).toMatchObject({ coPaymentPercent: 20, grantKrw: 40 * M });
      expect(round.app('R12').grantKrw).toBe(60 * M);

      const res = await preview(round.programId);
      expect(res.status).toBe(201);
      const run = res.body as RunView;
      const { got } = await expectDecisionsAsCalculated(round, run.id);

      expect(keysWith(round, got, 'SELECTED')).toEqual(
        ['C01', 'C02', 'C03', 'Y04', 'C05', 'R09', 'RY11', 'R12', 'Y13', 'R14'].sort(),
      );
      expect(keysWith(round, got, 'WAITLISTED')).toEqual(
        ['C06', 'C07', 'C08', 'C10', 'R15', 'C16'].sort(),
      );
      expect(keysWith(round, got, 'REJECTED')).toEqual(['R17']);
      const d = (key: string) => got.find((x) => x.applicationId === round.app(key).id)!;
      expect(d('R09')).toMatchObject({
        rank: 9,
        quotaCode: 'REGIONAL',
        reason: 'selected: rank 9 in AI_PROCESSING, regional quota',
      });
      expect(d('R14')).toMatchObject({ rank: 14, quotaCode: 'REGIONAL' });
      // RY11 already counts for the youth quota; Y04 (39) and Y13 (19) fill it, C07 (40) does not.
      expect(d('Y04')).toMatchObject({
        rank: 4,
        quotaCode: 'YOUTH',
        reason: 'selected: rank 4 in AI_PROCESSING, youth quota',
      });
      expect(d('Y13')).toMatchObject({ rank: 13, quotaCode: 'YOUTH' });
      expect(d('C05')).toMatchObject({
        quotaCode: null,
        reason: 'selected: rank 5 in AI_PROCESSING',
      });
      expect(d('C06')).toMatchObject({
        rank: 6,
        waitlistPosition: 1,
        reason: 'waitlisted: slots exhausted (10/10)',
      });
      expect(d('C16')).toMatchObject({ waitlistPosition: 6 });
      expect(d('R17').reason).toBe('rejected: base 59.00 < cut-off 60');

      const ai = run.summary.categories.find((c) => c.code === 'AI_PROCESSING')!;
      const reserved = got
        .filter((x) => x.outcome === 'SELECTED')
        .reduce((n, x) => n + x.grantKrw, 0);
      expect(ai).toEqual({
        code: 'AI_PROCESSING',
        slots: 10,
        seatsAvailable: 10,
        selected: 10,
        waitlisted: 6,
        rejected: 1,
        reservedKrw: reserved,
        quotas: [
          { code: 'REGIONAL', seats: 4, filled: 4 },
          { code: 'YOUTH', seats: 3, filled: 3 },
        ],
      });
      expect(reserved).toBe(6 * 40 * M + 3 * 45 * M + 60 * M);
      expect(run.summary.categories.find((c) => c.code === 'PURCHASE')).toMatchObject({
        slots: 2,
        selected: 0,
        quotas: [
          { code: 'REGIONAL', seats: 0, filled: 0 },
          { code: 'YOUTH', seats: 0, filled: 0 },
        ],
      });
      expect(run.summary.pool).toMatchObject({ reservedKrw: reserved });
    });

    it('refuses a stale preview, and commits only one of two racing previews', async () => {
      const stale = (await preview(round.programId)).body as RunView;
      const c06 = round.app('C06').id;
      await db.query(
        `UPDATE application_scores SET base_score = 99, final_score = 99 WHERE application_id = $1`,
        [c06],
      );
      const refused = await commit(stale.id);
      expectError(refused, 409, 'STALE_SELECTION_RUN');
      expect(refused.body.details).toMatchObject({ runInputHash: stale.inputHash });
      expect(await applicationStatus(c06)).toBe('SCORED');
      expect((await budget(round.programId)).reservedKrw).toBe(0);
      await db.query(
        `UPDATE application_scores SET base_score = 90, final_score = 90 WHERE application_id = $1`,
        [c06],
      );

      // Two fresh previews of the same input are identical; only one of them commits.
      const [a, b] = (await Promise.all([preview(round.programId), preview(round.programId)])).map(
        (r) => r.body as RunView,
      );
      expect(a.id).not.toBe(b.id);
      expect([a.inputHash, a.outputHash]).toEqual([stale.inputHash, stale.outputHash]);
      expect([b.inputHash, b.outputHash]).toEqual([stale.inputHash, stale.outputHash]);
      const raced = await Promise.all([commit(a.id), commit(b.id)]);
      expect(raced.map((r) => r.status).sort()).toEqual([200, 409]);
      committedRun = raced.find((r) => r.status === 200)!.body as RunView;

      const expected = reference(round.rules, round.apps);
      const selected = round.apps.filter((x) => expected.get(x.id)!.outcome === 'SELECTED');
      const view = await budget(round.programId);
      expect(view.reservedKrw).toBe(selected.reduce((n, x) => n + x.grantKrw, 0));
      expect(account(view, 'AI_PROCESSING').selected).toBe(10);
      expect(await expectReconciled(round.programId)).toBe(10);
      expect(await events(round.apps.map((x) => x.id))).toHaveLength(round.apps.length);
      const runs: Array<{ status: string; n: number }> = await db.query(
        `SELECT status, count(*)::int AS n FROM selection_runs WHERE program_id = $1 GROUP BY status ORDER BY status`,
        [round.programId],
      );
      expect(runs).toEqual([
        { status: 'COMMITTED', n: 1 },
        { status: 'PREVIEW', n: 3 },
      ]);
    });

    it('promotes for a quota only while the quota falls short, otherwise the first in line', async () => {
      const promotedBy = async (cancelKey: string) => {
        const res = await cancel(round.app(cancelKey).id, '협약 포기');
        expect(res.status).toBe(200);
        const promoted = res.body.promoted as AwardView;
        return round.apps.find((a) => a.id === promoted.applicationId)!.key;
      };
      const before = (await budget(round.programId)).reservedKrw;

      // R09 held a regional seat: the regional quota is short (3 of 4), so R15 (rank 15) moves
      // up ahead of C06 (rank 6).
      expect(await promotedBy('R09')).toBe('R15');
      expect(await award(round.app('R15').id)).toMatchObject({
        status: 'SELECTED',
        quotaCode: 'REGIONAL',
        reason: 'promoted: first waitlisted for the regional quota in AI_PROCESSING',
      });
      expect(await award(round.app('C06').id)).toMatchObject({ status: 'WAITLISTED' });

      // C01 held no quota seat and every quota is full: the first in line, C06.
      expect(await promotedBy('C01')).toBe('C06');
      expect(await award(round.app('C06').id)).toMatchObject({
        quotaCode: null,
        reason: 'promoted: first on the AI_PROCESSING waitlist',
      });

      // Y13 held a youth seat, but nobody waiting is youth-led (C07 is 40): the seat returns
      // to the general ranking.
      expect(await promotedBy('Y13')).toBe('C07');
      expect((await award(round.app('C07').id)).reason).toBe(
        'promoted: first on the AI_PROCESSING waitlist',
      );

      const view = await budget(round.programId);
      const grant = (k: string) => round.app(k).grantKrw;
      expect(view.reservedKrw).toBe(
        before -
          grant('R09') +
          grant('R15') -
          grant('C01') +
          grant('C06') -
          grant('Y13') +
          grant('C07'),
      );
      expect(account(view, 'AI_PROCESSING').selected).toBe(10);
      await expectReconciled(round.programId);
      const statuses: Array<{ status: string; n: number }> = await db.query(
        `SELECT status, count(*)::int AS n FROM awards WHERE program_id = $1 GROUP BY status ORDER BY status`,
        [round.programId],
      );
      expect(statuses).toEqual([
        { status: 'CANCELLED', n: 3 },
        { status: 'SELECTED', n: 10 },
        { status: 'WAITLISTED', n: 3 },
      ]);
      const promotedEvents = (await events(round.apps.map((a) => a.id))).filter(
        (e) => e.type === 'award.promoted',
      );
      expect(promotedEvents.map((e) => e.id).sort()).toEqual(
        ['R15', 'C06', 'C07'].map((k) => round.app(k).id).sort(),
      );
      // The run is still the one that was committed, and replays identically.
      const replay = await t.http
        .post(`/api/selection-runs/${committedRun.id}/replay`)
        .set(bearer(officer))
        .send({});
      expect(replay.body).toMatchObject({ identical: true, outputHash: committedRun.outputHash });
    });
  });

  // ---- waitlist positions --------------------------------------------------------------------

  describe('waitlist positions', () => {
    let round: Round;
    const positions = async (keys: string[]) =>
      Object.fromEntries(
        await Promise.all(
          keys.map(async (k) => [k, (await award(round.app(k).id, applicant)).waitlistPosition]),
        ),
      );
    const moves = async (keys: string[]) =>
      (
        (await db.query(
          `SELECT aggregate_id AS id, payload FROM outbox
            WHERE event_type = 'award.waitlist_moved' AND aggregate_id = ANY($1) ORDER BY outbox.id`,
          [keys.map((k) => round.app(k).id)],
        )) as Array<{
          id: string;
          payload: { position: number; previousPosition: number; recipients: string[] };
        }>
      ).map((e) => [
        round.apps.find((a) => a.id === e.id)!.key,
        e.payload.previousPosition,
        e.payload.position,
        e.payload.recipients,
      ]);

    // One seat in PURCHASE and in AI_PROCESSING: P0 and A0 are selected, the rest wait in rank order.
    beforeAll(async () => {
      round = await buildRound(
        2021,
        (r) => {
          r.categories.find((c) => c.code === 'PURCHASE')!.slots = 1;
          r.categories.find((c) => c.code === 'AI_PROCESSING')!.slots = 1;
        },
        [
          { key: 'P0', category: 'PURCHASE', costKrw: 20 * M, base: 90 },
          { key: 'P1', category: 'PURCHASE', costKrw: 20 * M, base: 85 },
          { key: 'P2', category: 'PURCHASE', costKrw: 20 * M, base: 80 },
          { key: 'P3', category: 'PURCHASE', costKrw: 20 * M, base: 75 },
          { key: 'P4', category: 'PURCHASE', costKrw: 20 * M, base: 70 },
          { key: 'P5', category: 'PURCHASE', costKrw: 20 * M, base: 65 },
          { key: 'A0', category: 'AI_PROCESSING', costKrw: 80 * M, base: 90 },
          { key: 'A1', category: 'AI_PROCESSING', costKrw: 80 * M, base: 80 },
          { key: 'A2', category: 'AI_PROCESSING', costKrw: 80 * M, base: 70 },
        ],
      );
      const committed = await t.http
        .post(`/api/programs/${round.programId}/selection-runs`)
        .set(bearer(officer))
        .send({ dryRun: false });
      expect(committed.status).toBe(201);
    });

    it('numbers the waitlist 1..k again after a promotion, telling those who moved up', async () => {
      expect(await positions(['P1', 'P2', 'P3', 'P4', 'P5', 'A1', 'A2'])).toEqual({
        P1: 1,
        P2: 2,
        P3: 3,
        P4: 4,
        P5: 5,
        A1: 1,
        A2: 2,
      });
      const res = await cancel(round.app('P0').id);
      expect(res.status).toBe(200);
      expect(res.body.promoted).toMatchObject({
        applicationId: round.app('P1').id,
        waitlistPosition: null,
      });
      // No gap where P1 was; AI_PROCESSING's line is another line and stays as it is.
      expect(await positions(['P1', 'P2', 'P3', 'P4', 'P5', 'A1', 'A2'])).toEqual({
        P1: null,
        P2: 1,
        P3: 2,
        P4: 3,
        P5: 4,
        A1: 1,
        A2: 2,
      });
      // Each one who moved up is told once, in the same transaction as the move.
      expect(await moves(['P2', 'P3', 'P4', 'P5', 'A1', 'A2'])).toEqual([
        ['P2', 2, 1, [applicant.id]],
        ['P3', 3, 2, [applicant.id]],
        ['P4', 4, 3, [applicant.id]],
        ['P5', 5, 4, [applicant.id]],
      ]);
      const [audit] = await db.query(
        `SELECT actor_id, after FROM audit_log
          WHERE entity = 'program' AND entity_id = $1 AND action = 'waitlist.renumbered'`,
        [round.programId],
      );
      expect(audit).toEqual({
        actor_id: officer.id,
        after: { categories: ['PURCHASE'], moved: 4, outOfLine: [] },
      });
    });

    it('takes a withdrawn waiter out of the line and moves only those behind it up', async () => {
      const [p3, p4] = [round.app('P3').id, round.app('P4').id];
      const reservedBefore = (await budget(round.programId)).reservedKrw;
      const told = (await moves(['P2', 'P4', 'P5'])).length;
      // Only the applicant itself may withdraw it.
      expectError(
        await t.http.post(`/api/applications/${p3}/withdraw`).set(bearer(stranger)).send({}),
        404,
        'NOT_FOUND',
      );
      const res = await t.http.post(`/api/applications/${p3}/withdraw`).set(bearer(applicant));
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('WITHDRAWN');
      expect(await award(p3)).toMatchObject({
        status: 'CANCELLED',
        waitlistPosition: null,
        cancelReason: 'withdrawn by the applicant',
        accountCode: null,
      });
      expect(await positions(['P2', 'P4', 'P5'])).toEqual({ P2: 1, P4: 2, P5: 3 });
      // P2 did not move, so it hears nothing new.
      expect((await moves(['P2', 'P4', 'P5'])).slice(told)).toEqual([
        ['P4', 3, 2, [applicant.id]],
        ['P5', 4, 3, [applicant.id]],
      ]);
      expect((await budget(round.programId)).reservedKrw).toBe(reservedBefore);
      expect(await ledger(p3)).toEqual([]);
      await expectReconciled(round.programId);
      const audit = await db.query(
        `SELECT action, actor_id, before, after FROM audit_log
          WHERE entity = 'award' AND entity_id = $1 ORDER BY id`,
        [p3],
      );
      expect(audit).toEqual([
        {
          action: 'award.left_waitlist',
          actor_id: applicant.id,
          before: { status: 'WAITLISTED', waitlistPosition: 2 },
          after: { status: 'CANCELLED', reason: 'withdrawn by the applicant' },
        },
      ]);
      expectError(
        await t.http.post(`/api/applications/${p3}/withdraw`).set(bearer(applicant)),
        409,
        'INVALID_STATE_TRANSITION',
      );
      // The next promotion goes by rank past the gap: P2, and P4, P5 read 1, 2.
      const next = await cancel(round.app('P1').id);
      expect(next.body.promoted.applicationId).toBe(round.app('P2').id);
      expect(await positions(['P4', 'P5'])).toEqual({ P4: 1, P5: 2 });
      expect(await applicationStatus(p4)).toBe('WAITLISTED');
    });

    it('lets the applicant decline its SELECTED award, with what a cancellation does to money and the waitlist', async () => {
      const [p2, p4, p5] = ['P2', 'P4', 'P5'].map((k) => round.app(k).id);
      const decline = (
        id: string,
        as: { token: string },
        body: object = { reason: '자체 예산으로 수행' },
      ) => t.http.post(`/api/applications/${id}/decline`).set(bearer(as)).send(body);
      expect(await award(p2)).toMatchObject({ status: 'SELECTED', accountCode: 'PURCHASE' });
      // Only the company that applied: another company's user gets 404, other roles 403.
      expectError(await decline(p2, stranger), 404, 'NOT_FOUND');
      expectError(await decline(randomUUID(), applicant), 404, 'NOT_FOUND');
      for (const as of [supplier.owner, officer, evaluator])
        expectError(await decline(p2, as), 403, 'FORBIDDEN');
      expectError(await decline(p2, applicant, {}), 400, 'VALIDATION_FAILED');
      expectError(await decline(p2, applicant, { reason: '   ' }), 400, 'VALIDATION_FAILED');
      expect(await award(p2)).toMatchObject({ status: 'SELECTED' });

      // Signing first is no obstacle: the agreement is not concluded until all three have signed.
      const signed = await t.http
        .post(`/api/applications/${p2}/agreement/sign`)
        .set(bearer(applicant))
        .send({});
      expect(signed.status).toBe(200);
      const before = await budget(round.programId);
      const res = await decline(p2, applicant);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        applicationId: p2,
        status: 'CANCELLED',
        cancelReason: 'declined by the applicant: 자체 예산으로 수행',
      });
      // The declined award only: who moved up is another company's business.
      expect(res.body).not.toHaveProperty('promoted');
      expect(await applicationStatus(p2)).toBe('CANCELLED');

      // Money: released on the ledger, and the next in line reserved, exactly as a cancel does.
      expect(await ledger(p2)).toEqual([
        expect.objectContaining({ kind: 'RESERVE', amount: String(16 * M), seat_delta: 1 }),
        expect.objectContaining({
          kind: 'RELEASE',
          account_code: 'PURCHASE',
          amount: String(16 * M),
          seat_delta: -1,
          reason: 'cancelled: declined by the applicant: 자체 예산으로 수행',
        }),
      ]);
      expect(await award(p4)).toMatchObject({
        status: 'SELECTED',
        reason: 'promoted: first on the PURCHASE waitlist',
        waitlistPosition: null,
      });
      expect(await ledger(p4)).toEqual([
        expect.objectContaining({ kind: 'RESERVE', amount: String(16 * M), seat_delta: 1 }),
      ]);
      const after = await budget(round.programId);
      expect(after.reservedKrw).toBe(before.reservedKrw);
      expect(account(after, 'PURCHASE').selected).toBe(1);
      await expectReconciled(round.programId);
      expect((await award(p5, applicant)).waitlistPosition).toBe(1);

      // The trail names the applicant; the supplier and officers are told, the promoted too.
      const trail = await db.query(
        `SELECT entity_id, action, actor_id, actor_role FROM audit_log
          WHERE entity = 'award'
            AND ((entity_id = $1 AND action = 'award.declined') OR (entity_id = $2 AND action = 'award.promoted'))
          ORDER BY id`,
        [p2, p4],
      );
      expect(trail).toEqual([
        {
          entity_id: p2,
          action: 'award.declined',
          actor_id: applicant.id,
          actor_role: 'APPLICANT',
        },
        {
          entity_id: p4,
          action: 'award.promoted',
          actor_id: applicant.id,
          actor_role: 'APPLICANT',
        },
      ]);
      const [declined] = await db.query(
        `SELECT payload FROM outbox WHERE event_type = 'award.declined' AND aggregate_id = $1`,
        [p2],
      );
      expect(declined.payload).toMatchObject({
        amountKrw: 16 * M,
        reason: '자체 예산으로 수행',
        recipients: [applicant.id, supplier.owner.id],
      });
      expect(
        (await events([p4])).map((e) => e.type).filter((type) => type !== 'award.waitlist_moved'),
      ).toEqual(['award.waitlisted', 'award.promoted']);

      // A second decline is a clear 409 and changes nothing.
      const again = await decline(p2, applicant);
      expectError(again, 409, 'INVALID_STATE_TRANSITION');
      expect(again.body.message).toBe(
        'The award is already cancelled (declined, withdrawn or cancelled by the operator)',
      );
      expect(await ledger(p2)).toHaveLength(2);
      // Nor can a waitlisted award be declined (the application is withdrawn instead), nor one
      // whose agreement is concluded.
      expectError(await decline(p5, applicant), 409, 'INVALID_STATE_TRANSITION');
      const a0 = round.app('A0').id;
      for (const as of [applicant, supplier.owner, officer]) {
        const sign = await t.http
          .post(`/api/applications/${a0}/agreement/sign`)
          .set(bearer(as))
          .send({});
        expect(sign.status).toBe(200);
      }
      expect((await award(a0)).status).toBe('CONTRACTED');
      const contracted = await decline(a0, applicant);
      expectError(contracted, 409, 'INVALID_STATE_TRANSITION');
      expect(contracted.body.message).toMatch(/this one is CONTRACTED$/);
    });
  });

  // ---- racing cancellations -----------------------------------------------------------------

  it('keeps reservations within the pool and seats within the slots under 64 concurrent cancellations', async () => {
    const SELECTED = 20;
    const WAITING = 30;
    // 50 PURCHASE applications of 16M each; the pool leaves only 10M beyond 20 grants.
    const round = await buildRound(
      2021,
      (r) => {
        r.totalPoolKrw = SELECTED * 16 * M + 10 * M;
        r.specialPools[0].budgetKrw = 10 * M;
        r.categories.find((c) => c.code === 'PURCHASE')!.slots = SELECTED;
      },
      Array.from({ length: SELECTED + WAITING }, (_, i) => ({
        key: `N${String(i + 1).padStart(2, '0')}`,
        category: 'PURCHASE' as const,
        costKrw: 20 * M,
        base: 99 - i * 0.5,
      })),
      10,
    );
    const ranked = round.apps; // by key: N01 is the best
    // Preview and commit in one call.
    const committed = await t.http
      .post(`/api/programs/${round.programId}/selection-runs`)
      .set(bearer(officer))
      .send({ dryRun: false });
    expect(committed.status).toBe(201);
    expect(committed.body.status).toBe('COMMITTED');
    expect(account(await budget(round.programId), 'PURCHASE').selected).toBe(SELECTED);

    const check = async () => {
      const b = await budget(round.programId);
      expect(b.reservedKrw + b.disbursedKrw).toBeLessThanOrEqual(b.poolKrw);
      expect(b.availableKrw).toBeGreaterThanOrEqual(0);
      for (const a of b.accounts) {
        if (a.slots !== null) expect(a.selected).toBeLessThanOrEqual(a.slots);
        expect(a.reservedKrw + a.disbursedKrw).toBeLessThanOrEqual(a.limitKrw);
      }
      await expectReconciled(round.programId);
      const rows: Array<{ status: string; n: number }> = await db.query(
        `SELECT status, count(*)::int AS n FROM awards WHERE program_id = $1 GROUP BY status`,
        [round.programId],
      );
      const count = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
      // Every application's ledger nets to its grant and one seat, or to nothing.
      const nets: Array<{ id: string; seats: number; reserved: string }> = await db.query(
        `SELECT application_id AS id, sum(seat_delta)::int AS seats,
                sum(CASE kind WHEN 'RESERVE' THEN amount_krw ELSE -amount_krw END)::text AS reserved
           FROM budget_ledger WHERE program_id = $1 GROUP BY application_id`,
        [round.programId],
      );
      for (const n of nets) {
        expect([
          [0, '0'],
          [1, String(16 * M)],
        ]).toContainEqual([n.seats, n.reserved]);
      }
      expect(nets.filter((n) => n.seats === 1)).toHaveLength(count('SELECTED'));
      return { b, selected: count('SELECTED'), waiting: count('WAITLISTED') };
    };

    // Wave 1: the 20 selected awards cancelled at once, 44 duplicate cancels among them.
    const targets = ranked.slice(0, SELECTED).map((a) => a.id);
    const wave1 = Array.from({ length: 64 }, (_, i) => targets[(i * 7) % SELECTED]);
    const res1 = await Promise.all(wave1.map((id) => cancel(id, '동시 취소')));
    for (const r of res1) expect([200, 409]).toContain(r.status);
    const ok1 = res1.filter((r) => r.status === 200);
    expect(ok1).toHaveLength(SELECTED);
    for (const r of res1.filter((x) => x.status === 409))
      expect(r.body.code).toBe('INVALID_STATE_TRANSITION');
    const cancelled1 = ok1.map((r) => (r.body.cancelled as AwardView).applicationId);
    expect(new Set(cancelled1)).toEqual(new Set(targets));
    const promoted1 = ok1.map((r) => (r.body.promoted as AwardView | null)?.applicationId);
    // Each cancellation promoted someone, each a different one, in rank order of the waitlist.
    expect(new Set(promoted1)).toEqual(
      new Set(ranked.slice(SELECTED, 2 * SELECTED).map((a) => a.id)),
    );
    expect(promoted1.filter((id) => id && targets.includes(id))).toEqual([]);
    let state = await check();
    expect(state.selected).toBe(SELECTED);
    expect(state.waiting).toBe(WAITING - SELECTED);
    expect(account(state.b, 'PURCHASE')).toMatchObject({
      selected: SELECTED,
      reservedKrw: SELECTED * 16 * M,
    });

    // Wave 2: the promoted ones cancelled at once (plus duplicates and cancels of waiting ones):
    // only 10 are left to promote.
    const second = promoted1.map((id) => id!);
    const stillWaiting = ranked.slice(2 * SELECTED).map((a) => a.id);
    const wave2 = [...second, second[0], second[1], second[2], stillWaiting[0], stillWaiting[9]];
    const res2 = await Promise.all(wave2.map((id) => cancel(id, '동시 취소')));
    for (const r of res2) expect([200, 409]).toContain(r.status);
    for (const r of res2.filter((x) => x.status === 409))
      expect(r.body.code).toBe('INVALID_STATE_TRANSITION');
    const ok2 = res2.filter((r) => r.status === 200);
    // The two waiting ones are refused while they wait; one promoted before its cancel arrives
    // is cancelled like any other award. Either way every waiter moves up exactly once.
    const lateCancels = ok2.length - SELECTED;
    expect(lateCancels).toBeGreaterThanOrEqual(0);
    expect(lateCancels).toBeLessThanOrEqual(2);
    const promoted2 = ok2
      .map((r) => (r.body.promoted as AwardView | null)?.applicationId)
      .filter((id): id is string => Boolean(id));
    expect(promoted2).toHaveLength(WAITING - SELECTED);
    expect(new Set(promoted2)).toEqual(new Set(stillWaiting));
    state = await check();
    expect(state.waiting).toBe(0);
    expect(state.selected).toBe(WAITING - SELECTED - lateCancels);
    const everPromoted = [...promoted1, ...promoted2];
    expect(new Set(everPromoted).size).toBe(everPromoted.length);
    const selectedNow: Array<{ id: string }> = await db.query(
      `SELECT application_id AS id FROM awards WHERE program_id = $1 AND status = 'SELECTED'`,
      [round.programId],
    );
    expect(selectedNow).toHaveLength(account(state.b, 'PURCHASE').selected);
    for (const { id } of selectedNow) {
      expect(stillWaiting).toContain(id);
      expect(targets).not.toContain(id);
    }
    const promotedEvents: Array<{ id: string; n: number }> = await db.query(
      `SELECT aggregate_id AS id, count(*)::int AS n FROM outbox
        WHERE event_type = 'award.promoted' AND aggregate_id = ANY($1) GROUP BY aggregate_id`,
      [round.apps.map((a) => a.id)],
    );
    expect(promotedEvents.every((e) => e.n === 1)).toBe(true);
    expect(promotedEvents).toHaveLength(everPromoted.length);
  });

  // ---- reading the input --------------------------------------------------------------------

  it('reads submission times as the pg driver and Date.toISOString() gave them, in any time zone', async () => {
    // The input hash of every recorded run depends on this text: microseconds are cut off
    // (not rounded), offsets of any kind are resolved, the session time zone does not matter.
    const times = [
      '2021-03-02 09:00:00+09',
      '2021-03-02 09:00:00.5+09',
      '2021-03-31 17:59:59.999999+09',
      '2021-12-31 23:59:59.9995+00',
      '2022-06-15 12:34:56.000999-07:30',
      '1999-01-01 00:00:00.123456+05:45',
      '2024-02-29 23:59:59.001+14',
      '2021-03-28 02:30:00.1-08:27:52',
    ];
    for (const zone of ['UTC', 'Asia/Seoul', 'America/St_Johns']) {
      const rows: Array<{ t: Date; iso: string }> = await db.transaction(async (tx) => {
        await tx.query(`SET LOCAL TIME ZONE '${zone}'`);
        return tx.query(
          `SELECT t, ${isoTimestamp('t')} AS iso FROM unnest($1::timestamptz[]) AS u(t)`,
          [times],
        );
      });
      expect(rows.map((r) => r.iso)).toEqual(rows.map((r) => r.t.toISOString()));
    }
  });

  // ---- who may do what ----------------------------------------------------------------------

  it('refuses selection and award routes to other roles, and unknown runs with 404', async () => {
    const program = await openProgramForYear(t, officer.token, 2021);
    const run = randomUUID();
    const app = randomUUID();
    const routes: Array<[string, string, object?]> = [
      ['post', `/api/programs/${program.id}/selection-runs`, { dryRun: true }],
      ['get', `/api/programs/${program.id}/selection-runs`],
      ['get', `/api/selection-runs/${run}`],
      ['get', `/api/selection-runs/${run}/decisions`],
      ['get', `/api/selection-runs/${run}/decisions.csv`],
      ['post', `/api/selection-runs/${run}/commit`, {}],
      ['post', `/api/selection-runs/${run}/replay`, {}],
      ['get', `/api/programs/${program.id}/budget`],
      ['post', `/api/applications/${app}/cancel`, { reason: 'x' }],
      ['post', `/api/applications/${app}/delivery/approve`, {}],
      ['post', `/api/applications/${app}/disbursements`, { amountKrw: 1 }],
      ['post', `/api/applications/${app}/recoveries`, { amountKrw: 1, reason: 'x' }],
    ];
    for (const user of [applicant, supplier.owner, evaluator]) {
      for (const [method, url, body] of routes) {
        const req = method === 'get' ? t.http.get(url) : t.http.post(url).send(body);
        const res = await req.set(bearer(user));
        expect({ url, status: res.status }).toEqual({ url, status: 403 });
      }
    }
    for (const [method, url, body] of routes.slice(2, 7)) {
      const req = method === 'get' ? t.http.get(url) : t.http.post(url).send(body);
      expectError(await req.set(bearer(officer)), 404, 'NOT_FOUND');
    }
    expectError(
      await t.http
        .post(`/api/applications/${app}/cancel`)
        .set(bearer(officer))
        .send({ reason: 'x' }),
      404,
    );
    // Not a UUID; and nobody signed in.
    expectError(
      await t.http.get('/api/selection-runs/not-a-uuid/decisions').set(bearer(officer)),
      400,
    );
    expectError(await t.http.get(`/api/selection-runs/${run}`), 401);
    // A program that is not EVALUATING can't be previewed.
    expectError(await preview(program.id), 409, 'INVALID_STATE_TRANSITION');
  });

  it('ends what the run did not decide on at commit, with the reason, the company told', async () => {
    const round = await buildRound(2021, () => undefined, [
      { key: 'K1', category: 'PURCHASE', costKrw: 20 * M, base: 90 },
      { key: 'U1', category: 'PURCHASE', costKrw: 20 * M, base: 85 },
      { key: 'F1', category: 'PURCHASE', costKrw: 20 * M, base: 80 },
      { key: 'C1', category: 'PURCHASE', costKrw: 20 * M, base: 75 },
    ]);
    const [k1, u1, f1, c1] = ['K1', 'U1', 'F1', 'C1'].map((k) => round.app(k).id);
    // U1's evaluation never finished; F1's supplier was flagged after scoring; C1 still waits
    // for its supplier's confirmation (as if it had never been confirmed), and is a second
    // application of K1's company (a submission not yet assessed holds no place).
    await db.query(`DELETE FROM application_scores WHERE application_id = ANY($1)`, [[u1, c1]]);
    await db.query(`UPDATE applications SET status = 'UNDER_REVIEW' WHERE id = $1`, [u1]);
    await db.query(
      `UPDATE applications SET status = 'SUBMITTED', supplier_confirmed_at = NULL,
              company_id = (SELECT company_id FROM applications WHERE id = $2)
        WHERE id = $1`,
      [c1, k1],
    );
    await db.query(
      `UPDATE applications SET flagged = true, flag_reason = 'supplier suspended: 테스트' WHERE id = $1`,
      [f1],
    );
    const run = (await preview(round.programId)).body as RunView;
    expect((await decisions(run.id)).map((d) => d.applicationId)).toEqual([k1]);
    expect((await commit(run.id)).status).toBe(200);

    expect(await applicationStatus(k1)).toBe('SELECTED');
    const rejected = await db.query(
      `SELECT o.aggregate_id AS id, o.payload->>'reason' AS reason, o.payload->'recipients' AS recipients,
              l.before->>'status' AS before, l.after->>'status' AS status
         FROM outbox o
         JOIN audit_log l ON l.entity_id = o.aggregate_id AND l.action = 'application.rejected'
        WHERE o.event_type = 'award.rejected' AND o.aggregate_id = ANY($1)
        ORDER BY l.before->>'status'`,
      [[u1, f1, c1]],
    );
    expect(rejected).toEqual([
      {
        id: f1,
        before: 'SCORED',
        status: 'REJECTED',
        reason: 'excluded from the selection: supplier suspended: 테스트',
        recipients: [applicant.id],
      },
      {
        id: u1,
        before: 'UNDER_REVIEW',
        status: 'REJECTED',
        reason: 'not evaluated: its evaluation was not completed when the selection was made',
        recipients: [applicant.id],
      },
    ]);
    for (const id of [u1, f1]) expect(await applicationStatus(id)).toBe('REJECTED');
    // The never-confirmed submission ends as a confirmation after the window would.
    expect(await applicationStatus(c1)).toBe('INELIGIBLE');
    const [unassessed] = await db.query(
      `SELECT a.eligibility, o.payload->'failures' AS failures, o.payload->'recipients' AS recipients,
              l.before->>'status' AS before
         FROM applications a
         JOIN outbox o ON o.aggregate_id = a.id::text AND o.event_type = 'application.ineligible'
         JOIN audit_log l ON l.entity_id = a.id::text AND l.action = 'application.ineligible'
        WHERE a.id = $1`,
      [c1],
    );
    const failure = {
      code: 'WINDOW_CLOSED',
      reason: 'not assessed: the supplier did not confirm the pre-agreement before the selection',
    };
    expect(unassessed).toEqual({
      eligibility: { eligible: false, failures: [failure] },
      failures: [failure],
      recipients: [applicant.id],
      before: 'SUBMITTED',
    });
    // No award and no money for them; the budget still reconciles.
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM awards WHERE application_id = ANY($1)`,
      [[u1, f1, c1]],
    );
    expect(n).toBe(0);
    await expectReconciled(round.programId);
  });

  // Last in the file: it suspends the suite's supplier.
  it('cancels overdue agreements and the unpaid awards of a sanctioned supplier, promoting the next in line', async () => {
    // PURCHASE: 1 seat (D1 selected, D2 waiting). Special pool of 20M: S1 selected, S2 waiting.
    const round = await buildRound(
      2021,
      (r) => {
        r.categories.find((c) => c.code === 'PURCHASE')!.slots = 1;
        r.specialPools[0].budgetKrw = 20 * M;
      },
      [
        { key: 'D1', category: 'PURCHASE', costKrw: 20 * M, base: 90 },
        { key: 'D2', category: 'PURCHASE', costKrw: 20 * M, base: 80 },
        {
          key: 'S1',
          category: 'PURCHASE',
          costKrw: 20 * M,
          base: 88,
          socialIssue: 'COVID19',
          type: 'UNIVERSITY',
        },
        {
          key: 'S2',
          category: 'PURCHASE',
          costKrw: 20 * M,
          base: 70,
          socialIssue: 'COVID19',
          type: 'HOSPITAL',
        },
      ],
    );
    const run = (await preview(round.programId)).body as RunView;
    expect((await commit(run.id)).status).toBe(200);
    const [d1, d2, s1, s2] = ['D1', 'D2', 'S1', 'S2'].map((k) => round.app(k).id);
    expect(await applicationStatus(d1)).toBe('SELECTED');
    expect(await applicationStatus(s1)).toBe('SELECTED');
    expect(await applicationStatus(s2)).toBe('WAITLISTED');
    // Both wait in PURCHASE (positions count every track of the category).
    expect((await award(d2)).waitlistPosition).toBe(1);
    expect((await award(s2)).waitlistPosition).toBe(2);

    // The worker's sweep: D1 missed its agreement deadline → cancelled, D2 promoted.
    await db.query(
      `UPDATE awards SET agreement_due_at = now() - interval '1 minute' WHERE application_id = $1`,
      [d1],
    );
    const awards = t.app.get(AwardService);
    expect(await awards.cancelOverdue()).toBe(1);
    expect(await award(d1)).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'agreement deadline missed',
    });
    expect(await award(d2)).toMatchObject({ status: 'SELECTED', accountCode: 'PURCHASE' });
    expect((await award(s2)).waitlistPosition).toBe(1);
    expect(await awards.cancelOverdue()).toBe(0);
    const overdue = await cancelledNotice(d1);
    expect(overdue?.payload).toMatchObject({
      reason: 'agreement deadline missed',
      // What it held: 80 % of the 20 M cost.
      amountKrw: 16 * M,
    });
    expect(overdue?.payload.recipients).toEqual(overdue?.parties);

    // The supplier loses its designation: its unpaid awards are cancelled; the special-pool
    // money goes to the next social-issue waiter only if that one is not the same supplier's.
    const suspended = await t.http
      .post(`/api/suppliers/${supplier.id}/suspend`)
      .set(bearer(officer))
      .send({ reason: '리베이트 적발' });
    expect(suspended.status).toBe(200);
    const cancelled = await awards.cancelForSupplier(supplier.id, '리베이트 적발');
    expect(cancelled).toBeGreaterThanOrEqual(2);
    expect(await award(s1)).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'supplier designation cancelled: 리베이트 적발',
    });
    expect((await cancelledNotice(s1))?.payload.reason).toBe(
      'supplier designation cancelled: 리베이트 적발',
    );
    expect(await award(d2)).toMatchObject({ status: 'CANCELLED' });
    // S2 names the same, now suspended supplier: flagged, it is not promoted, and it is out of
    // the line (no position anyone behind it would wait for).
    expect(await applicationStatus(s2)).toBe('WAITLISTED');
    expect((await award(s2)).waitlistPosition).toBeNull();
    const b = await budget(round.programId);
    expect(b.reservedKrw).toBe(0);
    await expectReconciled(round.programId);
    expect(await awards.cancelForSupplier(supplier.id, 'again')).toBe(0);
  });
});
