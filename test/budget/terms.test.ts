import { movedTerms } from './helpers';
import { DatabaseRecoveryMode, DecisionMode, RecoveryBudgetModel } from '../../src';

describe('recovery budget terms', () => {
  const defaults = RecoveryBudgetModel.compute();

  describe('detect', () => {
    test('defaults: (3 - 1) x 10 s low, 3 x 10 s + 4 s connect + 2 s response high', () => {
      expect([defaults.detect.lowSeconds, defaults.detect.highSeconds]).toEqual([20, 36]);
    });

    test('health-check interval moves only detect', () => {
      const budget = RecoveryBudgetModel.compute({ healthCheckIntervalSeconds: 30 });
      expect([budget.detect.lowSeconds, budget.detect.highSeconds]).toEqual([60, 96]);
      expect(movedTerms({ healthCheckIntervalSeconds: 30 })).toEqual(['detect']);
    });

    test('failure threshold moves only detect', () => {
      const budget = RecoveryBudgetModel.compute({ healthCheckFailureThreshold: 1 });
      expect([budget.detect.lowSeconds, budget.detect.highSeconds]).toEqual([0, 16]);
      expect(movedTerms({ healthCheckFailureThreshold: 5 })).toEqual(['detect']);
    });
  });

  describe('decide', () => {
    test('defaults: automatic trigger, 3 x 60 s alarms + 60 s dispatch', () => {
      expect([defaults.decide.lowSeconds, defaults.decide.highSeconds]).toEqual([120, 240]);
      expect(defaults.decide.explanation).toMatch(/^Automatic trigger/);
    });

    test('alarm evaluation periods and period move only decide', () => {
      const budget = RecoveryBudgetModel.compute({ triggerAlarmEvaluationPeriods: 3, triggerAlarmPeriodSeconds: 120 });
      expect([budget.decide.lowSeconds, budget.decide.highSeconds]).toEqual([240, 420]);
      expect(movedTerms({ triggerAlarmEvaluationPeriods: 5 })).toEqual(['decide']);
      expect(movedTerms({ triggerAlarmPeriodSeconds: 300 })).toEqual(['decide']);
    });

    test('trigger dispatch moves only decide', () => {
      expect(RecoveryBudgetModel.compute({ triggerDispatchSeconds: 10 }).decide.highSeconds).toBe(190);
      expect(movedTerms({ triggerDispatchSeconds: 10 })).toEqual(['decide']);
    });

    test('manual approval adds the approval allowance to decide only', () => {
      const manual = RecoveryBudgetModel.compute({ decisionMode: DecisionMode.MANUAL_APPROVAL });
      expect([manual.decide.lowSeconds, manual.decide.highSeconds]).toEqual([120, 180 + 60 + 300]);
      expect(manual.decide.explanation).toMatch(/^Manual approval/);
      expect(movedTerms({ decisionMode: DecisionMode.MANUAL_APPROVAL })).toEqual(['decide']);
      const longer = RecoveryBudgetModel.compute({ decisionMode: DecisionMode.MANUAL_APPROVAL, approvalAllowanceSeconds: 600 });
      expect(longer.decide.highSeconds).toBe(840);
    });
  });

  describe('database', () => {
    test('defaults: managed failover, 60 s documented best case, 180 s assumed worst case', () => {
      expect([defaults.database.lowSeconds, defaults.database.highSeconds]).toEqual([60, 180]);
    });

    test('promotion time moves only database', () => {
      expect(RecoveryBudgetModel.compute({ databasePromotionSeconds: 240 }).database.highSeconds).toBe(240);
      expect(movedTerms({ databasePromotionSeconds: 240 })).toEqual(['database']);
    });

    test('switchover adds the catch-up bounded by rds.global_db_rpo', () => {
      const switchover = RecoveryBudgetModel.compute({ databaseRecoveryMode: DatabaseRecoveryMode.SWITCHOVER });
      expect([switchover.database.lowSeconds, switchover.database.highSeconds]).toEqual([60, 200]);
      expect(movedTerms({ databaseRecoveryMode: DatabaseRecoveryMode.SWITCHOVER })).toEqual(['database']);
      const unguarded = RecoveryBudgetModel.compute({
        databaseRecoveryMode: DatabaseRecoveryMode.SWITCHOVER, rpoGuardrailEnabled: false,
      });
      expect(unguarded.database.highSeconds).toBe(181);
    });

    test('headless secondary adds the instance creation time to database only', () => {
      const headless = RecoveryBudgetModel.compute({ secondaryHeadless: true });
      expect([headless.database.lowSeconds, headless.database.highSeconds]).toEqual([960, 1080]);
      expect(movedTerms({ secondaryHeadless: true })).toEqual(['database']);
      const measured = RecoveryBudgetModel.compute({ secondaryHeadless: true, instanceCreationSeconds: 300 });
      expect([measured.database.lowSeconds, measured.database.highSeconds]).toEqual([360, 480]);
    });

    test('the RPO guardrail moves no RTO term in failover mode', () => {
      expect(movedTerms({ globalDbRpoSeconds: 60 })).toEqual([]);
      expect(RecoveryBudgetModel.compute({ globalDbRpoSeconds: 60 }).rpo.highSeconds).toBe(60);
    });
  });

  describe('compute', () => {
    test('defaults: 2 -> 10 tasks, 60 s pull + 1 x 10 s check low, 60 s + 60 s grace + 3 x 10 s high', () => {
      expect([defaults.compute.lowSeconds, defaults.compute.highSeconds]).toEqual([70, 150]);
    });

    test('standby at or above primary capacity needs no scaling', () => {
      for (const standbyMinTasks of [10, 12]) {
        const budget = RecoveryBudgetModel.compute({ standbyMinTasks });
        expect([budget.compute.lowSeconds, budget.compute.highSeconds]).toEqual([0, 0]);
        expect(budget.compute.explanation).toContain('no scaling');
      }
      expect(movedTerms({ standbyMinTasks: 10 })).toEqual(['compute']);
      expect(movedTerms({ primaryMinTasks: 2 })).toEqual(['compute']);
    });

    test('image pull moves compute low and high', () => {
      const budget = RecoveryBudgetModel.compute({ imagePullSeconds: 30 });
      expect([budget.compute.lowSeconds, budget.compute.highSeconds]).toEqual([40, 120]);
      expect(movedTerms({ imagePullSeconds: 30 })).toEqual(['compute']);
    });

    test('grace period moves compute high only', () => {
      const budget = RecoveryBudgetModel.compute({ healthCheckGracePeriodSeconds: 120 });
      expect([budget.compute.lowSeconds, budget.compute.highSeconds]).toEqual([70, 210]);
      expect(movedTerms({ healthCheckGracePeriodSeconds: 120 })).toEqual(['compute']);
    });

    test('target-group interval and healthy threshold move only compute', () => {
      const slower = RecoveryBudgetModel.compute({ targetGroupHealthCheckIntervalSeconds: 30 });
      expect([slower.compute.lowSeconds, slower.compute.highSeconds]).toEqual([90, 210]);
      const stricter = RecoveryBudgetModel.compute({ targetGroupHealthyThresholdCount: 5 });
      expect([stricter.compute.lowSeconds, stricter.compute.highSeconds]).toEqual([70, 170]);
      expect(movedTerms({ targetGroupHealthCheckIntervalSeconds: 30 })).toEqual(['compute']);
      expect(movedTerms({ targetGroupHealthyThresholdCount: 5 })).toEqual(['compute']);
    });
  });

  describe('traffic', () => {
    test('defaults: 0 s low, 30 s propagation + 60 s ALB alias TTL high', () => {
      expect([defaults.traffic.lowSeconds, defaults.traffic.highSeconds]).toEqual([0, 90]);
    });

    test('TTL and propagation move only traffic', () => {
      expect(RecoveryBudgetModel.compute({ dnsTtlSeconds: 300 }).traffic.highSeconds).toBe(330);
      expect(RecoveryBudgetModel.compute({ dnsPropagationSeconds: 5 }).traffic.highSeconds).toBe(65);
      expect(movedTerms({ dnsTtlSeconds: 300 })).toEqual(['traffic']);
      expect(movedTerms({ dnsPropagationSeconds: 5 })).toEqual(['traffic']);
    });
  });

  test('parallelism switches move no term, only the totals', () => {
    expect(movedTerms({ computeInParallelWithDatabase: false, trafficInParallelWithDatabase: true })).toEqual([]);
  });
});
