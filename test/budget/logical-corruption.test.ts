import { ConstantOrigin, LogicalCorruptionModel } from '../../src';
import { scheduleIntervalSeconds } from '../../src/platform/private/logical-corruption-inputs';

describe('LogicalCorruptionModel', () => {
  test('defaults: continuous backup to the second, a daily cross-region copy, undo = restore + instance', () => {
    const e = LogicalCorruptionModel.compute();
    expect(e).toMatchObject({
      granularitySeconds: 1,
      inRegionLossSeconds: 300,
      crossRegionLossSeconds: 86400,
      retentionDays: 35,
      undoSeconds: 3600 + 900,
      rebuildSeconds: 3600 + 900 + 3600,
    });
    expect(e.constants.every((c) => c.sourceUrl.startsWith('https://docs.aws.amazon.com/'))).toBe(true);
  });

  test('snapshots only: the granularity and the in-region loss are the rule interval', () => {
    expect(LogicalCorruptionModel.compute({ continuousBackup: false, backupIntervalSeconds: 3600 }))
      .toMatchObject({ granularitySeconds: 3600, inRegionLossSeconds: 3600, crossRegionLossSeconds: 3600 });
  });

  test('measured values replace the assumptions and are marked CONFIGURED', () => {
    const e = LogicalCorruptionModel.compute({ restoreSeconds: 1200, instanceCreationSeconds: 600, globalRebuildSeconds: 1800 });
    expect([e.undoSeconds, e.rebuildSeconds]).toEqual([1800, 3600]);
    const restore = e.constants.find((c) => c.inputName === 'restoreSeconds')!;
    expect(restore.origin).toBe(ConstantOrigin.CONFIGURED);
    expect(LogicalCorruptionModel.compute().constants.find((c) => c.inputName === 'restoreSeconds')!.origin).toBe(ConstantOrigin.ASSUMPTION);
  });

  test('the table is informational without an objective; with one it says met or EXCEEDED, and fails only when exceeded', () => {
    const e = LogicalCorruptionModel.compute();
    expect(LogicalCorruptionModel.formatTable(e)).toMatch(/^term +\| low +\| high +\| explanation\n/);
    expect(LogicalCorruptionModel.formatTable(e)).toContain('logical corruption | 1h 15m | 2h 15m | informational, no objective set;');
    expect(LogicalCorruptionModel.formatTable(e, 3600)).toContain('objective 1h: EXCEEDED');
    expect(LogicalCorruptionModel.failureMessage(e)).toBeUndefined();
    expect(LogicalCorruptionModel.failureMessage(e, 4500)).toBeUndefined();
    expect(LogicalCorruptionModel.failureMessage(e, 4499)).toMatch(/^logical-corruption objective cannot be met/);
  });

  test('rejects negative or fractional inputs', () => {
    expect(() => LogicalCorruptionModel.compute({ restoreSeconds: -1 })).toThrow('restoreSeconds must be an integer >= 0, got: -1');
    expect(() => LogicalCorruptionModel.compute({ backupIntervalSeconds: 0 })).toThrow('backupIntervalSeconds must be an integer >= 1, got: 0');
    expect(() => LogicalCorruptionModel.compute({ retentionDays: 1.5 })).toThrow('retentionDays must be an integer >= 1, got: 1.5');
  });
});

describe('scheduleIntervalSeconds', () => {
  test.each([
    ['cron(0 5 ? * * *)', 86400],
    ['cron(30 23 * * ? *)', 86400],
    ['cron(0 * ? * * *)', 3600],
    ['cron(0 */6 ? * * *)', 21600],
    ['cron(15 0/12 ? * * *)', 43200],
    ['cron(0 5 ? * MON *)', undefined],
    ['cron(0 5 1 * ? *)', undefined],
    ['cron(*/5 * ? * * *)', undefined],
  ])('%s -> %s', (expression, seconds) => {
    expect(scheduleIntervalSeconds(expression)).toBe(seconds);
  });
});

describe('docs/recovery-budget.md, logical corruption', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const doc: string = require('fs').readFileSync(require('path').join(__dirname, '..', '..', 'docs', 'recovery-budget.md'), 'utf8');

  test('contains the default logical-corruption table exactly as the code prints it', () => {
    expect(doc).toContain(`\`\`\`text\n${LogicalCorruptionModel.formatTable(LogicalCorruptionModel.compute())}\n\`\`\``);
  });

  test('cites the source of every constant', () => {
    const urls = new Set([LogicalCorruptionModel.compute(), LogicalCorruptionModel.compute({ continuousBackup: false })]
      .flatMap((e) => e.constants).map((c) => c.sourceUrl));
    expect(urls.size).toBeGreaterThanOrEqual(4);
    for (const url of urls) expect(doc).toContain(url);
  });
});
