/** The objectives check: the violations of the modelled worst case. */
import { formatDuration } from '../format';
import { RecoveryBudget, RecoveryObjectiveKind, RecoveryViolation } from '../types';

/** The recovery objectives with their defaults applied. */
export interface ObjectiveSeconds {
  readonly rtoSeconds: number;
  readonly rpoSeconds: number;
}

/** The objectives the modelled worst case does not meet; an unbounded RPO never meets an RPO objective. */
export function violationsOf(budget: RecoveryBudget, { rtoSeconds, rpoSeconds }: ObjectiveSeconds): RecoveryViolation[] {
  const violations: RecoveryViolation[] = [];
  if (budget.rtoHighSeconds > rtoSeconds) {
    violations.push({
      objective: RecoveryObjectiveKind.RTO,
      objectiveSeconds: rtoSeconds,
      modelledSeconds: budget.rtoHighSeconds,
      message: `modelled worst-case RTO ${formatDuration(budget.rtoHighSeconds)} exceeds rtoSeconds ${rtoSeconds}`,
    });
  }
  if (!budget.rpo.bounded || budget.rpo.highSeconds === undefined) {
    violations.push({
      objective: RecoveryObjectiveKind.RPO,
      objectiveSeconds: rpoSeconds,
      message: `modelled worst-case RPO is unbounded, so rpoSeconds ${rpoSeconds} cannot be guaranteed: without the `
        + 'rds.global_db_rpo guardrail an Aurora global database failover loses whatever replication lag there is, '
        + 'typically under a second but with no upper bound; enable rpoGuardrailEnabled with globalDbRpoSeconds <= rpoSeconds',
    });
  } else if (budget.rpo.highSeconds > rpoSeconds) {
    violations.push({
      objective: RecoveryObjectiveKind.RPO,
      objectiveSeconds: rpoSeconds,
      modelledSeconds: budget.rpo.highSeconds,
      message: `modelled worst-case RPO ${formatDuration(budget.rpo.highSeconds)} exceeds rpoSeconds ${rpoSeconds}`,
    });
  }
  return violations;
}
