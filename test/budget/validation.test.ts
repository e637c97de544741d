import { DecisionMode, RecoveryBudgetInputs, RecoveryBudgetModel, RecoveryObjectives } from '../../src';

describe('recovery budget validation', () => {
  const cases: Array<[string, RecoveryBudgetInputs, string]> = [
    ['the health-check interval is neither 10 nor 30', { healthCheckIntervalSeconds: 15 },
      'healthCheckIntervalSeconds must be 10 or 30, got: 15'],
    ['the failure threshold is 0', { healthCheckFailureThreshold: 0 },
      'healthCheckFailureThreshold must be an integer between 1 and 10, got: 0'],
    ['the failure threshold is 11', { healthCheckFailureThreshold: 11 },
      'healthCheckFailureThreshold must be an integer between 1 and 10, got: 11'],
    ['the failure threshold is not an integer', { healthCheckFailureThreshold: 2.5 },
      'healthCheckFailureThreshold must be an integer between 1 and 10, got: 2.5'],
    ['the TTL is negative', { dnsTtlSeconds: -1 }, 'dnsTtlSeconds must be an integer >= 0, got: -1'],
    ['the DNS propagation is not a number', { dnsPropagationSeconds: NaN }, 'dnsPropagationSeconds must be an integer >= 0, got: NaN'],
    ['the decision mode is unknown', { decisionMode: 'SOMETIMES' as DecisionMode },
      'decisionMode must be one of AUTOMATIC_TRIGGER, MANUAL_APPROVAL, got: SOMETIMES'],
    ['the alarm has no evaluation period', { triggerAlarmEvaluationPeriods: 0 },
      'triggerAlarmEvaluationPeriods must be an integer >= 1, got: 0'],
    ['the alarm period is 45 s', { triggerAlarmPeriodSeconds: 45 },
      'triggerAlarmPeriodSeconds must be 10, 20, 30 or a multiple of 60, got: 45'],
    ['the alarm period is 90 s', { triggerAlarmPeriodSeconds: 90 },
      'triggerAlarmPeriodSeconds must be 10, 20, 30 or a multiple of 60, got: 90'],
    ['the alarm period is 0', { triggerAlarmPeriodSeconds: 0 },
      'triggerAlarmPeriodSeconds must be 10, 20, 30 or a multiple of 60, got: 0'],
    ['the trigger dispatch is negative', { triggerDispatchSeconds: -1 }, 'triggerDispatchSeconds must be an integer >= 0, got: -1'],
    ['an approval allowance is given with an automatic trigger', { approvalAllowanceSeconds: 300 },
      'approvalAllowanceSeconds applies only when decisionMode is MANUAL_APPROVAL, got: decisionMode AUTOMATIC_TRIGGER'],
    ['the approval allowance is negative', { decisionMode: DecisionMode.MANUAL_APPROVAL, approvalAllowanceSeconds: -60 },
      'approvalAllowanceSeconds must be an integer >= 0, got: -60'],
    ['the database recovery mode is unknown', { databaseRecoveryMode: 'RESTORE' as never },
      'databaseRecoveryMode must be one of SWITCHOVER, FAILOVER, MANUAL_PROCEDURE, got: RESTORE'],
    ['the promotion time is below the documented best case', { databasePromotionSeconds: 30 },
      'databasePromotionSeconds must be an integer >= 60, got: 30'],
    ['an instance creation time is given for a secondary with instances', { instanceCreationSeconds: 600 },
      'instanceCreationSeconds applies only when secondaryHeadless is true, got: secondaryHeadless false'],
    ['the instance creation time is negative', { secondaryHeadless: true, instanceCreationSeconds: -1 },
      'instanceCreationSeconds must be an integer >= 0, got: -1'],
    ['the standby minimum is negative', { standbyMinTasks: -1 }, 'standbyMinTasks must be an integer >= 0, got: -1'],
    ['the primary minimum is 0', { primaryMinTasks: 0 }, 'primaryMinTasks must be an integer >= 1, got: 0'],
    ['the image pull is negative', { imagePullSeconds: -5 }, 'imagePullSeconds must be an integer >= 0, got: -5'],
    ['the grace period is negative', { healthCheckGracePeriodSeconds: -1 },
      'healthCheckGracePeriodSeconds must be an integer >= 0, got: -1'],
    ['the target-group interval is 4 s', { targetGroupHealthCheckIntervalSeconds: 4 },
      'targetGroupHealthCheckIntervalSeconds must be an integer between 5 and 300, got: 4'],
    ['the target-group interval is 301 s', { targetGroupHealthCheckIntervalSeconds: 301 },
      'targetGroupHealthCheckIntervalSeconds must be an integer between 5 and 300, got: 301'],
    ['the healthy threshold is 1', { targetGroupHealthyThresholdCount: 1 },
      'targetGroupHealthyThresholdCount must be an integer between 2 and 10, got: 1'],
    ['the healthy threshold is 11', { targetGroupHealthyThresholdCount: 11 },
      'targetGroupHealthyThresholdCount must be an integer between 2 and 10, got: 11'],
    ['rds.global_db_rpo is below 20 s', { globalDbRpoSeconds: 19 },
      'globalDbRpoSeconds must be an integer between 20 and 2147483647, got: 19'],
    ['rds.global_db_rpo is given with the guardrail disabled', { rpoGuardrailEnabled: false, globalDbRpoSeconds: 30 },
      'globalDbRpoSeconds applies only when rpoGuardrailEnabled is true, got: rpoGuardrailEnabled false'],
  ];

  test.each(cases)('fails when %s', (_name, inputs, message) => {
    expect(() => RecoveryBudgetModel.compute(inputs)).toThrow(new Error(message));
  });

  const objectives: Array<[string, RecoveryObjectives, string]> = [
    ['the RTO objective is 0', { rtoSeconds: 0 }, 'rtoSeconds must be an integer >= 1, got: 0'],
    ['the RPO objective is not an integer', { rpoSeconds: 1.5 }, 'rpoSeconds must be an integer >= 1, got: 1.5'],
  ];

  test.each(objectives)('fails when %s', (_name, given, message) => {
    const budget = RecoveryBudgetModel.compute();
    expect(() => RecoveryBudgetModel.check(budget, given)).toThrow(new Error(message));
    expect(() => RecoveryBudgetModel.formatTable(budget, given)).toThrow(new Error(message));
  });

  test('accepts the documented bounds', () => {
    expect(() => RecoveryBudgetModel.compute({
      healthCheckIntervalSeconds: 30,
      healthCheckFailureThreshold: 10,
      triggerAlarmPeriodSeconds: 10,
      targetGroupHealthCheckIntervalSeconds: 300,
      targetGroupHealthyThresholdCount: 10,
      globalDbRpoSeconds: 2147483647,
      standbyMinTasks: 0,
    })).not.toThrow();
  });
});
