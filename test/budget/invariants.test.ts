import * as fc from 'fast-check';
import { DatabaseRecoveryMode, DecisionMode, RecoveryBudgetInputs, RecoveryBudgetModel, RecoveryObjectiveKind } from '../../src';

/** Any valid combination of inputs. */
const validInputs: fc.Arbitrary<RecoveryBudgetInputs> = fc.record({
  healthCheckIntervalSeconds: fc.constantFrom(10, 30),
  healthCheckFailureThreshold: fc.integer({ min: 1, max: 10 }),
  dnsTtlSeconds: fc.integer({ min: 0, max: 3600 }),
  dnsPropagationSeconds: fc.integer({ min: 0, max: 300 }),
  decisionMode: fc.constantFrom(DecisionMode.AUTOMATIC_TRIGGER, DecisionMode.MANUAL_APPROVAL),
  triggerAlarmEvaluationPeriods: fc.integer({ min: 1, max: 10 }),
  triggerAlarmPeriodSeconds: fc.constantFrom(10, 20, 30, 60, 120, 300),
  triggerDispatchSeconds: fc.integer({ min: 0, max: 600 }),
  databaseRecoveryMode: fc.constantFrom(DatabaseRecoveryMode.FAILOVER, DatabaseRecoveryMode.SWITCHOVER),
  databasePromotionSeconds: fc.integer({ min: 60, max: 1800 }),
  secondaryHeadless: fc.boolean(),
  standbyMinTasks: fc.integer({ min: 0, max: 50 }),
  primaryMinTasks: fc.integer({ min: 1, max: 50 }),
  imagePullSeconds: fc.integer({ min: 0, max: 600 }),
  healthCheckGracePeriodSeconds: fc.integer({ min: 0, max: 600 }),
  targetGroupHealthCheckIntervalSeconds: fc.integer({ min: 5, max: 300 }),
  targetGroupHealthyThresholdCount: fc.integer({ min: 2, max: 10 }),
  computeInParallelWithDatabase: fc.boolean(),
  trafficInParallelWithDatabase: fc.boolean(),
  rpoGuardrailEnabled: fc.boolean(),
}, { requiredKeys: [] });

describe('recovery budget invariants (property-based)', () => {
  test('every term has 0 <= low <= high and the totals follow the parallel structure', () => {
    fc.assert(fc.property(validInputs, (inputs) => {
      const budget = RecoveryBudgetModel.compute(inputs);
      const termsOk = budget.terms.every((t) => t.lowSeconds >= 0 && t.highSeconds >= t.lowSeconds && t.constants.length > 0);
      const { detect, decide, database, compute, traffic } = budget;
      const total = (pick: (t: typeof detect) => number) => {
        const dbAndCompute = budget.inputs.computeInParallelWithDatabase
          ? Math.max(pick(database), pick(compute)) : pick(database) + pick(compute);
        const recover = budget.inputs.trafficInParallelWithDatabase
          ? Math.max(dbAndCompute, pick(traffic)) : dbAndCompute + pick(traffic);
        return pick(detect) + pick(decide) + recover;
      };
      const rpo = budget.rpo;
      return termsOk
        && budget.rtoLowSeconds === total((t) => t.lowSeconds)
        && budget.rtoHighSeconds === total((t) => t.highSeconds)
        && rpo.bounded === (rpo.highSeconds !== undefined)
        && (rpo.highSeconds === undefined || rpo.highSeconds >= rpo.lowSeconds);
    }), { numRuns: 50 });
  });

  test('an RTO violation is reported exactly when the worst case exceeds the objective', () => {
    fc.assert(fc.property(validInputs, fc.integer({ min: 1, max: 7200 }), (inputs, rtoSeconds) => {
      const budget = RecoveryBudgetModel.compute(inputs);
      const rto = RecoveryBudgetModel.check(budget, { rtoSeconds }).filter((v) => v.objective === RecoveryObjectiveKind.RTO);
      const exceeded = budget.rtoHighSeconds > rtoSeconds;
      const table = RecoveryBudgetModel.formatTable(budget, { rtoSeconds });
      return rto.length === (exceeded ? 1 : 0) && table.includes(exceeded ? ': EXCEEDED;' : ': met;');
    }), { numRuns: 50 });
  });
});
