import { RecoveryBudgetModel } from '../../src';

describe('term table', () => {
  const lines = RecoveryBudgetModel.formatTable(RecoveryBudgetModel.compute()).split('\n');

  test('header and rules', () => {
    expect(lines[0]).toBe('term     | low    | high   | explanation');
    expect(lines[1]).toBe(`---------+--------+--------+-${'-'.repeat(96)}`);
    expect(lines.filter((l) => l === lines[1])).toHaveLength(2);
  });

  test('one row per term in recovery order, values right-aligned, explanation wrapped under its column', () => {
    const labelled = lines.filter((l) => /^\S/.test(l) && !l.startsWith('-')).slice(1);
    expect(labelled.map((l) => l.split(' | ')[0].trim())).toEqual(
      ['detect', 'decide', 'database', 'compute', 'traffic', 'RTO', 'RPO', 'log RPO']);
    expect(lines[2]).toBe("detect   |    20s |    36s | Route 53 checkers probe the primary's /health every 10 s and each reports it unhealthy after 3");
    expect(lines.find((l) => l.startsWith('decide'))).toMatch(/^decide {3}\| {5}2m \| {5}4m \| Automatic trigger: /);
    expect(lines.find((l) => l.startsWith('database'))).toMatch(/^database \| {5}1m \| {5}3m \| Managed failover /);
    expect(lines.find((l) => l.startsWith('compute'))).toMatch(/^compute {2}\| 1m 10s \| 2m 30s \| The plan's ECS step /);
    expect(lines.find((l) => l.startsWith('traffic'))).toMatch(/^traffic {2}\| {5}0s \| 1m 30s \| The plan's Route 53 /);
    for (const continuation of lines.filter((l) => l.startsWith(' '))) {
      expect(continuation).toMatch(/^ {9}\| {8}\| {8}\| \S/);
    }
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(9 + 9 + 9 + 2 + 96);
  });

  test('totals against the objectives', () => {
    expect(lines.find((l) => l.startsWith('RTO'))).toBe(
      'RTO      | 3m 30s |  9m 6s | objective rtoSeconds 900 (15m): met; detect + decide + max(database, compute) + traffic: the');
    expect(lines.find((l) => l.startsWith('RPO'))).toMatch(/^RPO {6}\| {5}1s \| {4}20s \| objective rpoSeconds 300 \(5m\): met; /);
    expect(lines.find((l) => l.startsWith('log RPO'))).toMatch(/^log RPO {2}\| {5}0s \| {4}15m \| informational, not checked: /);
  });

  test('a missed objective and an unbounded RPO', () => {
    const table = RecoveryBudgetModel.formatTable(RecoveryBudgetModel.compute({ rpoGuardrailEnabled: false }), { rtoSeconds: 300 });
    const rows = table.split('\n');
    expect(rows[0]).toBe('term     | low    | high      | explanation');
    expect(rows.find((l) => l.startsWith('RTO'))).toMatch(/^RTO {6}\| 3m 30s \| {5}9m 6s \| objective rtoSeconds 300 \(5m\): EXCEEDED; /);
    expect(rows.find((l) => l.startsWith('RPO'))).toMatch(/^RPO {6}\| {5}1s \| unbounded \| objective rpoSeconds 300 \(5m\): NOT MET; /);
  });

  test.each([
    [0, '0s'], [36, '36s'], [60, '1m'], [426, '7m 6s'], [900, '15m'], [3600, '1h'], [3723, '1h 2m 3s'], [89.6, '1m 30s'],
  ])('formats %p seconds as %p', (seconds, text) => {
    expect(RecoveryBudgetModel.formatDuration(seconds)).toBe(text);
  });
});
