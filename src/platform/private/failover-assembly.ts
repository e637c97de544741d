import { CfnOutput, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AuroraGlobalPair } from '../../database';
import { FailoverDns } from '../../dns';
import { PlanExecutionNotifications, RegionSwitchPlan, SustainedOutageAlarm } from '../../failover';
import { PaymentRegion } from '../../region';
import { DrPaymentPlatformProps } from '../dr-payment-platform-props';
import { recoveryObjectivesOf } from './recovery-budget-inputs';
import { physicalNames } from './physical-names';

/** What the Dns stack steers traffic between. */
export interface FailoverAssemblyProps {
  /** The platform's props: domain, hosted zone, regions, health-check and failover settings. */
  readonly platform: DrPaymentPlatformProps;
  /** Prefix of the plan name. */
  readonly prefix: string;
  /** Whether to create the Region switch plan (`failover.enabled`). */
  readonly planEnabled: boolean;
  /** The primary region's payment service. */
  readonly primary: PaymentRegion;
  /** The standby region's payment service. */
  readonly standby: PaymentRegion;
  /** The global database the plan fails over. */
  readonly database: AuroraGlobalPair;
  /** The Dns stack's alert topic: health-check alarms and the trigger's Route 53 signal. */
  readonly alarmTopic: sns.ITopic;
  /** The primary stack's alert topic: executions that run there (failback) and the trigger's load-balancer signal. */
  readonly primaryAlarmTopic: sns.ITopic;
  /** The standby stack's alert topic: executions that run there (failover, switchover). */
  readonly standbyAlarmTopic: sns.ITopic;
}

/** The constructs of the Dns stack that the platform exposes. */
export interface FailoverAssembly {
  /** PRIMARY/SECONDARY failover records and their health checks. */
  readonly dns: FailoverDns;
  /** The Region switch plan; undefined when the plan is disabled. */
  readonly plan?: RegionSwitchPlan;
  /** The trigger's two signals (Route 53 in the Dns stack, load balancer in the primary stack); empty without a trigger. */
  readonly triggerAlarms: SustainedOutageAlarm[];
  /** Execution notifications, one per region an execution runs in (primary, standby); empty without a plan. */
  readonly executionNotifications: PlanExecutionNotifications[];
}

/**
 * Failover records and health checks, then the Region switch plan that steers them (data plane only): the
 * records carry the plan's health checks (read at deploy time by its binding), and the plan is triggered when the
 * primary's Route 53 HTTPS check and its load balancer's healthy targets have both failed for N minutes. In JS the two
 * refer to each other, so the control check ids are lazy; in CloudFormation the graph is acyclic (HTTPS check ->
 * alarm -> plan -> binding -> record).
 */
export function assembleFailover(stack: Stack, props: FailoverAssemblyProps): FailoverAssembly {
  const { platform } = props;
  const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'HostedZone', platform.hostedZone);
  let plan: RegionSwitchPlan | undefined;
  const controlHealthCheckId = (check: (p: RegionSwitchPlan) => string) =>
    props.planEnabled ? Lazy.string({ produce: () => check(plan!) }) : undefined;
  const dns = new FailoverDns(stack, 'FailoverDns', {
    hostedZone,
    recordName: platform.domainName,
    primary: {
      loadBalancer: props.primary.loadBalancer,
      region: platform.primaryRegion,
      healthCheckDomainName: props.primary.regionalDomainName,
      controlHealthCheckId: controlHealthCheckId((p) => p.primaryHealthCheckId),
    },
    standby: {
      loadBalancer: props.standby.loadBalancer,
      region: platform.standbyRegion,
      healthCheckDomainName: props.standby.regionalDomainName,
      controlHealthCheckId: controlHealthCheckId((p) => p.standbyHealthCheckId),
    },
    healthCheckIntervalSeconds: platform.healthCheckIntervalSeconds,
    failureThreshold: platform.healthCheckFailureThreshold,
    alarmTopic: props.alarmTopic,
  });
  const automatic = props.planEnabled && (platform.failover?.automaticTrigger ?? true);
  const triggerAlarms = automatic ? newTriggerAlarms(stack, props, dns) : [];
  let executionNotifications: PlanExecutionNotifications[] = [];
  if (props.planEnabled) {
    plan = newRegionSwitchPlan(stack, props, dns, hostedZone, triggerAlarms);
    // Executions run in the region being activated (Region switch's regional data planes): notify from both. The
    // region of the events is not documented, so the Dns stack's region (where the plan is managed) gets a rule too
    // when it is neither.
    executionNotifications = [
      new PlanExecutionNotifications(props.primary, 'PlanExecutionNotifications', { topic: props.primaryAlarmTopic }),
      new PlanExecutionNotifications(props.standby, 'PlanExecutionNotifications', { topic: props.standbyAlarmTopic }),
    ];
    if (![platform.primaryRegion, platform.standbyRegion].includes(stack.region)) {
      executionNotifications.push(new PlanExecutionNotifications(stack, 'PlanExecutionNotifications', { topic: props.alarmTopic }));
    }
  }

  // What operators need at hand (docs/operations.md reads them with `aws cloudformation describe-stacks`).
  new CfnOutput(stack, 'PaymentDomainName', { value: platform.domainName });
  if (plan) {
    new CfnOutput(stack, 'PlanArn', { value: plan.planArn });
    new CfnOutput(stack, 'PlanName', { value: plan.planName });
  }
  return { dns, plan, triggerAlarms, executionNotifications };
}

/** The plan's name: `<prefix>-payments`, lowercase, at most 32 characters (physical-names.ts). */
function planNameFor(prefix: string): string {
  return physicalNames(prefix).planName;
}

/** The Region switch plan: scale the standby, fail the database over, flip the health checks the records carry. */
function newRegionSwitchPlan(
  stack: Stack,
  props: FailoverAssemblyProps,
  dns: FailoverDns,
  hostedZone: route53.IHostedZone,
  triggerAlarms: SustainedOutageAlarm[],
): RegionSwitchPlan {
  const { platform } = props;
  const failover = platform.failover ?? {};
  return new RegionSwitchPlan(stack, 'FailoverPlan', {
    planName: planNameFor(props.prefix),
    primary: {
      region: platform.primaryRegion,
      service: props.primary.service,
      databaseCluster: props.database.primaryCluster,
      recordSetIdentifier: dns.primarySetIdentifier,
    },
    standby: {
      region: platform.standbyRegion,
      service: props.standby.service,
      databaseCluster: props.database.secondaryCluster,
      recordSetIdentifier: dns.standbySetIdentifier,
    },
    globalClusterIdentifier: props.database.globalClusterIdentifier,
    hostedZone,
    recordName: platform.domainName,
    manualApproval: failover.manualApproval,
    approvalRole: failover.approvalRole,
    recoveryTimeObjective: planRecoveryTimeObjective(platform),
    triggers: triggerAlarms.length > 0
      ? [{
        alarms: triggerAlarms.map((a) => a.alarm),
        targetRegion: platform.standbyRegion,
        description: 'primary unhealthy: Route 53 HTTPS check AND load balancer healthy targets, sustained',
      }]
      : undefined,
    applicationHealthAlarms: dns.alarms,
  });
}

/**
 * The trigger's two independent signals, each "below 1 for N consecutive minutes, missing data not breaching":
 * the primary's Route 53 HTTPS health check (probed from the internet; its metric exists only in us-east-1, so the
 * alarm is in the Dns stack) and the primary load balancer's healthy targets (seen from inside the region; the
 * alarm is in the primary stack, where the metric is).
 */
function newTriggerAlarms(stack: Stack, props: FailoverAssemblyProps, dns: FailoverDns): SustainedOutageAlarm[] {
  const sustainMinutes = props.platform.failover?.sustainMinutes;
  const route53Signal = new SustainedOutageAlarm(stack, 'PrimaryUnhealthySustained', {
    metric: dns.metricPrimaryHealthCheckStatus(),
    description: `Route 53 HTTPS health check of the primary (${props.platform.primaryRegion}) unhealthy`,
    sustainMinutes,
    alarmTopic: props.alarmTopic,
  });
  const loadBalancerSignal = new SustainedOutageAlarm(props.primary, 'NoHealthyTargetsSustained', {
    metric: props.primary.endpoint.targetGroup.metrics.healthyHostCount({
      statistic: cloudwatch.Stats.MINIMUM,
      period: Duration.minutes(1),
    }),
    description: 'no healthy target behind the primary load balancer',
    sustainMinutes,
    alarmTopic: props.primaryAlarmTopic,
  });
  return [route53Signal, loadBalancerSignal];
}

/** The plan's RTO (Region switch reports executions against it): the platform's objective, rounded up to minutes. */
function planRecoveryTimeObjective(platform: DrPaymentPlatformProps): Duration {
  const rtoSeconds = recoveryObjectivesOf(platform).rtoSeconds!;
  const minutes = Math.ceil(rtoSeconds / 60);
  if (minutes > 10080) {
    throw new Error('DrPaymentPlatformProps.recoveryObjectives.rtoSeconds must be at most 604800 (the plan\'s '
      + `RecoveryTimeObjectiveMinutes maximum, 10080), got: ${rtoSeconds}`);
  }
  return Duration.minutes(minutes);
}
