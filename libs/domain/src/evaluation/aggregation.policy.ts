import type { Aggregation, Normalization } from '../program/program-rules.dto';
import { divideHalfUp, toCents } from './score';

/**
 * The base score of an application from its submitted sheets.
 *
 * - MEAN: the mean of the sheet totals.
 * - TRIMMED_MEAN: with at least `trimMinSheets` sheets, one highest and one lowest total are
 *   dropped and the rest averaged; with fewer sheets, the plain mean (dropping two of three
 *   sheets would leave one evaluator deciding alone).
 * - Z_SCORE normalization (optional, before aggregating): strict and lenient evaluators are put
 *   on one scale. For each evaluator, z = (total − its mean) / its standard deviation over its
 *   submitted sheets in the program; the sheet then counts as overall mean + z × overall
 *   standard deviation (over every submitted sheet in the program), clamped to 0..max total.
 *   Standard deviations are population ones (÷ n). An evaluator with a single sheet, or whose
 *   totals are all equal (deviation 0), has no scale of its own to correct: its raw totals are
 *   kept.
 *
 * Everything is in integer cents (see score.ts): normalized totals are rounded half-up to cents
 * first, then the mean is an exact integer division rounded half-up.
 */

export interface AggregationRules {
  aggregation: Aggregation;
  trimMinSheets: number;
  normalization: Normalization;
}

export interface SheetTotal {
  sheetId: string;
  applicationId: string;
  evaluatorId: string;
  totalCents: number;
}

export interface Aggregate {
  baseCents: number;
  sheets: number;
  /** Sheet totals that entered the mean (after normalization), in cents. */
  usedCents: number[];
  /** Totals dropped by the trimmed mean, in cents. */
  droppedCents: number[];
}

/** Mean of integer cents, rounded half-up to a cent. */
export function meanCents(values: readonly number[]): number {
  if (!values.length) throw new RangeError('meanCents needs at least one value');
  return divideHalfUp(
    values.reduce((s, v) => s + v, 0),
    values.length,
  );
}

/** MEAN or TRIMMED_MEAN of one application's sheet totals (cents). */
export function aggregateTotals(
  totalsCents: readonly number[],
  rules: Pick<AggregationRules, 'aggregation' | 'trimMinSheets'>,
): Aggregate {
  const sorted = [...totalsCents].sort((a, b) => a - b);
  const trim = rules.aggregation === 'TRIMMED_MEAN' && sorted.length >= rules.trimMinSheets;
  const used = trim ? sorted.slice(1, -1) : sorted;
  const dropped = trim ? [sorted[0], sorted[sorted.length - 1]] : [];
  return {
    baseCents: meanCents(used),
    sheets: sorted.length,
    usedCents: used,
    droppedCents: dropped,
  };
}

function meanAndDeviation(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return { mean, sd: Math.sqrt(variance) };
}

/** Sheet id → normalized total (cents), per the Z_SCORE rule above. */
export function zScoreNormalize(
  sheets: readonly SheetTotal[],
  maxTotalCents: number,
): Map<string, number> {
  const out = new Map<string, number>();
  if (!sheets.length) return out;
  const overall = meanAndDeviation(sheets.map((s) => s.totalCents));
  const byEvaluator = new Map<string, SheetTotal[]>();
  for (const s of sheets) {
    const own = byEvaluator.get(s.evaluatorId);
    if (own) own.push(s);
    else byEvaluator.set(s.evaluatorId, [s]);
  }
  for (const own of byEvaluator.values()) {
    const mine = meanAndDeviation(own.map((s) => s.totalCents));
    for (const s of own) {
      if (own.length < 2 || mine.sd === 0) {
        out.set(s.sheetId, s.totalCents);
        continue;
      }
      const z = (s.totalCents - mine.mean) / mine.sd;
      const cents = toCents((overall.mean + z * overall.sd) / 100);
      out.set(s.sheetId, Math.min(maxTotalCents, Math.max(0, cents)));
    }
  }
  return out;
}

/**
 * Base scores of the given applications. `sheets` are all submitted sheets in the program
 * (normalization needs every sheet of each evaluator); only `applicationIds` are aggregated.
 */
export function aggregateProgram(
  sheets: readonly SheetTotal[],
  applicationIds: readonly string[],
  rules: AggregationRules,
  maxTotalCents: number,
): Map<string, Aggregate> {
  const normalized =
    rules.normalization === 'Z_SCORE' ? zScoreNormalize(sheets, maxTotalCents) : null;
  const totals = new Map<string, number[]>();
  for (const s of sheets) {
    const value = normalized ? normalized.get(s.sheetId)! : s.totalCents;
    const list = totals.get(s.applicationId);
    if (list) list.push(value);
    else totals.set(s.applicationId, [value]);
  }
  const out = new Map<string, Aggregate>();
  for (const id of applicationIds) {
    const values = totals.get(id);
    if (values?.length) out.set(id, aggregateTotals(values, rules));
  }
  return out;
}
