import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeCrossRegionReferenceHandlers } from '../../private/cross-region';
import { PinnedStack } from '../../private/stack';

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
