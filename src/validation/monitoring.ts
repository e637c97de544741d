import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE, SERVICE_NAME } from './runtime/metric-names';

/** Period of every metric and alarm of the validation constructs. */
export const METRIC_PERIOD = Duration.minutes(5);

/** Props of {@link newAlarm}. */
export interface ValidationAlarmProps {
  /** The metric alarmed on. */
  readonly metric: cloudwatch.IMetric;
  /** The alarm fires when the metric is at least this. */
  readonly threshold: number;
  /** Periods over the threshold before the alarm fires. */
  readonly evaluationPeriods: number;
  /** Description of the alarm. */
  readonly description: string;
  /**
   * Topic notified by the alarm.
   * @default - no action
   */
  readonly topic?: sns.ITopic;
}

/** An alarm at or above the threshold, missing data not breaching, notifying the topic if there is one. */
export function newAlarm(scope: Construct, id: string, props: ValidationAlarmProps): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    metric: props.metric,
    threshold: props.threshold,
    evaluationPeriods: props.evaluationPeriods,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: props.description,
  });
  if (props.topic) {
    alarm.addAlarmAction(new cw_actions.SnsAction(props.topic));
  }
  return alarm;
}

/** A metric the validation handlers publish with Powertools (names in runtime/metric-names.ts). */
export function handlerMetric(metricName: string, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRIC_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME },
    period: METRIC_PERIOD,
    statistic,
    ...props,
  });
}
