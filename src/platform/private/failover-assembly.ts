import { CfnOutput, Lazy, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AuroraGlobalPair } from '../../database';
import { FailoverDns } from '../../dns';
import { RegionSwitchPlan } from '../../failover';
import { PaymentRegion } from '../../region';
import { DrPaymentPlatformProps } from '../dr-payment-platform-props';
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
  /** The Dns stack's alert topic: health-check alarms and plan executions. */
  readonly alarmTopic: sns.ITopic;
}

/** The constructs of the Dns stack that the platform exposes. */
export interface FailoverAssembly {
  /** PRIMARY/SECONDARY failover records and their health checks. */
  readonly dns: FailoverDns;
  /** The Region switch plan; undefined when the plan is disabled. */
  readonly plan?: RegionSwitchPlan;
}

/**
 * Failover records and health checks, then the Region switch plan that steers them (data plane only): the
 * records' calculated health checks include the plan's control checks, and the plan is triggered by the
 * primary's health-check alarm. In JS the two refer to each other, so the control check ids are lazy; in
 * CloudFormation the graph is acyclic (HTTPS check -> alarm -> plan -> calculated check -> record).
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
  if (props.planEnabled) {
    plan = newRegionSwitchPlan(stack, props, dns, hostedZone);
  }

  // What operators need at hand (docs/operations.md reads them with `aws cloudformation describe-stacks`).
  new CfnOutput(stack, 'PaymentDomainName', { value: platform.domainName });
  if (plan) {
    new CfnOutput(stack, 'PlanArn', { value: plan.planArn });
    new CfnOutput(stack, 'PlanName', { value: plan.planName });
  }
  return { dns, plan };
}

/** The plan's name: `<prefix>-payments`, lowercase, at most 32 characters (physical-names.ts). */
function planNameFor(prefix: string): string {
  return physicalNames(prefix).planName;
}

/** The Region switch plan: scale the standby, fail the database over, flip the control health checks. */
function newRegionSwitchPlan(
  stack: Stack,
  props: FailoverAssemblyProps,
  dns: FailoverDns,
  hostedZone: route53.IHostedZone,
): RegionSwitchPlan {
  const { platform } = props;
  const failover = platform.failover ?? {};
  const automaticTrigger = failover.automaticTrigger ?? true;
  const primaryHealthAlarm = dns.alarms[0];
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
    alarmTopic: props.alarmTopic,
    triggers: automaticTrigger
      ? [{ alarms: [primaryHealthAlarm], targetRegion: platform.standbyRegion, description: 'primary region unhealthy' }]
      : undefined,
    applicationHealthAlarms: dns.alarms,
  });
}
