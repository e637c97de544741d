/** What to do about a standby dependency on the primary region, per kind. */
import { DependencyKind } from './types';

const FIXES: Record<DependencyKind, string> = {
  [DependencyKind.IMAGE]:
    "pull from the standby region's own registry: pass DrPaymentPlatformProps.standby.containerImage with an image of " +
    "the standby region's ECR, or give containerImage by its primary-region ECR URI so that the standby pulls the " +
    'same repository and tag from its own registry, and replicate the repository there (docs/region.md, "Images")',
  [DependencyKind.SECRET]:
    'read a replica of the secret in the standby region (Secrets Manager replicaRegions), by its standby-region ARN',
  [DependencyKind.KMS_KEY]: 'encrypt with a key of the standby region (or a multi-Region replica key there)',
  [DependencyKind.ENDPOINT]:
    "connect to an endpoint in the standby region: its own cluster's endpoints (docs/region.md, \"A passive region\")",
  [DependencyKind.SSM_PARAMETER]: 'read a parameter stored in the standby region (write it there at deploy time)',
  [DependencyKind.CROSS_REGION_REFERENCE]:
    'resolve the value at deploy time only (CDK crossRegionReferences copy it into the standby region) and use it ' +
    'for nothing that lives in the other region at run time',
  [DependencyKind.S3_BUCKET]: "read and write the standby region's bucket (the replication destination)",
  [DependencyKind.LOG_DESTINATION]: 'log to a log group or bucket of the standby region',
  [DependencyKind.ALARM_TOPIC]: "notify the standby region's alert topic",
};

/** The fix of a standby dependency of `kind` on the primary region. */
export function fixOf(kind: DependencyKind): string {
  return FIXES[kind];
}
