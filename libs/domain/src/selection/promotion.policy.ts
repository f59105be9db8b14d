import { compareCandidates, quotaSeats } from './selection.policy';

/**
 * Who moves up from the waitlist when a seat and money free up in a category: the best-ranked
 * waitlisted candidate of a quota still short of its seats, otherwise the best-ranked of all —
 * strictly in rank order (if the first in line does not fit the money, nobody lower jumps it).
 */
export interface WaitingEntry {
  applicationId: string;
  category: string;
  track: 'GENERAL' | 'SOCIAL_ISSUE';
  generalTrackAllowed: boolean;
  grantKrw: number;
  baseScore: number;
  finalScore: number;
  submittedAt: string;
  quotaCodes: string[];
}

export interface PromotionState {
  category: { code: string; slots: number; seatsLeft: number; krw: number };
  poolKrw: number;
  quotas: Array<{ code: string; share: number }>;
  /** Quota codes of the awards that hold seats in the category now. */
  heldQuotaCodes: string[][];
}

export type Promotion =
  | { promote: WaitingEntry; quotaCode: string | null; reason: string }
  | { promote: null; reason: string };

const asCandidate = (e: WaitingEntry) => ({ ...e, socialIssue: null });

export function pickPromotion(waitlist: WaitingEntry[], state: PromotionState): Promotion {
  const { category } = state;
  if (category.seatsLeft <= 0) return { promote: null, reason: `no free seat in ${category.code}` };
  const line = waitlist
    .filter((e) => e.category === category.code && (e.track === 'GENERAL' || e.generalTrackAllowed))
    .sort((a, b) => compareCandidates(asCandidate(a), asCandidate(b)));
  if (!line.length) return { promote: null, reason: `nobody waits in ${category.code}` };

  const fits = (e: WaitingEntry) => e.grantKrw <= category.krw && e.grantKrw <= state.poolKrw;
  const short = state.quotas.filter(
    (q) =>
      state.heldQuotaCodes.filter((codes) => codes.includes(q.code)).length <
      quotaSeats(category.slots, q.share),
  );
  for (const q of short) {
    const first = line.find((e) => e.quotaCodes.includes(q.code));
    if (first && fits(first)) {
      return {
        promote: first,
        quotaCode: q.code,
        reason: `promoted: first waitlisted for the ${q.code.toLowerCase()} quota in ${category.code}`,
      };
    }
  }
  const first = line[0];
  if (!fits(first)) {
    return {
      promote: null,
      reason: `the first in line needs ${first.grantKrw} KRW; ${Math.min(category.krw, state.poolKrw)} KRW is free`,
    };
  }
  return {
    promote: first,
    quotaCode: null,
    reason: `promoted: first on the ${category.code} waitlist`,
  };
}

/**
 * Money freed in a special pool goes to the best-ranked social-issue candidate that pool funds,
 * strictly in rank order like everywhere else.
 */
export function pickSpecialPoolPromotion(
  waitlist: WaitingEntry[],
  state: { code: string; krw: number; poolKrw: number },
): Promotion {
  const line = [...waitlist].sort((a, b) => compareCandidates(asCandidate(a), asCandidate(b)));
  if (!line.length) return { promote: null, reason: `nobody waits for ${state.code}` };
  const first = line[0];
  if (first.grantKrw > state.krw || first.grantKrw > state.poolKrw) {
    return {
      promote: null,
      reason: `the first in line needs ${first.grantKrw} KRW; ${Math.min(state.krw, state.poolKrw)} KRW is free in ${state.code}`,
    };
  }
  return {
    promote: first,
    quotaCode: null,
    reason: `promoted: first waitlisted for special pool ${state.code}`,
  };
}
