import { TERM_NAMES } from './helpers';
import { ConstantOrigin, DatabaseRecoveryMode, RecoveryBudgetDefaults, RecoveryBudgetModel } from '../../src';

describe('recovery budget totals', () => {
  test('defaults: worst-case RTO 9m 6s, well under the 15 min objective; RPO bounded by the 20 s guardrail', () => {
    const budget = RecoveryBudgetModel.compute();
    expect(budget.terms.map((t) => t.name)).toEqual([...TERM_NAMES]);
    // 20 + 120 + max(60, 70) + 0 and 36 + 240 + max(180, 150) + 90
    expect([budget.rtoLowSeconds, budget.rtoHighSeconds]).toEqual([210, 546]);
    // The 15-minute objective with margin: at most 10 minutes (issue 12's aim with the sustained trigger).
    expect(budget.rtoHighSeconds).toBeLessThanOrEqual(600);
    expect(budget.rtoHighSeconds).toBeLessThan(RecoveryBudgetDefaults.RTO_SECONDS);
    expect(budget.rpo).toMatchObject({ lowSeconds: 1, highSeconds: RecoveryBudgetDefaults.GLOBAL_DB_RPO_SECONDS, bounded: true });
    expect(RecoveryBudgetModel.check(budget)).toEqual([]);
  });

  test('parallel database and compute take the larger of the two', () => {
    const computeBound = RecoveryBudgetModel.compute({ imagePullSeconds: 300 });
    expect(computeBound.compute.highSeconds).toBe(390);
    expect(computeBound.rtoHighSeconds).toBe(36 + 240 + 390 + 90);
    expect(computeBound.rtoLowSeconds).toBe(20 + 120 + 310 + 0);
    expect(computeBound.rtoExplanation).toMatch(/^detect \+ decide \+ max\(database, compute\) \+ traffic/);
  });

  test('sequential database and compute add up', () => {
    const budget = RecoveryBudgetModel.compute({ computeInParallelWithDatabase: false });
    expect([budget.rtoLowSeconds, budget.rtoHighSeconds]).toEqual([20 + 120 + 60 + 70 + 0, 36 + 240 + 180 + 150 + 90]);
    expect(budget.rtoExplanation).toMatch(/^detect \+ decide \+ database \+ compute \+ traffic/);
  });

  test('traffic in parallel with the database and compute steps', () => {
    const budget = RecoveryBudgetModel.compute({ trafficInParallelWithDatabase: true });
    expect(budget.rtoHighSeconds).toBe(36 + 240 + Math.max(180, 150, 90));
    expect(budget.rtoExplanation).toMatch(/^detect \+ decide \+ max\(max\(database, compute\), traffic\)/);
    const sequentialCompute = RecoveryBudgetModel.compute({ trafficInParallelWithDatabase: true, computeInParallelWithDatabase: false });
    expect(sequentialCompute.rtoHighSeconds).toBe(36 + 240 + Math.max(180 + 150, 90));
  });

  test('switchover: RPO 0', () => {
    const budget = RecoveryBudgetModel.compute({ databaseRecoveryMode: DatabaseRecoveryMode.SWITCHOVER, rpoGuardrailEnabled: false });
    expect(budget.rpo).toMatchObject({ lowSeconds: 0, highSeconds: 0, bounded: true });
    expect(RecoveryBudgetModel.check(budget)).toEqual([]);
  });

  test('the transaction-log RPO is the S3 RTC objective and is not checked', () => {
    const budget = RecoveryBudgetModel.compute();
    expect(budget.transactionLogRpo).toMatchObject({ lowSeconds: 0, highSeconds: 900, bounded: true });
    expect(budget.transactionLogRpo.constants.map((c) => c.value)).toEqual([900, 99.99, 99.9]);
    expect(RecoveryBudgetModel.check(budget, { rpoSeconds: 60 })).toEqual([]);
  });

  test('the resolved inputs carry every default', () => {
    const { inputs } = RecoveryBudgetModel.compute();
    expect(inputs).toMatchObject({
      healthCheckIntervalSeconds: 10,
      healthCheckFailureThreshold: 3,
      dnsTtlSeconds: 60,
      standbyMinTasks: 2,
      primaryMinTasks: 10,
      globalDbRpoSeconds: 20,
      rpoGuardrailEnabled: true,
    });
    expect(inputs.approvalAllowanceSeconds).toBeUndefined();
    expect(inputs.instanceCreationSeconds).toBeUndefined();
  });

  describe('constants', () => {
    const all = (budget = RecoveryBudgetModel.compute()) => [
      ...budget.terms.flatMap((t) => t.constants), ...budget.rpo.constants, ...budget.transactionLogRpo.constants,
    ];

    test('every constant cites an AWS page', () => {
      const constants = all();
      expect(constants.length).toBeGreaterThan(20);
      for (const constant of constants) {
        expect(constant.sourceUrl).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|aws\.amazon\.com)\//);
        expect(constant.sourceTitle.length).toBeGreaterThan(10);
        expect(constant.note.length).toBeGreaterThan(10);
      }
    });

    test('assumptions say so and name the input that overrides them', () => {
      const assumptions = all().filter((c) => c.origin === ConstantOrigin.ASSUMPTION);
      expect(assumptions.map((c) => c.inputName).sort()).toEqual([
        'databasePromotionSeconds', 'dnsPropagationSeconds', 'imagePullSeconds', 'triggerDispatchSeconds',
      ]);
      for (const constant of assumptions) expect(constant.note).toMatch(/^assumption \(AWS publishes no figure\), overridable with /);
    });

    test('an overridden assumption becomes a configured value', () => {
      const constant = all(RecoveryBudgetModel.compute({ databasePromotionSeconds: 120 }))
        .find((c) => c.inputName === 'databasePromotionSeconds');
      expect(constant).toMatchObject({ origin: ConstantOrigin.CONFIGURED, value: 120 });
      expect(constant?.note).toMatch(/^set by databasePromotionSeconds, overriding the assumed 180 s/);
    });

    test('the ALB alias TTL is documented unless the TTL is set', () => {
      const ttl = (dnsTtlSeconds?: number) => RecoveryBudgetModel.compute({ dnsTtlSeconds }).traffic.constants[0];
      expect(ttl()).toMatchObject({ origin: ConstantOrigin.DOCUMENTED, value: 60, sourceUrl: 'https://aws.amazon.com/route53/faqs/' });
      expect(ttl(30)).toMatchObject({ origin: ConstantOrigin.CONFIGURED, value: 30, inputName: 'dnsTtlSeconds' });
    });
  });
});
