import * as fs from 'fs';
import * as path from 'path';
import { DatabaseRecoveryMode, DecisionMode, RecoveryBudget, RecoveryBudgetModel } from '../../src';

const DOC = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'recovery-budget.md'), 'utf8');

function constantsOf(budget: RecoveryBudget) {
  return [...budget.terms.flatMap((t) => t.constants), ...budget.rpo.constants, ...budget.transactionLogRpo.constants];
}

describe('docs/recovery-budget.md', () => {
  test('contains the default table exactly as the code prints it', () => {
    expect(DOC).toContain(`\`\`\`text\n${RecoveryBudgetModel.formatTable(RecoveryBudgetModel.compute())}\n\`\`\``);
  });

  test('cites the source of every constant in every mode', () => {
    const budgets = [
      RecoveryBudgetModel.compute(),
      RecoveryBudgetModel.compute({ decisionMode: DecisionMode.MANUAL_APPROVAL, secondaryHeadless: true, dnsTtlSeconds: 30 }),
      RecoveryBudgetModel.compute({ databaseRecoveryMode: DatabaseRecoveryMode.SWITCHOVER }),
      RecoveryBudgetModel.compute({ databaseRecoveryMode: DatabaseRecoveryMode.SWITCHOVER, rpoGuardrailEnabled: false }),
      RecoveryBudgetModel.compute({ databaseRecoveryMode: DatabaseRecoveryMode.MANUAL_PROCEDURE, manualFailoverSeconds: 600 }),
    ];
    const urls = new Set(budgets.flatMap(constantsOf).map((c) => c.sourceUrl));
    for (const url of urls) expect(DOC).toContain(url);
  });

  test('the figures quoted in the text are the model\'s', () => {
    const rto = (inputs = {}) => RecoveryBudgetModel.formatDuration(RecoveryBudgetModel.compute(inputs).rtoHighSeconds);
    expect(rto()).toBe('9m 6s');
    expect(rto({ databasePromotionSeconds: 120, triggerDispatchSeconds: 30, imagePullSeconds: 30 })).toBe('7m 36s');
    expect(rto({ trafficInParallelWithDatabase: true })).toBe('7m 36s');
    expect(rto({ triggerAlarmEvaluationPeriods: 5 })).toBe('11m 6s');
    expect(rto({ decisionMode: DecisionMode.MANUAL_APPROVAL })).toBe('14m 6s');
    expect(rto({ secondaryHeadless: true })).toBe('24m 6s');
    expect(RecoveryBudgetModel.compute({ targetGroupHealthCheckIntervalSeconds: 30, targetGroupHealthyThresholdCount: 5 })
      .compute.highSeconds).toBe(270);
    for (const text of ['**9 min 6 s**', '7 min 36 s', '11 min 6 s', '14 min 6 s', '24 min 6 s', 'would give 270 s']) expect(DOC).toContain(text);
  });
});
