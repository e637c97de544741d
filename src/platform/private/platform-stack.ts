import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { HEALTH_CHECK_METRICS_REGION } from '../../dns';
import { acknowledgeCrossRegionReferenceHandlers } from '../../private/cross-region';
import { PinnedStack } from '../../private/stack';
import { DrPaymentPlatformProps } from '../dr-payment-platform-props';

/** Where and how one of the platform's stacks is deployed. */
export interface PlatformStackProps {
  /** Prefix of the stack name: the stack is named `<prefix>-<id>`. */
  readonly prefix: string;
  /** The AWS account. */
  readonly account: string;
  /** The region. */
  readonly region: string;
  /** The stack's description. */
  readonly description: string;
  /**
   * Availability zones, pinned so that synthesis is offline.
   * @default - the first three zones of the region
   */
  readonly availabilityZones?: string[];
}

/**
 * One of the platform's four stacks: an explicit environment, pinned zones and `crossRegionReferences` (values
 * flow between the regions through CDK, never as hand-copied strings).
 */
export function newPlatformStack(scope: Construct, id: string, props: PlatformStackProps): Stack {
  const stack = new PinnedStack(scope, id, {
    env: { account: props.account, region: props.region },
    description: props.description,
    availabilityZones: props.availabilityZones,
    crossRegionReferences: true,
    stackName: `${props.prefix}-${id}`,
  });
  acknowledgeCrossRegionReferenceHandlers(stack);
  return stack;
}

/** The platform's four stacks, in deployment order. */
export interface PlatformStacks {
  readonly standbyStorage: Stack;
  readonly primary: Stack;
  readonly standby: Stack;
  readonly dns: Stack;
}

/** The platform's four stacks in the regions its props name; Dns where Route 53 publishes health-check metrics. */
export function newPlatformStacks(scope: Construct, prefix: string, account: string, platform: DrPaymentPlatformProps): PlatformStacks {
  const stack = (id: string, region: string, description: string, availabilityZones?: string[]) =>
    newPlatformStack(scope, id, { prefix, account, region, description, availabilityZones });
  const standbyAzs = platform.standby?.availabilityZones;
  return {
    standbyStorage: stack('StandbyStorage', platform.standbyRegion, 'Payments DR: standby transaction-log bucket (replication destination)', standbyAzs),
    primary: stack('Primary', platform.primaryRegion, 'Payments DR: primary region', platform.primary?.availabilityZones),
    standby: stack('Standby', platform.standbyRegion, 'Payments DR: standby region', standbyAzs),
    dns: stack('Dns', HEALTH_CHECK_METRICS_REGION, 'Payments DR: failover DNS, health checks and Region switch plan'),
  };
}
