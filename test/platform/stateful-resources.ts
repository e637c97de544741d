/**
 * What must never change between two DR states: for every stateful resource (global cluster, clusters, instances,
 * buckets, keys, secrets), its logical id, its physical name and each property whose change makes CloudFormation
 * replace it.
 *
 * The replacement-triggering properties come from the CloudFormation resource specification as aws-cdk-lib's
 * toolchain ships it (`@aws-cdk/aws-service-spec`, property `causesReplacement` "yes" or "maybe"); when that package
 * is absent, from the curated list below, copied from the "Update requires: Replacement" properties of the
 * CloudFormation resource reference pages (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/
 * aws-resource-rds-dbcluster.html, ...-rds-globalcluster.html, ...-rds-dbinstance.html, ...-s3-bucket.html,
 * ...-kms-key.html, ...-secretsmanager-secret.html).
 */
import * as fs from 'fs';
import * as zlib from 'zlib';

export const STATEFUL_TYPES = [
  'AWS::RDS::GlobalCluster',
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBInstance',
  'AWS::S3::Bucket',
  'AWS::KMS::Key',
  'AWS::SecretsManager::Secret',
] as const;

/** Physical-name properties per type (their change replaces the resource, and the name is what operators use). */
export const PHYSICAL_NAME: Record<string, string[]> = {
  'AWS::RDS::GlobalCluster': ['GlobalClusterIdentifier'],
  'AWS::RDS::DBCluster': ['DBClusterIdentifier'],
  'AWS::RDS::DBInstance': ['DBInstanceIdentifier'],
  'AWS::S3::Bucket': ['BucketName'],
  'AWS::KMS::Key': [],
  'AWS::SecretsManager::Secret': ['Name'],
};

const CURATED: Record<string, string[]> = {
  'AWS::RDS::GlobalCluster': ['Engine', 'GlobalClusterIdentifier', 'SourceDBClusterIdentifier', 'StorageEncrypted'],
  'AWS::RDS::DBCluster': ['AvailabilityZones', 'DBClusterIdentifier', 'DBSubnetGroupName', 'DatabaseName', 'EngineMode',
    'KmsKeyId', 'PubliclyAccessible', 'RestoreToTime', 'RestoreType', 'SnapshotIdentifier', 'SourceDBClusterIdentifier',
    'SourceRegion', 'StorageEncrypted', 'UseLatestRestorableTime'],
  'AWS::RDS::DBInstance': ['AvailabilityZone', 'CharacterSetName', 'DBClusterIdentifier', 'DBInstanceIdentifier', 'DBName',
    'DBSubnetGroupName', 'Engine', 'KmsKeyId', 'MasterUsername', 'SourceRegion', 'StorageEncrypted', 'Timezone'],
  'AWS::S3::Bucket': ['BucketName', 'ObjectLockEnabled'],
  'AWS::KMS::Key': [],
  'AWS::SecretsManager::Secret': ['Name'],
};

/** Where the replacement-triggering properties came from. */
export type ReplacementSource = 'aws-service-spec' | 'curated';

/** The replacement-triggering properties of each stateful type. */
export function replacementProperties(): { source: ReplacementSource; properties: Record<string, string[]> } {
  let dbPath: string;
  try {
    // A module of the CDK toolchain, not a dependency of this package: resolved at run time, when present.
    dbPath = require.resolve(['@aws-cdk', 'aws-service-spec', 'db.json.gz'].join('/'));
  } catch {
    return { source: 'curated', properties: CURATED };
  }
  const db = JSON.parse(zlib.gunzipSync(fs.readFileSync(dbPath)).toString('utf-8'));
  const resources: any[] = Object.values(db.schema?.resource?.entities ?? {});
  const properties: Record<string, string[]> = {};
  for (const type of STATEFUL_TYPES) {
    const spec = resources.find((r) => r.cloudFormationType === type);
    if (!spec) {
      throw new Error(`the resource specification has no ${type}`);
    }
    properties[type] = Object.entries(spec.properties as Record<string, { causesReplacement?: string }>)
      .filter(([, p]) => p.causesReplacement === 'yes' || p.causesReplacement === 'maybe')
      .map(([name]) => name)
      .sort();
  }
  return { source: 'aws-service-spec', properties };
}

/** One stateful resource as the comparison sees it. */
export interface StatefulView {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  /** Physical name and replacement-triggering properties, as in the template. */
  readonly identity: Record<string, unknown>;
}

/** The stateful resources of some templates, keyed by `<stack>/<logicalId>`. */
export function statefulResources(templates: Record<string, any>, replacement: Record<string, string[]>): Map<string, StatefulView> {
  const out = new Map<string, StatefulView>();
  for (const [stack, template] of Object.entries(templates)) {
    for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {})) {
      if (!(STATEFUL_TYPES as readonly string[]).includes(resource.Type)) {
        continue;
      }
      const names = new Set([...PHYSICAL_NAME[resource.Type], ...replacement[resource.Type]]);
      const identity: Record<string, unknown> = {};
      for (const name of [...names].sort()) {
        identity[name] = resource.Properties?.[name] ?? null;
      }
      out.set(`${stack}/${logicalId}`, { stack, logicalId, type: resource.Type, identity });
    }
  }
  return out;
}

/** Every difference of stateful resources between two states (empty when none). */
export function statefulDifferences(a: Map<string, StatefulView>, b: Map<string, StatefulView>): string[] {
  const diffs: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    if (!x || !y) {
      diffs.push(`${key}: ${x ? 'removed' : 'added'}`);
      continue;
    }
    for (const prop of Object.keys(x.identity)) {
      if (JSON.stringify(x.identity[prop]) !== JSON.stringify(y.identity[prop])) {
        diffs.push(`${key}.${prop}: ${JSON.stringify(x.identity[prop])} -> ${JSON.stringify(y.identity[prop])}`);
      }
    }
  }
  return diffs;
}
