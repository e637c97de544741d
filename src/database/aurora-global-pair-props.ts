import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';

/** Props of {@link AuroraGlobalPair}. */
export interface AuroraGlobalPairProps {
  /**
   * The VPC of the primary cluster, in the primary region (the region of the stack the pair is created in).
   * It must have private isolated subnets: the cluster is placed in them only.
   */
  readonly primaryVpc: ec2.IVpc;

  /**
   * The VPC of the secondary cluster, in the standby region. The secondary cluster, its key, parameter group,
   * security group, log group and alarms are created in the stack of this VPC, under a construct with the same id
   * as this pair; that stack is made to depend on the primary's so that one `cdk deploy --all` creates the
   * global cluster before its secondary member. It must have private isolated subnets.
   */
  readonly secondaryVpc: ec2.IVpc;

  /**
   * The stack (in the standby region) the secondary member is created in, when it is not the secondary VPC's own
   * stack (e.g. an existing VPC imported in a network stack).
   * @default - the stack of `secondaryVpc`
   */
  readonly secondaryStack?: Stack;

  /**
   * An existing KMS key in the primary region for the primary cluster (storage, Performance Insights, logs, master
   * secret); its key policy is the owner's.
   * @default - a new customer-managed key
   */
  readonly primaryEncryptionKey?: kms.IKey;

  /**
   * An existing KMS key in the standby region for the secondary cluster (storage, Performance Insights, logs); its
   * key policy is the owner's.
   * @default - a new customer-managed key
   */
  readonly secondaryEncryptionKey?: kms.IKey;

  /**
   * The identifier of the global cluster (lowercase letters, digits and single hyphens, starting with a letter,
   * at most 53 characters so that the member identifiers `<id>-primary` and `<id>-secondary` fit in 63).
   *
   * The member clusters are named `<id>-primary` and `<id>-secondary` (names are kept across a switchover:
   * after one, `<id>-secondary` is the writer).
   *
   * @default - derived from the construct path: deterministic, unique in the app
   */
  readonly globalClusterIdentifier?: string;

  /**
   * The Aurora PostgreSQL engine version of the global cluster and of both members (one value: the members
   * always match). Must be major version 16 or later.
   *
   * @default rds.AuroraPostgresEngineVersion.VER_16_11
   */
  readonly engineVersion?: rds.AuroraPostgresEngineVersion;

  /**
   * The name of the database created in the primary cluster (replicated to the secondary).
   * @default 'payments'
   */
  readonly databaseName?: string;

  /**
   * The master user name. Its password is generated into a Secrets Manager secret, replicated to the standby
   * region and rotated.
   * @default 'payments_admin'
   */
  readonly masterUsername?: string;

  /**
   * The instance type of the primary writer and readers.
   * @default r6g.xlarge
   */
  readonly primaryInstanceType?: ec2.InstanceType;

  /**
   * The number of readers in the primary cluster (besides its writer), 0 to 15.
   * @default 1
   */
  readonly primaryReaders?: number;

  /**
   * The instance type of the secondary cluster's instances. After a failover the first of them becomes the
   * writer: size it for the production load if the standby must carry it without a resize.
   * @default r6g.large
   */
  readonly secondaryInstanceType?: ec2.InstanceType;

  /**
   * The number of instances in the secondary cluster, 0 to 16. 0 makes a headless secondary: storage keeps
   * replicating, but a failover must first add an instance (docs/database.md gives the RTO cost).
   * @default 1
   */
  readonly secondaryInstances?: number;

  /**
   * The recovery point objective the global database is held to: `rds.global_db_rpo` in both cluster parameter
   * groups (Aurora blocks commits on the primary when the secondary's RPO lag would exceed it), and the
   * thresholds of the lag alarms. At least 20 seconds (Aurora's minimum).
   * @default Duration.seconds(20)
   */
  readonly rpo?: Duration;

  /**
   * Whether to enforce the RPO with `rds.global_db_rpo`. When false, the parameter is not set (commits never wait
   * for the secondary) and the RPO only drives the alarm thresholds.
   * @default true
   */
  readonly rpoGuardrail?: boolean;

  /**
   * The topic the primary region's alarms notify (it must be in the primary region).
   * @default - a new KMS-encrypted topic in the primary region
   */
  readonly primaryAlarmTopic?: sns.ITopic;

  /**
   * The topic the standby region's alarms (replication and RPO lag) notify (it must be in the standby region).
   * @default - a new KMS-encrypted topic in the standby region
   */
  readonly secondaryAlarmTopic?: sns.ITopic;

  /**
   * How long automated backups are kept, 7 to 35 days, on both clusters.
   * @default Duration.days(7)
   */
  readonly backupRetention?: Duration;

  /**
   * Deletion protection on the global cluster and both members.
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * What happens to the clusters when they are removed from the stacks. With `SNAPSHOT` each member takes a
   * final snapshot and the (data-less) global cluster is deleted after its members; with `RETAIN` everything
   * is kept.
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * A customer-managed key in the standby region to encrypt the standby replica of the credentials secret.
   * The replica is created when the primary stack deploys, before the standby stack exists, so this key must
   * come from a stack deployed before the primary (e.g. the standby storage stack, through
   * `crossRegionReferences`).
   * @default - the standby region's AWS managed key `aws/secretsmanager`
   */
  readonly secretReplicaEncryptionKey?: kms.IKey;

  /**
   * How often the master password is rotated (single-user rotation, AWS hosted rotation function).
   * @default Duration.days(30)
   */
  readonly secretRotationInterval?: Duration;

  /**
   * The subnets of the rotation function in the primary VPC. It must reach the cluster and the Secrets Manager
   * API (through NAT or an interface endpoint).
   * @default - the private subnets with egress of the primary VPC, or its isolated subnets when it has none
   *   (then the VPC needs a Secrets Manager interface endpoint)
   */
  readonly rotationSubnets?: ec2.SubnetSelection;

  /**
   * How long Performance Insights keeps data (encrypted with the region's key).
   * @default rds.PerformanceInsightRetention.DEFAULT (7 days)
   */
  readonly performanceInsightRetention?: rds.PerformanceInsightRetention;
}
