/**
 * Who evaluates what: deterministic, load-balanced, and never a conflicted evaluator.
 *
 * Applications are served in submission order (then id). Each gets the least-loaded pool
 * evaluators that are neither already on it nor conflicted (ties by user id) until it has N;
 * an evaluator's load is its active (assigned or submitted) sheets in the program, counted as
 * the plan goes. An application that can't get N is still given whoever is possible and is
 * reported as uncovered, with the reason.
 */

export interface PoolMember {
  evaluatorId: string;
  /** Active sheets (ASSIGNED or SUBMITTED) in the program. */
  load: number;
}

export interface ApplicationToCover {
  applicationId: string;
  /** Evaluators with an active sheet on it. */
  assigned: readonly string[];
  /** Evaluators who may not evaluate it (conflicts of interest, earlier recusal). */
  excluded: ReadonlySet<string>;
}

export interface PlannedAssignment {
  applicationId: string;
  evaluatorId: string;
}

export interface Uncovered {
  applicationId: string;
  assigned: number;
  required: number;
  reason: string;
}

export interface AssignmentPlan {
  assignments: PlannedAssignment[];
  /** Applications that reach N active sheets with this plan. */
  covered: string[];
  uncovered: Uncovered[];
}

const byLoadThenId = (a: PoolMember, b: PoolMember) =>
  a.load - b.load || (a.evaluatorId < b.evaluatorId ? -1 : a.evaluatorId > b.evaluatorId ? 1 : 0);

/** The `count` least-loaded eligible evaluators for one application (ties by user id). */
export function pickEvaluators(
  pool: readonly PoolMember[],
  application: ApplicationToCover,
  count: number,
): string[] {
  if (count <= 0) return [];
  const taken = new Set(application.assigned);
  return pool
    .filter((m) => !taken.has(m.evaluatorId) && !application.excluded.has(m.evaluatorId))
    .sort(byLoadThenId)
    .slice(0, count)
    .map((m) => m.evaluatorId);
}

/** Why an application could not get `required` evaluators, for the officer to act on. */
export function uncoveredReason(
  pool: readonly PoolMember[],
  application: ApplicationToCover,
  assigned: number,
  required: number,
): string {
  const conflicted = pool.filter((m) => application.excluded.has(m.evaluatorId)).length;
  return (
    `${assigned} of ${required} evaluators: the pool has ${pool.length}, ` +
    `${conflicted} of them with a conflict of interest or recused`
  );
}

/** The assignments for `applications` (already in submission order) to reach `required` each. */
export function planAssignments(
  pool: readonly PoolMember[],
  applications: readonly ApplicationToCover[],
  required: number,
): AssignmentPlan {
  const loads = pool.map((m) => ({ ...m }));
  const plan: AssignmentPlan = { assignments: [], covered: [], uncovered: [] };
  for (const app of applications) {
    const missing = required - app.assigned.length;
    if (missing <= 0) continue;
    const picked = pickEvaluators(loads, app, missing);
    for (const evaluatorId of picked) {
      plan.assignments.push({ applicationId: app.applicationId, evaluatorId });
      loads.find((m) => m.evaluatorId === evaluatorId)!.load += 1;
    }
    const now = app.assigned.length + picked.length;
    if (now >= required) {
      plan.covered.push(app.applicationId);
    } else {
      plan.uncovered.push({
        applicationId: app.applicationId,
        assigned: now,
        required,
        reason: uncoveredReason(pool, app, now, required),
      });
    }
  }
  return plan;
}
