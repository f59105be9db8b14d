import { ApplicationFacts, matchCondition } from '../program/condition.policy';
import type { BonusRuleDto } from '../program/program-rules.dto';
import { toCents } from './score';

/**
 * Bonus points come from the program's bonus rules, evaluated from data (company, supplier,
 * application), never typed by hand. Their sum is capped: final = base + min(Σ bonus, cap).
 */

export interface AppliedBonus {
  code: string;
  points: number;
  reason: string;
}

export interface BonusResult {
  /** The rules that matched, each with its points and why. */
  applied: AppliedBonus[];
  /** Σ of the matched points before the cap, in cents. */
  uncappedCents: number;
  /** min(Σ, cap), in cents: what is added to the base score. */
  pointsCents: number;
}

export function evaluateBonuses(
  rules: readonly BonusRuleDto[],
  bonusCap: number,
  facts: ApplicationFacts,
): BonusResult {
  const applied: AppliedBonus[] = [];
  for (const rule of rules) {
    const outcome = matchCondition(rule.condition, facts);
    if (outcome.matched)
      applied.push({ code: rule.code, points: rule.points, reason: outcome.reason });
  }
  const uncappedCents = applied.reduce((sum, b) => sum + toCents(b.points), 0);
  return { applied, uncappedCents, pointsCents: Math.min(uncappedCents, toCents(bonusCap)) };
}

/** final = base + capped bonus, in cents. */
export function finalScoreCents(baseCents: number, bonusPointsCents: number): number {
  return baseCents + bonusPointsCents;
}
