/**
 * A pure model of how CloudWatch evaluates a metric alarm, period by period: the last `evaluationPeriods`
 * datapoints, `datapointsToAlarm` of them breaching (M of N), the comparison operator and the missing-data
 * treatment. No CDK import: the same code reads synthesized templates (`fromTemplate`) and the platform's settings.
 *
 * Semantics, from the CloudWatch user guide ("Evaluating an alarm" and "Configuring how CloudWatch alarms treat
 * missing data", https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html):
 * - an alarm goes to ALARM when at least M of the N most recent datapoints breach, else to OK;
 * - `notBreaching`: missing datapoints count as within the threshold; `breaching`: as breaching;
 * - `missing`: missing datapoints are not considered; when every datapoint of the range is missing the alarm goes
 *   to INSUFFICIENT_DATA; `ignore`: the same, except that a range with no datapoint keeps the current state;
 * - a new alarm starts in INSUFFICIENT_DATA.
 */

/** The three alarm states. */
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** CloudWatch `TreatMissingData` values. */
export type TreatMissingData = 'missing' | 'notBreaching' | 'breaching' | 'ignore';

/** The static-threshold comparison operators of `AWS::CloudWatch::Alarm`. */
export type ComparisonOperator =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

/** What CloudWatch needs to evaluate a metric alarm. */
export interface MetricAlarmSpec {
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  /** M of N; CloudWatch's default is `evaluationPeriods`. */
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparisonOperator: ComparisonOperator;
  /** CloudWatch's default is `missing`. */
  readonly treatMissingData: TreatMissingData;
}

/** One datapoint per period; `undefined` is a missing datapoint. */
export type Series = ReadonlyArray<number | undefined>;

const OPERATORS: Record<ComparisonOperator, (v: number, t: number) => boolean> = {
  GreaterThanOrEqualToThreshold: (v, t) => v >= t,
  GreaterThanThreshold: (v, t) => v > t,
  LessThanThreshold: (v, t) => v < t,
  LessThanOrEqualToThreshold: (v, t) => v <= t,
};

const TREATMENTS: TreatMissingData[] = ['missing', 'notBreaching', 'breaching', 'ignore'];

/** Checks a spec the way `PutMetricAlarm` would (M between 1 and N, a known operator and treatment). */
export function checkSpec(spec: MetricAlarmSpec): MetricAlarmSpec {
  if (!Number.isInteger(spec.evaluationPeriods) || spec.evaluationPeriods < 1) {
    throw new Error(`evaluationPeriods must be an integer >= 1, got: ${spec.evaluationPeriods}`);
  }
  if (!Number.isInteger(spec.datapointsToAlarm) || spec.datapointsToAlarm < 1 || spec.datapointsToAlarm > spec.evaluationPeriods) {
    throw new Error(`datapointsToAlarm must be an integer between 1 and evaluationPeriods (${spec.evaluationPeriods}), got: ${spec.datapointsToAlarm}`);
  }
  if (!(spec.comparisonOperator in OPERATORS)) {
    throw new Error(`comparisonOperator must be a static-threshold operator, got: ${spec.comparisonOperator}`);
  }
  if (!TREATMENTS.includes(spec.treatMissingData)) {
    throw new Error(`treatMissingData must be one of ${TREATMENTS.join(', ')}, got: ${spec.treatMissingData}`);
  }
  return spec;
}

/**
 * The alarm's state after each period of `series` (index i: the state evaluated at the end of period i), starting
 * from INSUFFICIENT_DATA. Periods before the series starts are missing (a fresh deploy has no history).
 */
export function evaluateMetricAlarm(spec: MetricAlarmSpec, series: Series): AlarmState[] {
  checkSpec(spec);
  const breaches = OPERATORS[spec.comparisonOperator];
  const states: AlarmState[] = [];
  let state: AlarmState = 'INSUFFICIENT_DATA';
  for (let i = 0; i < series.length; i++) {
    const range: Array<number | undefined> = [];
    for (let j = i - spec.evaluationPeriods + 1; j <= i; j++) {
      range.push(j < 0 ? undefined : series[j]);
    }
    state = nextState(spec, range, state, breaches);
    states.push(state);
  }
  return states;
}

function nextState(
  spec: MetricAlarmSpec, range: Array<number | undefined>, current: AlarmState, breaches: (v: number, t: number) => boolean,
): AlarmState {
  const present = range.filter((v): v is number => v !== undefined);
  const breachingPresent = present.filter((v) => breaches(v, spec.threshold)).length;
  const missingCount = range.length - present.length;
  switch (spec.treatMissingData) {
    case 'breaching':
      return breachingPresent + missingCount >= spec.datapointsToAlarm ? 'ALARM' : 'OK';
    case 'notBreaching':
      return breachingPresent >= spec.datapointsToAlarm ? 'ALARM' : 'OK';
    case 'missing':
      if (present.length === 0) return 'INSUFFICIENT_DATA';
      return breachingPresent >= spec.datapointsToAlarm ? 'ALARM' : 'OK';
    case 'ignore':
      if (present.length === 0) return current;
      return breachingPresent >= spec.datapointsToAlarm ? 'ALARM' : 'OK';
  }
}

/**
 * The spec of a synthesized `AWS::CloudWatch::Alarm` resource's `Properties` (a single-metric alarm: `Period` at
 * the top level). CloudWatch's defaults apply: `DatapointsToAlarm` = `EvaluationPeriods`, `TreatMissingData` =
 * `missing`.
 */
export function metricAlarmSpecFromTemplate(properties: Record<string, unknown>): MetricAlarmSpec {
  const num = (key: string): number => {
    const v = properties[key];
    if (typeof v !== 'number') {
      throw new Error(`alarm property ${key} must be a literal number, got: ${JSON.stringify(v)}`);
    }
    return v;
  };
  const evaluationPeriods = num('EvaluationPeriods');
  return checkSpec({
    periodSeconds: num('Period'),
    evaluationPeriods,
    datapointsToAlarm: properties.DatapointsToAlarm === undefined ? evaluationPeriods : num('DatapointsToAlarm'),
    threshold: num('Threshold'),
    comparisonOperator: properties.ComparisonOperator as ComparisonOperator,
    treatMissingData: (properties.TreatMissingData ?? 'missing') as TreatMissingData,
  });
}
