import { toCents } from './score';

/** The cut-off applies to the base score (before bonus points): base ≥ cut-off passes. */
export function passesCutoff(baseCents: number, cutoffScore: number): boolean {
  return baseCents >= toCents(cutoffScore);
}
