import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';

/**
 * Settings both members of an Aurora global database take ({@link AuroraPrimaryMemberProps},
 * {@link AuroraSecondaryMemberProps}). {@link AuroraGlobalPair} passes the same values to both.
 */
export interface AuroraMemberProps {
  /** The VPC of the member, in the member's region. It must have private isolated subnets: the cluster is placed in them only. */
  readonly vpc: ec2.IVpc;

  /**
   * The Aurora PostgreSQL engine version: the global cluster's (members always match it). Major version 16 or later.
   */
  readonly engineVersion: rds.AuroraPostgresEngineVersion;

  /**
   * The recovery point objective: `rds.global_db_rpo` in the cluster parameter group (when `rpoGuardrail` is on)
   * and the thresholds of the secondary's lag alarms. At least 20 seconds.
   * @default Duration.seconds(20)
   */
  readonly rpo?: Duration;

  /**
   * Whether to set `rds.global_db_rpo` to the RPO in the cluster parameter group.
   * @default true
   */
  readonly rpoGuardrail?: boolean;

  /**
   * The topic the member's alarms notify (in the member's region).
   * @default - a new topic encrypted with the member's key
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * How long automated backups are kept, 7 to 35 days.
   * @default Duration.days(7)
   */
  readonly backupRetention?: Duration;

  /**
   * Deletion protection on the cluster.
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * What happens to the cluster when it is removed from the stack (its instances and subnet group are deleted
   * unless this is `RETAIN`).
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * How long Performance Insights keeps data (encrypted with the member's key).
   * @default rds.PerformanceInsightRetention.DEFAULT (7 days)
   */
  readonly performanceInsightRetention?: rds.PerformanceInsightRetention;

  /**
   * The customer-managed key of the standby replica of the master credentials secret. The primary member
   * creates the replica with it; the secondary member imports the replica with it.
   * @default - the standby region's AWS managed key `aws/secretsmanager`
   */
  readonly secretReplicaEncryptionKey?: kms.IKey;

  /**
   * An existing KMS key of the member's region for its storage, Performance Insights, log group and (primary) master
   * secret, instead of a new one. Its key policy is the owner's: it must let RDS, Secrets Manager and CloudWatch Logs
   * of the region use it.
   * @default - a new customer-managed key
   */
  readonly encryptionKey?: kms.IKey;
}
