import { compareCandidates } from './selection.policy';

/**
 * Waitlist positions, kept as the selection run numbers them: per category (all tracks), in
 * rank order (final desc, base desc, earlier submission, id), 1..k without gaps. After every
 * change to the line (a promotion, a withdrawal, a waiter whose supplier lost its designation)
 * the positions are numbered again, so they always read 1..k.
 */
export interface WaitlistEntry {
  applicationId: string;
  category: string;
  finalScore: number;
  baseScore: number;
  submittedAt: string;
  /** The position it has now (null: none). */
  position: number | null;
  /**
   * False for a waiter that can never be promoted (its supplier lost its designation: the
   * application is flagged): it keeps its WAITLISTED status for the officer but is out of the
   * line, with no position, so that nobody behind it reads a number it would never reach.
   */
  inLine: boolean;
}

export interface PositionChange {
  applicationId: string;
  category: string;
  from: number | null;
  to: number | null;
}

const asCandidate = (e: WaitlistEntry) => ({
  ...e,
  track: 'GENERAL' as const,
  socialIssue: null,
  generalTrackAllowed: true,
  grantKrw: 0,
  quotaCodes: [],
});

/** The positions every waiter should have, as changes from what they have now (only those). */
export function renumberWaitlist(entries: readonly WaitlistEntry[]): PositionChange[] {
  const changes: PositionChange[] = [];
  const categories = new Map<string, WaitlistEntry[]>();
  for (const e of entries) {
    const line = categories.get(e.category);
    if (line) line.push(e);
    else categories.set(e.category, [e]);
  }
  for (const [category, line] of [...categories].sort(([a], [b]) => (a < b ? -1 : 1))) {
    line.sort((a, b) => compareCandidates(asCandidate(a), asCandidate(b)));
    let next = 1;
    for (const e of line) {
      const to = e.inLine ? next++ : null;
      if (to !== e.position) {
        changes.push({ applicationId: e.applicationId, category, from: e.position, to });
      }
    }
  }
  return changes;
}

/**
 * How near the front a waiter must be to be told it moved up. A small company wants to know
 * when a voucher comes within reach ("you are now #3"); being told of every step from #480 to
 * #479 would be a flood of messages (one per waiter and cancellation) that says little. Those
 * further back see their current position in the app whenever they look.
 */
export const WAITLIST_NOTICE_WITHIN = 10;

/**
 * Whether the applicant is told of a change: only when its position changed, moving it up to
 * within WAITLIST_NOTICE_WITHIN. A waiter that left the line (promoted, withdrawn, flagged) is
 * told by its own event, if any, never by this one.
 */
export function announcesMove(change: PositionChange): boolean {
  return (
    change.from !== null &&
    change.to !== null &&
    change.to < change.from &&
    change.to <= WAITLIST_NOTICE_WITHIN
  );
}
