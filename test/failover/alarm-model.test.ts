/**
 * The pure CloudWatch alarm model (src/failover/alarm-model/): each TreatMissingData mode, M of N, the comparison
 * operators, reading a synthesized alarm, and composite rules (ALARM/OK/INSUFFICIENT_DATA, AND/OR/NOT, TRUE/FALSE).
 */
import { RecoveryBudgetDefaults } from '../../src/budget';
import {
  DEFAULT_SUSTAIN_MINUTES, MetricAlarmSpec, alarmsOf, evaluateCompositeAlarm, evaluateMetricAlarm, metricAlarmSpecFromTemplate, parseAlarmRule,
  triggerAlarmSpec, triggerSettings,
} from '../../src/failover/alarm-model';

const X = undefined; // a missing datapoint
const spec = (over: Partial<MetricAlarmSpec> = {}): MetricAlarmSpec => ({
  periodSeconds: 60,
  evaluationPeriods: 3,
  datapointsToAlarm: 3,
  threshold: 1,
  comparisonOperator: 'LessThanThreshold',
  treatMissingData: 'missing',
  ...over,
});

describe('metric alarm evaluation', () => {
  test('a new alarm starts in INSUFFICIENT_DATA and stays there while every datapoint is missing (missing)', () => {
    expect(evaluateMetricAlarm(spec(), [X, X, X, X])).toEqual(['INSUFFICIENT_DATA', 'INSUFFICIENT_DATA', 'INSUFFICIENT_DATA', 'INSUFFICIENT_DATA']);
  });

  test('missing: present datapoints decide, absent ones are not considered', () => {
    // 0 breaches (< 1); with 3 of 3 the range [0, X, 0] has only 2 breaching datapoints: OK.
    expect(evaluateMetricAlarm(spec(), [0, X, 0])).toEqual(['OK', 'OK', 'OK']);
    expect(evaluateMetricAlarm(spec({ datapointsToAlarm: 2 }), [0, X, 0])).toEqual(['OK', 'OK', 'ALARM']);
  });

  test('notBreaching: missing datapoints count as good', () => {
    expect(evaluateMetricAlarm(spec({ treatMissingData: 'notBreaching' }), [X, X, X])).toEqual(['OK', 'OK', 'OK']);
    expect(evaluateMetricAlarm(spec({ treatMissingData: 'notBreaching' }), [0, 0, X, 0])).toEqual(['OK', 'OK', 'OK', 'OK']);
  });

  test('breaching: missing datapoints count as bad, so a fresh alarm with no data fires', () => {
    expect(evaluateMetricAlarm(spec({ treatMissingData: 'breaching' }), [X, X, X])).toEqual(['ALARM', 'ALARM', 'ALARM']);
    expect(evaluateMetricAlarm(spec({ treatMissingData: 'breaching', evaluationPeriods: 1, datapointsToAlarm: 1 }), [1, X, 1]))
      .toEqual(['OK', 'ALARM', 'OK']);
  });

  test('ignore: a range with no datapoint keeps the current state', () => {
    const s = spec({ treatMissingData: 'ignore', evaluationPeriods: 1, datapointsToAlarm: 1 });
    expect(evaluateMetricAlarm(s, [0, X, X, 1, X])).toEqual(['ALARM', 'ALARM', 'ALARM', 'OK', 'OK']);
    expect(evaluateMetricAlarm(s, [X, X])).toEqual(['INSUFFICIENT_DATA', 'INSUFFICIENT_DATA']);
  });

  test('M of N: 2 of 3 fires on two bad minutes out of three, 3 of 3 only on three in a row', () => {
    const series = [0, 1, 0, 1, 0, 0, 0];
    expect(evaluateMetricAlarm(spec({ datapointsToAlarm: 2, treatMissingData: 'notBreaching' }), series))
      .toEqual(['OK', 'OK', 'ALARM', 'OK', 'ALARM', 'ALARM', 'ALARM']);
    expect(evaluateMetricAlarm(spec({ treatMissingData: 'notBreaching' }), series))
      .toEqual(['OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'ALARM']);
  });

  test('comparison operators', () => {
    const at = (comparisonOperator: MetricAlarmSpec['comparisonOperator']) =>
      evaluateMetricAlarm(spec({ comparisonOperator, evaluationPeriods: 1, datapointsToAlarm: 1 }), [0, 1, 2]);
    expect(at('LessThanThreshold')).toEqual(['ALARM', 'OK', 'OK']);
    expect(at('LessThanOrEqualToThreshold')).toEqual(['ALARM', 'ALARM', 'OK']);
    expect(at('GreaterThanThreshold')).toEqual(['OK', 'OK', 'ALARM']);
    expect(at('GreaterThanOrEqualToThreshold')).toEqual(['OK', 'ALARM', 'ALARM']);
  });

  test('invalid specs are refused as PutMetricAlarm would', () => {
    expect(() => evaluateMetricAlarm(spec({ datapointsToAlarm: 4 }), [])).toThrow('datapointsToAlarm must be an integer between 1 and evaluationPeriods (3), got: 4');
    expect(() => evaluateMetricAlarm(spec({ comparisonOperator: 'LessThanLowerThreshold' as any }), [])).toThrow('static-threshold operator');
    expect(() => evaluateMetricAlarm(spec({ treatMissingData: 'zero' as any }), [])).toThrow('treatMissingData must be one of');
  });

  test('reads a synthesized alarm, with CloudWatch defaults for DatapointsToAlarm and TreatMissingData', () => {
    expect(metricAlarmSpecFromTemplate({ Period: 60, EvaluationPeriods: 5, Threshold: 1, ComparisonOperator: 'LessThanThreshold' }))
      .toEqual(spec({ evaluationPeriods: 5, datapointsToAlarm: 5 }));
    expect(() => metricAlarmSpecFromTemplate({ Period: { Ref: 'P' }, EvaluationPeriods: 1, Threshold: 1 })).toThrow('Period must be a literal number');
  });
});

describe('trigger settings', () => {
  test('default: 3 of 3 one-minute periods, missing data not breaching', () => {
    expect(triggerSettings()).toEqual({ sustainMinutes: 3, periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 3, treatMissingData: 'notBreaching' });
    expect(triggerAlarmSpec(triggerSettings(5))).toEqual(spec({ evaluationPeriods: 5, datapointsToAlarm: 5, treatMissingData: 'notBreaching' }));
  });

  test.each([2, 16, 3.5])('refuses %p minutes, naming the prop', (n) => {
    expect(() => triggerSettings(n, 'DrPaymentPlatformProps.failover.sustainMinutes'))
      .toThrow(`DrPaymentPlatformProps.failover.sustainMinutes must be an integer between 3 and 15 (minutes), got: ${n}`);
  });
});

describe('composite alarm rules', () => {
  const states = { a: 'ALARM', b: 'OK', c: 'INSUFFICIENT_DATA' } as const;

  test('state functions', () => {
    expect(evaluateCompositeAlarm('ALARM(a)', states)).toBe('ALARM');
    expect(evaluateCompositeAlarm('OK(a)', states)).toBe('OK');
    expect(evaluateCompositeAlarm('OK(b)', states)).toBe('ALARM');
    expect(evaluateCompositeAlarm('INSUFFICIENT_DATA(c)', states)).toBe('ALARM');
    expect(evaluateCompositeAlarm('ALARM("a")', states)).toBe('ALARM');
  });

  test('AND, OR, NOT, TRUE, FALSE and parentheses', () => {
    expect(evaluateCompositeAlarm('ALARM(a) AND ALARM(b)', states)).toBe('OK');
    expect(evaluateCompositeAlarm('ALARM(a) AND OK(b)', states)).toBe('ALARM');
    expect(evaluateCompositeAlarm('ALARM(b) OR ALARM(a)', states)).toBe('ALARM');
    expect(evaluateCompositeAlarm('ALARM(b) OR ALARM(c)', states)).toBe('OK');
    expect(evaluateCompositeAlarm('NOT ALARM(b)', states)).toBe('ALARM');
    expect(evaluateCompositeAlarm('NOT (ALARM(a) OR ALARM(b))', states)).toBe('OK');
    expect(evaluateCompositeAlarm('TRUE AND NOT FALSE', states)).toBe('ALARM');
    // NOT binds tighter than AND, AND tighter than OR.
    expect(evaluateCompositeAlarm('ALARM(a) OR ALARM(b) AND ALARM(c)', states)).toBe('ALARM');
    expect(evaluateCompositeAlarm('(ALARM(a) OR ALARM(b)) AND ALARM(c)', states)).toBe('OK');
    expect(evaluateCompositeAlarm('NOT ALARM(a) AND ALARM(a)', states)).toBe('OK');
  });

  test('the alarms a rule references', () => {
    expect(alarmsOf(parseAlarmRule('(ALARM(a) OR OK(b)) AND NOT ALARM(a) AND TRUE'))).toEqual(['a', 'b']);
  });

  test('syntax errors and unknown alarms are errors', () => {
    expect(() => parseAlarmRule('ALARM(a) AND')).toThrow("unexpected 'end'");
    expect(() => parseAlarmRule('ALARM(a')).toThrow("expected ')'");
    expect(() => parseAlarmRule('ALARM(a) XOR ALARM(b)')).toThrow("unexpected 'XOR'");
    expect(() => evaluateCompositeAlarm('ALARM(d)', states)).toThrow("references 'd', which has no state");
  });
});

test('the budget library default N is the trigger default N (one figure, two places that cannot import each other)', () => {
  expect(RecoveryBudgetDefaults.TRIGGER_ALARM_EVALUATION_PERIODS).toBe(DEFAULT_SUSTAIN_MINUTES);
});
