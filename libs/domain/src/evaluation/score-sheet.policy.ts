import type { FieldError } from '@app/common';

/**
 * A score sheet: points per criterion of the program's rubric, each between 0 and the
 * criterion's maximum with at most one decimal. A draft may leave criteria out; a submitted
 * sheet must score every criterion, and its total is then fixed.
 */

export interface Criterion {
  code: string;
  name: string;
  maxPoints: number;
}

export type Scores = Record<string, number>;

export const ASSIGNMENT_STATUSES = ['ASSIGNED', 'SUBMITTED', 'RECUSED', 'CANCELLED'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/**
 * Sheets that count: in an evaluator's load, among an application's evaluators and in its
 * aggregation. A recused sheet and one cancelled because its application left evaluation are
 * history.
 */
export const ACTIVE_SHEET_STATUSES: readonly AssignmentStatus[] = ['ASSIGNED', 'SUBMITTED'];

export const isActiveSheet = (status: AssignmentStatus): boolean =>
  ACTIVE_SHEET_STATUSES.includes(status);

/**
 * When its application leaves evaluation (withdrawn, or the selection is committed), a sheet
 * still open is cancelled; a submitted one stays as it is, for the record.
 */
export const closesWhenApplicationLeaves = (status: AssignmentStatus): boolean =>
  status === 'ASSIGNED';

/** Points carry at most one decimal, so a sheet total is an integer number of tenths. */
function tenths(points: number): number | null {
  const scaled = points * 10;
  const rounded = Math.round(scaled);
  return Math.abs(scaled - rounded) < 1e-9 ? rounded : null;
}

/**
 * Every problem of a sheet, each naming its field as `scores.CODE`; empty when it is valid.
 * `complete` asks for every criterion (submission).
 */
export function checkScores(
  criteria: readonly Criterion[],
  scores: Record<string, unknown>,
  complete: boolean,
): FieldError[] {
  const problems: FieldError[] = [];
  const byCode = new Map(criteria.map((c) => [c.code, c]));
  for (const [code, value] of Object.entries(scores)) {
    const field = `scores.${code}`;
    const criterion = byCode.get(code);
    if (!criterion) {
      problems.push({
        field,
        reasons: [`unknown criterion ${code}; the rubric has ${[...byCode.keys()].join(', ')}`],
      });
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push({ field, reasons: [`${field} must be a number`] });
      continue;
    }
    const reasons: string[] = [];
    if (value < 0 || value > criterion.maxPoints) {
      reasons.push(`${field} must be between 0 and ${criterion.maxPoints} (${criterion.name})`);
    }
    if (tenths(value) === null) reasons.push(`${field} may have at most one decimal`);
    if (reasons.length) problems.push({ field, reasons });
  }
  if (complete) {
    for (const c of criteria) {
      if (!Object.hasOwn(scores, c.code)) {
        problems.push({
          field: `scores.${c.code}`,
          reasons: [`${c.code} (${c.name}) must be scored before the sheet is submitted`],
        });
      }
    }
  }
  return problems;
}

/** The total of a valid sheet, in tenths of a point (exact: each score has one decimal). */
export function totalTenths(criteria: readonly Criterion[], scores: Scores): number {
  return criteria.reduce(
    (sum, c) => sum + (Object.hasOwn(scores, c.code) ? tenths(scores[c.code])! : 0),
    0,
  );
}

/** The highest total the rubric allows, in cents. */
export function maxTotalCents(criteria: readonly Criterion[]): number {
  return criteria.reduce((sum, c) => sum + c.maxPoints * 100, 0);
}

/**
 * Only a sheet still ASSIGNED may change; a submitted one is locked, a recused or cancelled one
 * closed.
 */
export function canEdit(status: AssignmentStatus): boolean {
  return status === 'ASSIGNED';
}
