import { RecoveryBudgetModel, RecoveryObjectiveKind } from '../../src';

const UNBOUNDED = 'modelled worst-case RPO is unbounded, so rpoSeconds 300 cannot be guaranteed: without the '
  + 'rds.global_db_rpo guardrail an Aurora global database failover loses whatever replication lag there is, '
  + 'typically under a second but with no upper bound; enable rpoGuardrailEnabled with globalDbRpoSeconds <= rpoSeconds';

describe('recovery objectives', () => {
  test('fails when the worst-case RTO exceeds the objective (headless secondary)', () => {
    const budget = RecoveryBudgetModel.compute({ secondaryHeadless: true });
    expect(budget.rtoHighSeconds).toBe(36 + 240 + 1080 + 90);
    expect(RecoveryBudgetModel.check(budget)).toEqual([{
      objective: RecoveryObjectiveKind.RTO,
      objectiveSeconds: 900,
      modelledSeconds: 1446,
      message: 'modelled worst-case RTO 24m 6s exceeds rtoSeconds 900',
    }]);
  });

  test('fails when the RTO objective is tighter than the defaults', () => {
    const violations = RecoveryBudgetModel.check(RecoveryBudgetModel.compute(), { rtoSeconds: 300 });
    expect(violations.map((v) => v.message)).toEqual(['modelled worst-case RTO 9m 6s exceeds rtoSeconds 300']);
  });

  test('an RTO equal to the objective meets it', () => {
    expect(RecoveryBudgetModel.check(RecoveryBudgetModel.compute(), { rtoSeconds: 546 })).toEqual([]);
  });

  test('fails when the worst-case RPO exceeds the objective', () => {
    expect(RecoveryBudgetModel.check(RecoveryBudgetModel.compute({ globalDbRpoSeconds: 600 }))).toEqual([{
      objective: RecoveryObjectiveKind.RPO,
      objectiveSeconds: 300,
      modelledSeconds: 600,
      message: 'modelled worst-case RPO 10m exceeds rpoSeconds 300',
    }]);
    expect(RecoveryBudgetModel.check(RecoveryBudgetModel.compute(), { rpoSeconds: 10 }).map((v) => v.message))
      .toEqual(['modelled worst-case RPO 20s exceeds rpoSeconds 10']);
  });

  test('fails when the RPO is unbounded (failover without the rds.global_db_rpo guardrail)', () => {
    const budget = RecoveryBudgetModel.compute({ rpoGuardrailEnabled: false });
    expect(budget.rpo.bounded).toBe(false);
    expect(budget.rpo.highSeconds).toBeUndefined();
    expect(budget.rpo.lowSeconds).toBe(1);
    expect(budget.rpo.explanation).toContain('worst case is unbounded');
    expect(RecoveryBudgetModel.check(budget)).toEqual([{
      objective: RecoveryObjectiveKind.RPO,
      objectiveSeconds: 300,
      message: UNBOUNDED,
    }]);
    // even a generous objective cannot be guaranteed
    expect(RecoveryBudgetModel.check(budget, { rpoSeconds: 86400 })).toHaveLength(1);
  });

  test('the failure message lists every violation, then the term table', () => {
    const budget = RecoveryBudgetModel.compute({ secondaryHeadless: true, rpoGuardrailEnabled: false });
    const message = RecoveryBudgetModel.failureMessage(budget);
    const [first, blank, header] = (message ?? '').split('\n');
    expect(first).toBe(`recovery objectives cannot be met: modelled worst-case RTO 24m 6s exceeds rtoSeconds 900; ${UNBOUNDED}`);
    expect(blank).toBe('');
    expect(header).toMatch(/^term +\| low +\| high +\| explanation$/);
    expect(message).toContain(RecoveryBudgetModel.formatTable(budget));
  });

  test('no failure message when every objective is met', () => {
    expect(RecoveryBudgetModel.failureMessage(RecoveryBudgetModel.compute())).toBeUndefined();
  });
});
