import { Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HEALTH_CHECK_METRICS_REGION, metricHealthCheckStatus } from './health-check-metrics';

/** A health check to alarm on, with the alarm's description. */
export interface HealthCheckAlarmTarget {
  /** The Route 53 health check. */
  readonly healthCheck: route53.IHealthCheck;
  /** The alarm's description (what is unhealthy). */
  readonly description: string;
}

/** Props of {@link HealthCheckStatusAlarms}. */
export interface HealthCheckStatusAlarmsProps {
  /** The health checks to alarm on (in the order given; construct ids `Alarm0`, `Alarm1`, ...). */
  readonly healthChecks: HealthCheckAlarmTarget[];
  /** Topic notified on ALARM and on OK (in us-east-1, like the alarms). */
  readonly alarmTopic: sns.ITopic;
}

/**
 * Alarms on Route 53 `HealthCheckStatus` (minimum over 1 minute below 1; missing data breaches). Route 53 publishes
 * these metrics only in us-east-1, so this construct must be in a us-east-1 stack.
 */
export class HealthCheckStatusAlarms extends Construct {
  /** The alarms, one per health check, in the order given. */
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: HealthCheckStatusAlarmsProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && region !== HEALTH_CHECK_METRICS_REGION) {
      throw new Error(`HealthCheckStatusAlarms must be in a ${HEALTH_CHECK_METRICS_REGION} stack (Route 53 metrics exist only there), got: ${region}`);
    }
    // CloudWatch publishes alarm notifications to a topic encrypted with a customer-managed key only if the key lets it.
    props.alarmTopic.masterKey?.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alarms = props.healthChecks.map((target, i) => {
      const alarm = new cloudwatch.Alarm(this, `Alarm${i}`, {
        alarmDescription: `${target.description} is unhealthy`,
        metric: metricHealthCheckStatus(target.healthCheck),
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        threshold: 1,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
      alarm.addAlarmAction(new cloudwatchActions.SnsAction(props.alarmTopic));
      alarm.addOkAction(new cloudwatchActions.SnsAction(props.alarmTopic));
      return alarm;
    });
  }
}
