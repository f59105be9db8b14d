import { createHash } from 'node:crypto';
import { centsText } from './score';

/**
 * The ranking per category and track: final score desc, then base score desc, then earlier
 * submission, then application id. A total order, so the same scores always give the same
 * ranking; its sha256 over the ordered (id, base, final) list lets two computations be compared.
 */

export interface RankInput {
  applicationId: string;
  category: string;
  track: string;
  baseCents: number;
  finalCents: number;
  /** Submission time in microseconds since the epoch (PostgreSQL's precision; a Date has ms). */
  submittedAtUs: bigint;
}

export interface Ranked extends RankInput {
  /** 1-based within the category and track, among all (passed the cut-off or not). */
  rank: number;
}

export interface RankingGroup {
  category: string;
  track: string;
  entries: Ranked[];
  rankingHash: string;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function compareRank(a: RankInput, b: RankInput): number {
  return (
    b.finalCents - a.finalCents ||
    b.baseCents - a.baseCents ||
    (a.submittedAtUs < b.submittedAtUs ? -1 : a.submittedAtUs > b.submittedAtUs ? 1 : 0) ||
    cmp(a.applicationId, b.applicationId)
  );
}

export function rankingHash(
  ordered: readonly Pick<RankInput, 'applicationId' | 'baseCents' | 'finalCents'>[],
): string {
  const text = ordered
    .map((e) => `${e.applicationId}|${centsText(e.baseCents)}|${centsText(e.finalCents)}`)
    .join('\n');
  return createHash('sha256').update(text).digest('hex');
}

/** Groups by category and track (in code order) and ranks each group. */
export function rankApplications(inputs: readonly RankInput[]): RankingGroup[] {
  const groups = new Map<string, RankInput[]>();
  for (const e of inputs) {
    const key = `${e.category}\u0000${e.track}`;
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  return [...groups.keys()].sort(cmp).map((key) => {
    const entries = [...groups.get(key)!].sort(compareRank).map((e, i) => ({ ...e, rank: i + 1 }));
    return {
      category: entries[0].category,
      track: entries[0].track,
      entries,
      rankingHash: rankingHash(entries),
    };
  });
}
