import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { PaymentEndpoint } from './payment-endpoint';
import { PaymentNetwork } from './payment-network';
import { PaymentService } from './payment-service';
import { TransactionLogBucket } from './transaction-log-bucket';

/** The settings of a {@link RegionMonitoring} that a {@link PaymentRegion} passes through from its own props. */
export interface RegionMonitoringOptions {
  /**
   * E-mail addresses subscribed to the alarm topic.
   * @default - no subscriptions
   */
  readonly alarmEmails?: string[];

  /**
   * Topic receiving alarm and OK notifications.
   * @default - a new KMS-encrypted SNS topic
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * p99 target response time above which the latency alarm fires, in milliseconds.
   * @default 1000
   */
  readonly latencyThresholdMs?: number;

  /**
   * Target 5xx responses, in percent of requests, above which the error-rate alarm fires.
   * @default 5
   */
  readonly errorRateThresholdPercent?: number;

  /**
   * More widgets for the region's dashboard (e.g. database or replication health from other constructs).
   * @default - none
   */
  readonly dashboardWidgets?: cloudwatch.IWidget[];
}

/** Props of {@link RegionMonitoring}. */
export interface RegionMonitoringProps extends RegionMonitoringOptions {
  /** The payment service watched (running tasks, CPU). */
  readonly service: PaymentService;

  /** The endpoint watched (unhealthy hosts, 5xx, latency, traffic). */
  readonly endpoint: PaymentEndpoint;

  /**
   * Encrypts a new alarm topic (unused with `alarmTopic`); its key policy must let CloudWatch alarms use it.
   */
  readonly encryptionKey: kms.IKey;

  /**
   * The region's transaction-log bucket: its replication alarms (when in this stack) notify the alarm topic, and
   * the dashboard shows its replication.
   * @default - no replication alarms or widget
   */
  readonly logBucket?: TransactionLogBucket;

  /**
   * The region's network: with NAT gateways, an alarm on dropped NAT connections.
   * @default - no NAT alarm
   */
  readonly network?: PaymentNetwork;
}

/**
 * The alarms of one payment region (running tasks, unhealthy hosts, target 5xx rate, p99 latency, load-balancer
 * 5xx, NAT port allocation and the transaction-log replication alarms), the topic they notify on ALARM and OK,
 * and the region's dashboard.
 */
export class RegionMonitoring extends Construct {
  /** The alarm topic. */
  public readonly alarmTopic: sns.ITopic;
  /** Every alarm of this region (service, load balancer and, when replicating, replication). */
  public readonly alarms: cloudwatch.Alarm[];
  /** The region's dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: RegionMonitoringProps) {
    super(scope, id);
    for (const email of props.alarmEmails ?? []) {
      if (!Token.isUnresolved(email) && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
        throw new Error(`alarmEmails must hold e-mail addresses, got: ${email}`);
      }
    }
    this.alarmTopic = props.alarmTopic ?? new sns.Topic(this, 'AlarmTopic', {
      displayName: `Payment ${props.service.role.toLowerCase()} region alarms`,
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    for (const email of props.alarmEmails ?? []) {
      this.alarmTopic.addSubscription(new snsSubscriptions.EmailSubscription(email));
    }

    this.alarms = [...this.newServiceAlarms(props), ...this.replicationAlarms(props.logBucket)];
    if (props.network && props.network.natGateways > 0) {
      this.alarms.push(
        new cloudwatch.Alarm(this, 'NatPortAllocationAlarm', {
          alarmDescription: 'NAT gateways dropped connections: no source port left (tasks cannot reach AWS APIs or the registry)',
          metric: props.network.metricNatErrorPortAllocation(),
          threshold: 0,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    const action = new cloudwatchActions.SnsAction(this.alarmTopic);
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }

    this.dashboard = this.newDashboard(props);
  }

  private newServiceAlarms(props: RegionMonitoringProps): cloudwatch.Alarm[] {
    const { service, endpoint } = props;
    const latencyThresholdMs = props.latencyThresholdMs ?? 1000;
    const errorRateThresholdPercent = props.errorRateThresholdPercent ?? 5;
    return [
      new cloudwatch.Alarm(this, 'UnhealthyHostsAlarm', {
        alarmDescription: 'At least one payment task fails the load balancer health check',
        metric: endpoint.metricUnhealthyHostCount(),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 2,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, 'RunningTasksAlarm', {
        alarmDescription: `Fewer payment tasks run than the minimum capacity (${service.minCapacity})`,
        metric: service.metricRunningTaskCount(),
        threshold: service.minCapacity,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 3,
        // No data means no task reports: the service is down.
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      }),
      new cloudwatch.Alarm(this, 'Target5xxRateAlarm', {
        alarmDescription: `More than ${errorRateThresholdPercent} % of the payment requests fail with 5xx from the tasks`,
        metric: endpoint.metricTarget5xxRate(),
        threshold: errorRateThresholdPercent,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, 'LatencyAlarm', {
        alarmDescription: `p99 payment response time above ${latencyThresholdMs} ms`,
        metric: endpoint.metricTargetResponseTime({ statistic: 'p99' }),
        threshold: latencyThresholdMs / 1000,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, 'LoadBalancer5xxAlarm', {
        alarmDescription: 'The load balancer itself answers 5xx (no healthy target, overload)',
        metric: endpoint.metricLoadBalancer5xxCount(),
        threshold: 10,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 2,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
  }

  /** The log bucket's replication alarms that can notify this topic: those in this stack. */
  private replicationAlarms(logBucket: TransactionLogBucket | undefined): cloudwatch.Alarm[] {
    const stack = Stack.of(this);
    const alarms = logBucket?.replicationAlarms ?? [];
    if (alarms.some((alarm) => Stack.of(alarm) !== stack)) {
      // Elsewhere the reference to this topic would make a cycle between the stacks.
      Annotations.of(this).addWarningV2(
        'cdk-dr-payment-platform:replication-alarms-elsewhere',
        'the replication alarms of the given logBucket live in another stack: they are not sent to this region\'s alarm topic',
      );
    }
    return alarms.filter((alarm) => Stack.of(alarm) === stack);
  }

  private newDashboard(props: RegionMonitoringProps): cloudwatch.Dashboard {
    const { service, endpoint } = props;
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
    });
    dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# Payment ${service.role} region ${Stack.of(this).region}\nhttps://${endpoint.regionalDomainName}${endpoint.healthCheckPath}`,
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Traffic (requests / min)', left: [endpoint.metricRequestCount()], width: 8 }),
      new cloudwatch.GraphWidget({
        title: 'Errors',
        left: [endpoint.metricTarget5xxRate()],
        right: [endpoint.metricLoadBalancer5xxCount()],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Latency (s)',
        left: [endpoint.metricTargetResponseTime({ statistic: 'p50' }), endpoint.metricTargetResponseTime({ statistic: 'p99' })],
        width: 8,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Tasks',
        left: [service.metricRunningTaskCount(), endpoint.metricUnhealthyHostCount()],
        leftAnnotations: [{ value: service.minCapacity, label: 'minimum capacity' }],
        width: 12,
      }),
      new cloudwatch.GraphWidget({ title: 'CPU (%)', left: [service.service.metricCpuUtilization()], width: 12 }),
    );
    if (props.logBucket?.replicationDestination) {
      dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: 'Transaction-log replication',
          left: [props.logBucket.metricReplicationLatency()],
          right: [props.logBucket.metricOperationsFailedReplication()],
          leftAnnotations: [{ value: 900, label: 'RTC 15 min' }],
          width: 24,
        }),
      );
    }
    if (props.dashboardWidgets && props.dashboardWidgets.length > 0) {
      dashboard.addWidgets(...props.dashboardWidgets);
    }
    return dashboard;
  }
}
