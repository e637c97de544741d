import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';

/**
 * Route 53 publishes health-check metrics (namespace `AWS/Route53`) only in us-east-1, so alarms on
 * `HealthCheckStatus` can only live in a us-east-1 stack.
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html
 */
export const HEALTH_CHECK_METRICS_REGION = 'us-east-1';

/** Route 53 `HealthCheckStatus` (1 healthy, 0 unhealthy) of a health check: minimum over 1 minute, in us-east-1. */
export function metricHealthCheckStatus(healthCheck: route53.IHealthCheck, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/Route53',
    metricName: 'HealthCheckStatus',
    dimensionsMap: { HealthCheckId: healthCheck.healthCheckId },
    statistic: cloudwatch.Stats.MINIMUM,
    period: Duration.minutes(1),
    region: HEALTH_CHECK_METRICS_REGION,
    ...props,
  });
}
