import { createHash, type Hash } from 'node:crypto';
import { sha256, stableStringify, updateUtf8 } from '@app/common';
import type { ProgramRules } from '../program/program-rules.dto';

/**
 * The selection of a round, pure and deterministic: the same input always gives the same
 * decisions, each with the reason a program officer can read out.
 *
 * 1. Rank every candidate: final desc, base desc, earlier submission, id.
 * 2. Below the cut-off (base score) → REJECTED.
 * 3. Social-issue candidates, in rank order across categories, draw on the special pool that
 *    funds their issue; those it can't pay for compete in their category if their company type
 *    may use the general track (institutions may not), otherwise they wait.
 * 4. Per category, in rule-set order: each quota first counts the quota-eligible candidates
 *    already selected, then fills its seats (floor(slots × share)) from quota-eligible
 *    candidates in rank order; then the remaining seats go by rank. A candidate counts for
 *    every quota it meets. Selection is strictly by rank: when the next candidate's grant no
 *    longer fits the category envelope or the pool, that pass stops (nobody lower is preferred
 *    for being cheaper).
 * 5. Everyone at or above the cut-off who was not selected is WAITLISTED, in rank order.
 */

export interface Candidate {
  applicationId: string;
  category: string;
  track: 'GENERAL' | 'SOCIAL_ISSUE';
  socialIssue: string | null;
  /** Whether the company type may use the general track (fallback from a special pool). */
  generalTrackAllowed: boolean;
  grantKrw: number;
  baseScore: number;
  finalScore: number;
  submittedAt: string;
  /** Quota codes whose condition this candidate meets (evaluated from data beforehand). */
  quotaCodes: string[];
}

export interface Availability {
  poolKrw: number;
  /** Per category: money and seats still free. */
  categories: Record<string, { krw: number; seats: number }>;
  /** Per special pool code: money still free. */
  specialPools: Record<string, number>;
}

export interface SelectionInput {
  rules: Pick<ProgramRules, 'categories' | 'specialPools' | 'quotas'> & {
    evaluation: { cutoffScore: number };
  };
  availability: Availability;
  candidates: Candidate[];
}

export type Outcome = 'SELECTED' | 'WAITLISTED' | 'REJECTED';

export interface Decision {
  applicationId: string;
  outcome: Outcome;
  category: string;
  track: 'GENERAL' | 'SOCIAL_ISSUE';
  /** Rank within the category (all tracks), 1-based, by the ranking order. */
  rank: number;
  /** The account the grant is reserved on: the category or the special pool. */
  accountCode: string | null;
  grantKrw: number;
  quotaCode: string | null;
  /** Waitlist position within the category, 1-based. */
  waitlistPosition: number | null;
  reason: string;
}

export interface CategorySummary {
  code: string;
  slots: number;
  seatsAvailable: number;
  selected: number;
  waitlisted: number;
  rejected: number;
  reservedKrw: number;
  quotas: Array<{ code: string; seats: number; filled: number }>;
}

export interface SelectionResult {
  decisions: Decision[];
  categories: CategorySummary[];
  specialPools: Array<{
    code: string;
    availableKrw: number;
    reservedKrw: number;
    selected: number;
  }>;
  pool: { availableKrw: number; reservedKrw: number; remainingKrw: number };
  inputHash: string;
  outputHash: string;
}

const won = (n: number) => `${n.toLocaleString('en-US')} KRW`;

/** final desc, base desc, earlier submission, id: a total order, so ranks are reproducible. */
export function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    b.finalScore - a.finalScore ||
    b.baseScore - a.baseScore ||
    (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0) ||
    (a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0)
  );
}

/** Seats a quota reserves in a category: floor(slots × share), computed on integers. */
export function quotaSeats(slots: number, share: number): number {
  return Math.floor((slots * Math.round(share * 10_000)) / 10_000);
}

export const hashOf = (value: unknown): string => sha256(stableStringify(value));

/**
 * Adds `JSON.stringify(items.map(tuple))` to the hash without building that text (15 MB for
 * 100,000 candidates): JSON.stringify of a few hundred tuples at a time, brackets cut off, commas
 * between. An element's text does not depend on the array around it (a tuple has no toJSON), so
 * the same bytes go in. Pieces stay well under 128 KiB, above which V8 puts a string in its
 * large-object space: a 15 MB string there takes twice as long to build as all the pieces.
 */
function updateJsonArray<T>(hash: Hash, items: readonly T[], tuple: (item: T) => unknown[]) {
  updateUtf8(hash, '[');
  for (let start = 0; start < items.length; start += 256) {
    const text = JSON.stringify(items.slice(start, start + 256).map(tuple));
    if (start > 0) updateUtf8(hash, ',');
    updateUtf8(hash, text.slice(1, -1));
  }
  updateUtf8(hash, ']');
}

const candidateTuple = (c: Candidate) => [
  c.applicationId,
  c.category,
  c.track,
  c.socialIssue,
  c.generalTrackAllowed,
  c.grantKrw,
  c.baseScore,
  c.finalScore,
  c.submittedAt,
  c.quotaCodes,
];

const decisionTuple = (d: Decision) => [
  d.applicationId,
  d.outcome,
  d.category,
  d.track,
  d.rank,
  d.accountCode,
  d.grantKrw,
  d.quotaCode,
  d.waitlistPosition,
  d.reason,
];

/**
 * The hashes of a run. Candidates and decisions are hashed as fixed-order tuples (JSON arrays):
 * on 100,000 candidates that is ten times faster than sorting the keys of every object, and the
 * input hash does not depend on the order the candidates come in. The bytes hashed are recorded
 * runs' format and must not change: the rules and availability as key-sorted JSON, a newline,
 * then the JSON array of the candidate tuples by application id; for the output, the JSON array
 * of the decision tuples in rank order.
 */
export function inputHashOf(input: SelectionInput): string {
  const hash = createHash('sha256');
  updateUtf8(hash, stableStringify({ rules: input.rules, availability: input.availability }));
  updateUtf8(hash, '\n');
  const byId = [...input.candidates].sort((a, b) => (a.applicationId < b.applicationId ? -1 : 1));
  updateJsonArray(hash, byId, candidateTuple);
  return hash.digest('hex');
}

export function outputHashOf(decisions: Decision[]): string {
  const hash = createHash('sha256');
  updateJsonArray(hash, decisions, decisionTuple);
  return hash.digest('hex');
}

/*
 * The walk below keeps its state in arrays indexed by the candidate's place in the ranking
 * (`ranked[i]`), not in maps keyed by application id: with 100,000 candidates, look-ups in
 * such maps and filters over all candidates took as long as hashing the input and the output.
 * Application ids are unique (they are the applications' primary keys).
 */
export function select(input: SelectionInput): SelectionResult {
  const { rules } = input;
  const cutoff = rules.evaluation.cutoffScore;
  const ranked = [...input.candidates].sort(compareCandidates);
  const n = ranked.length;
  const pool = { krw: input.availability.poolKrw };
  const special = new Map(
    Object.entries(input.availability.specialPools).map(([k, v]) => [
      k,
      { krw: v, reserved: 0, selected: 0 },
    ]),
  );
  const category = new Map(
    rules.categories.map((c) => {
      const free = input.availability.categories[c.code] ?? { krw: 0, seats: 0 };
      return [
        c.code,
        { rule: c, krw: free.krw, seats: free.seats, startSeats: free.seats, reserved: 0 },
      ];
    }),
  );

  // Each category's candidates in rank order; a candidate's rank is its place in that list.
  const inCategory = new Map<string, number[]>();
  const rank = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let members = inCategory.get(ranked[i].category);
    if (!members) inCategory.set(ranked[i].category, (members = []));
    members.push(i);
    rank[i] = members.length;
  }

  /** The decision of ranked[i]; undefined while it is still open. */
  const decided = new Array<Decision | undefined>(n);
  /** Why ranked[i] waits, if it ends up on the waitlist. */
  const waitReason = new Array<string | undefined>(n);
  /** Whether ranked[i], a social-issue candidate, competes in its category. */
  const fallback = new Uint8Array(n);
  const decide = (
    i: number,
    outcome: Outcome,
    accountCode: string | null,
    quotaCode: string | null,
    reason: string,
    waitlistPosition: number | null = null,
  ) => {
    const c = ranked[i];
    // The key order is the one decisions have always had (it shows in the API's JSON).
    decided[i] = {
      applicationId: c.applicationId,
      category: c.category,
      track: c.track,
      rank: rank[i],
      grantKrw: c.grantKrw,
      waitlistPosition,
      outcome,
      accountCode,
      quotaCode,
      reason,
    };
  };

  // 2. The cut-off applies to the base score.
  for (let i = 0; i < n; i++) {
    const c = ranked[i];
    if (c.baseScore < cutoff) {
      decide(
        i,
        'REJECTED',
        null,
        null,
        `rejected: base ${c.baseScore.toFixed(2)} < cut-off ${cutoff}`,
      );
    }
  }

  // 3. Social-issue candidates draw on their special pool first, strictly by rank as in the
  //    categories: once the first in line does not fit, that special pool closes and everyone
  //    after it falls back to the category (or waits).
  const closed = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const c = ranked[i];
    if (decided[i] || c.track !== 'SOCIAL_ISSUE') continue;
    const poolRule = rules.specialPools.find(
      (p) => c.socialIssue && p.issues.includes(c.socialIssue),
    );
    const sp = poolRule ? special.get(poolRule.code) : undefined;
    if (
      poolRule &&
      sp &&
      !closed.has(poolRule.code) &&
      (c.grantKrw > sp.krw || c.grantKrw > pool.krw)
    ) {
      closed.set(
        poolRule.code,
        c.grantKrw > sp.krw
          ? `special pool ${poolRule.code} exhausted (${won(sp.krw)} left, grant ${won(c.grantKrw)})`
          : `pool exhausted (${won(pool.krw)} left, grant ${won(c.grantKrw)})`,
      );
    }
    if (poolRule && sp && !closed.has(poolRule.code)) {
      sp.krw -= c.grantKrw;
      sp.reserved += c.grantKrw;
      sp.selected += 1;
      pool.krw -= c.grantKrw;
      decide(
        i,
        'SELECTED',
        poolRule.code,
        null,
        `selected: rank ${rank[i]} in ${c.category}, special pool ${poolRule.code}`,
      );
    } else if (c.generalTrackAllowed) {
      fallback[i] = 1;
    } else {
      waitReason[i] = poolRule
        ? closed.get(poolRule.code)
        : `no special pool funds ${c.socialIssue}`;
    }
  }

  // 4. Per category: quota seats first, then the rest by rank.
  const summaries: CategorySummary[] = [];
  for (const [code, cat] of category) {
    const contenders = (inCategory.get(code) ?? []).filter(
      (i) => !decided[i] && (ranked[i].track === 'GENERAL' || fallback[i]),
    );
    const quotaState = rules.quotas.map((q) => ({
      code: q.code,
      seats: quotaSeats(cat.rule.slots, q.share),
      filled: 0,
    }));
    const selectedHere: Candidate[] = [];
    const meeting = (quotaCode: string) =>
      selectedHere.reduce((k, c) => (c.quotaCodes.includes(quotaCode) ? k + 1 : k), 0);

    /** Tries to select; returns a reason when money or seats stop the pass. */
    const trySelect = (i: number, quotaCode: string | null): string | null => {
      const c = ranked[i];
      if (cat.seats <= 0) return `slots exhausted (${cat.rule.slots}/${cat.rule.slots})`;
      if (c.grantKrw > cat.krw)
        return `${code} envelope exhausted (${won(cat.krw)} left, grant ${won(c.grantKrw)})`;
      if (c.grantKrw > pool.krw)
        return `pool exhausted (${won(pool.krw)} left, grant ${won(c.grantKrw)})`;
      cat.seats -= 1;
      cat.krw -= c.grantKrw;
      cat.reserved += c.grantKrw;
      pool.krw -= c.grantKrw;
      selectedHere.push(c);
      const via = quotaCode ? `, ${quotaCode.toLowerCase()} quota` : '';
      const from = fallback[i] ? ' (social issue, from the category)' : '';
      decide(i, 'SELECTED', code, quotaCode, `selected: rank ${rank[i]} in ${code}${from}${via}`);
      return null;
    };

    for (const q of quotaState) {
      q.filled = meeting(q.code);
      for (const i of contenders) {
        if (q.filled >= q.seats) break;
        if (decided[i] || !ranked[i].quotaCodes.includes(q.code)) continue;
        const stop = trySelect(i, q.code);
        if (stop) {
          waitReason[i] = stop;
          break;
        }
        q.filled += 1;
      }
    }
    for (let k = 0; k < contenders.length; k++) {
      if (decided[contenders[k]]) continue;
      const stop = trySelect(contenders[k], null);
      if (stop) {
        // Everyone before this one is decided; those after wait for the same reason, unless a
        // quota pass already stopped at them.
        for (const rest of contenders.slice(k))
          if (!decided[rest] && waitReason[rest] === undefined) waitReason[rest] = stop;
        break;
      }
    }
    // Quota fill as it ends up (a later general seat can also meet a quota).
    for (const q of quotaState) q.filled = meeting(q.code);
    summaries.push({
      code,
      slots: cat.rule.slots,
      seatsAvailable: cat.startSeats,
      selected: 0,
      waitlisted: 0,
      rejected: 0,
      reservedKrw: cat.reserved,
      quotas: quotaState,
    });
  }

  // 5. Everyone else at or above the cut-off waits, in rank order per category. Most wait for
  //    one of a few reasons, so each reason's text is made once.
  const waitText = new Map<string | undefined, string>();
  for (const members of inCategory.values()) {
    let position = 0;
    for (const i of members) {
      if (decided[i]) continue;
      let reason = waitText.get(waitReason[i]);
      if (reason === undefined)
        waitText.set(waitReason[i], (reason = `waitlisted: ${waitReason[i] ?? 'not reached'}`));
      decide(i, 'WAITLISTED', null, null, reason, ++position);
    }
  }

  const decisions = decided as Decision[];
  for (const s of summaries) {
    for (const i of inCategory.get(s.code) ?? []) {
      const d = decisions[i];
      // Seats of the category: grants from a special pool do not take one.
      if (d.outcome === 'SELECTED' && d.accountCode === s.code) s.selected += 1;
      if (d.outcome === 'WAITLISTED') s.waitlisted += 1;
      if (d.outcome === 'REJECTED') s.rejected += 1;
    }
  }
  let reservedKrw = 0;
  for (const d of decisions) if (d.outcome === 'SELECTED') reservedKrw += d.grantKrw;
  return {
    decisions,
    categories: summaries,
    specialPools: [...special].map(([code, sp]) => ({
      code,
      availableKrw: input.availability.specialPools[code],
      reservedKrw: sp.reserved,
      selected: sp.selected,
    })),
    pool: { availableKrw: input.availability.poolKrw, reservedKrw, remainingKrw: pool.krw },
    inputHash: inputHashOf(input),
    outputHash: outputHashOf(decisions),
  };
}
