import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * Availability zones used when none are given: the first three of the region. Regions whose zone letters
 * do not start at `a, b, c` are listed explicitly.
 */
const DEFAULT_AZ_LETTERS: Record<string, string[]> = {
  'ap-northeast-1': ['a', 'c', 'd'],
  'us-west-1': ['a', 'b'], // only two zones are available to new accounts
};

/** The availability zones used by default in a region (three where the region has them). */
export function defaultAvailabilityZones(region: string): string[] {
  return (DEFAULT_AZ_LETTERS[region] ?? ['a', 'b', 'c']).map((letter) => `${region}${letter}`);
}

/** Props of {@link PinnedStack}. */
export interface PinnedStackProps extends StackProps {
  /**
   * The availability zones of the stack, pinned so that synthesis never contacts AWS.
   * @default - defaultAvailabilityZones(region)
   */
  readonly availabilityZones?: string[];
}

/**
 * A stack with an explicit account and region and pinned availability zones: synthesis is offline and
 * deterministic (no context lookups, no `dummy` values in templates or snapshots).
 */
export class PinnedStack extends Stack {
  private readonly pinnedAzs: string[];

  constructor(scope: Construct, id: string, props: PinnedStackProps) {
    super(scope, id, props);
    const region = props.env?.region;
    if (!region || !props.env?.account) {
      throw new Error(`stack ${id} needs an explicit env with account and region, got: ${JSON.stringify(props.env ?? {})}`);
    }
    this.pinnedAzs = props.availabilityZones ?? defaultAvailabilityZones(region);
    for (const az of this.pinnedAzs) {
      if (!az.startsWith(region)) {
        throw new Error(`availabilityZones must be zones of ${region}, got: ${az}`);
      }
    }
  }

  public get availabilityZones(): string[] {
    return this.pinnedAzs;
  }
}
