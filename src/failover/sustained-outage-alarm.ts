import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { triggerAlarmSpec, triggerSettings } from './alarm-model/trigger-settings';

/** Props of {@link SustainedOutageAlarm}. */
export interface SustainedOutageAlarmProps {
  /**
   * The signal: a one-minute metric whose value is below 1 while the primary is down (Route 53
   * `HealthCheckStatus` Minimum, ALB `HealthyHostCount` Minimum). It must be in this construct's stack's region.
   */
  readonly metric: cloudwatch.IMetric;
  /** What the alarm says when it fires, e.g. "primary HTTPS health check unhealthy". */
  readonly description: string;
  /**
   * Consecutive one-minute periods the metric must be below 1 (N of N); missing data never breaches.
   * @default 3
   */
  readonly sustainMinutes?: number;
  /**
   * Topic notified on ALARM and OK.
   * @default - no notification
   */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * A trigger signal for the Region switch plan: "value < 1 for N consecutive minutes, missing data not breaching".
 * Its settings come from `triggerSettings` (src/failover/alarm-model/), the same object the recovery budget's
 * decide term is computed from.
 */
export class SustainedOutageAlarm extends Construct {
  /** The CloudWatch alarm. */
  public readonly alarm: cloudwatch.Alarm;
  /** N: minutes the signal must be sustained. */
  public readonly sustainMinutes: number;

  constructor(scope: Construct, id: string, props: SustainedOutageAlarmProps) {
    super(scope, id);
    const settings = triggerSettings(props.sustainMinutes);
    const spec = triggerAlarmSpec(settings);
    const period = props.metric.toMetricConfig().metricStat?.period.toSeconds();
    if (period !== spec.periodSeconds) {
      throw new Error(`metric must be a single metric with a ${spec.periodSeconds} s period (the trigger counts one-minute periods), got: ${period ?? 'a math expression'}`);
    }
    this.sustainMinutes = settings.sustainMinutes;
    this.alarm = new cloudwatch.Alarm(this, 'Alarm', {
      alarmDescription: `${props.description} for ${settings.sustainMinutes} consecutive minutes (automatic failover signal)`,
      metric: props.metric,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      threshold: spec.threshold,
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.datapointsToAlarm,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopic) {
      props.alarmTopic.masterKey?.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
      this.alarm.addAlarmAction(new cloudwatchActions.SnsAction(props.alarmTopic));
      this.alarm.addOkAction(new cloudwatchActions.SnsAction(props.alarmTopic));
    }
  }
}
