import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { VaultLockMode } from '../backup';
import * as sns from 'aws-cdk-lib/aws-sns';
import { RecoveryBudgetInputs, RecoveryObjectives } from '../budget';
import { ObjectLockMode } from '../region';
import { CurrencyLimit, VelocityRule } from '../validation/validation-function';

/** Settings of one region's payment service. */
export interface PaymentRegionOptions {
  /**
   * Minimum number of payment tasks.
   * @default 10 in the primary, 2 in the standby
   */
  readonly minCapacity?: number;
  /**
   * Maximum number of payment tasks.
   * @default 50
   */
  readonly maxCapacity?: number;
  /**
   * NAT gateways of the region's VPC (0-3).
   * @default 3 in the primary, 1 in the standby
   */
  readonly natGateways?: number;
  /**
   * Task CPU units.
   * @default 1024
   */
  readonly cpu?: number;
  /**
   * Task memory in MiB.
   * @default 2048
   */
  readonly memoryMiB?: number;
  /**
   * Availability zones of the region (three), pinned so that synthesis is offline.
   * @default - the first three zones of the region
   */
  readonly availabilityZones?: string[];
  /**
   * Deletion protection on the region's load balancer.
   * @default true
   */
  readonly loadBalancerDeletionProtection?: boolean;
  /**
   * An existing VPC of the region (e.g. handed out by a network team with IPAM and Transit Gateway attachments),
   * instead of the network the platform creates. It needs public subnets (load balancer), private subnets with
   * egress (payment service, validation functions) and private isolated subnets (Aurora), each in at least two
   * availability zones; its flow logs and endpoints are the owner's. Not allowed with `natGateways`.
   * @default - a new PaymentNetwork
   */
  readonly vpc?: ec2.IVpc;
  /**
   * An existing KMS key (in this region) of the region's transaction-log bucket: the primary's bucket, or the
   * standby's (the replication destination). Its key policy is the owner's: it must let this account's S3 and, for
   * the standby's key, the primary bucket's replication role use it.
   * @default - a new customer-managed key
   */
  readonly transactionLogKey?: kms.IKey;
  /**
   * An existing topic (in this region) the region's alarms notify, instead of the one the platform creates; it must
   * accept CloudWatch alarms (and its key, if any, let CloudWatch use it). `alertEmails` are not subscribed to it.
   * @default - a new KMS-encrypted topic with one e-mail subscription per `alertEmails` address
   */
  readonly alertTopic?: sns.ITopic;
  /**
   * The IPv4 range of the region's VPC (/16 to /18); the two regions' ranges must not overlap (checked at synthesis),
   * so that the networks can be peered or routed later. Changing it replaces the region's VPC and everything in it.
   * @default 10.0.0.0/16 in the primary, 10.1.0.0/16 in the standby
   */
  readonly vpcCidr?: string;
  /**
   * This region's payment service image, from a registry the region can reach when the other region is down (e.g.
   * the region's own private ECR). An image in the primary region's ECR is refused for the standby at synthesis.
   * @default - the platform's `containerImage`; for the standby, an image given by its primary-region ECR URI is
   * pulled from the same repository and tag in the standby region's registry (replicate it there: docs/region.md)
   */
  readonly containerImage?: ecs.ContainerImage;
}

/** Settings of the Aurora global database. */
export interface PlatformDatabaseOptions {
  /**
   * Instance class of the primary cluster's writer and readers.
   * @default r6g.xlarge
   */
  readonly primaryInstanceType?: ec2.InstanceType;
  /**
   * Readers in the primary cluster.
   * @default 1
   */
  readonly primaryReaders?: number;
  /**
   * Instance class of the secondary cluster.
   * @default r6g.large
   */
  readonly secondaryInstanceType?: ec2.InstanceType;
  /**
   * Instances in the secondary cluster; 0 makes a headless secondary (cheaper, much slower to recover: the
   * recovery budget adds the instance creation time).
   * @default 1
   */
  readonly secondaryInstances?: number;
  /**
   * The RPO guardrail (`rds.global_db_rpo`): Aurora blocks commits on the primary when the secondary lags more.
   * @default Duration.seconds(20)
   */
  readonly rpo?: Duration;
  /**
   * Whether to set the RPO guardrail at all. Without it the modelled RPO is unbounded and the recovery
   * objectives check fails.
   * @default true
   */
  readonly rpoGuardrail?: boolean;
  /**
   * Deletion protection on both clusters.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * What happens to the clusters when they leave the stack.
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * An existing KMS key in the primary region for the primary cluster (storage, Performance Insights, logs, master
   * secret). Its key policy is the owner's: it must let RDS, Secrets Manager and CloudWatch Logs of the region use it.
   * @default - a new customer-managed key
   */
  readonly primaryEncryptionKey?: kms.IKey;
  /**
   * An existing KMS key in the standby region for the secondary cluster (storage, Performance Insights, logs).
   * @default - a new customer-managed key
   */
  readonly secondaryEncryptionKey?: kms.IKey;
}

/** Settings of the payment-validation functions. */
export interface PlatformValidationOptions {
  /**
   * Per-currency upper limits, in minor units.
   * @default - the function's built-in limits
   */
  readonly currencyLimits?: CurrencyLimit[];
  /**
   * The velocity rule.
   * @default 5 payments per card in 10 minutes
   */
  readonly velocity?: VelocityRule;
  /**
   * Reserved concurrency of each function.
   * @default - unreserved
   */
  readonly reservedConcurrency?: number;
}

/** Settings of the Region switch plan (ARC) that runs switchover, failover and failback. */
export interface PlatformFailoverOptions {
  /**
   * Whether to create the Region switch plan. Without it nothing promotes the database: synthesis then requires
   * `recoveryMeasurements.manualFailoverSeconds`, the measured time of your manual procedure.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Start the failover automatically when the primary's Route 53 HTTPS health check and its load balancer's healthy
   * targets have both been failing for `sustainMinutes` (docs/operations.md). When false an operator starts the
   * plan, and the recovery budget counts a human decision (`approvalAllowanceSeconds`).
   * @default true
   */
  readonly automaticTrigger?: boolean;
  /**
   * Minutes both automatic-trigger signals (the primary's Route 53 HTTPS health check and its load balancer's
   * healthy targets) must be failing, every minute, before the plan starts (3-15). Missing data never counts as
   * failing. The recovery budget's decide term is computed from the same value.
   * @default 3
   */
  readonly sustainMinutes?: number;
  /**
   * Require a manual approval step in the plan.
   * @default false
   */
  readonly manualApproval?: boolean;
  /**
   * The role allowed to approve (required with manualApproval).
   * @default - none
   */
  readonly approvalRole?: iam.IRole;
  /**
   * Time an operator takes to decide, used by the recovery budget when the plan is not triggered
   * automatically or needs an approval.
   * @default Duration.minutes(5)
   */
  readonly decisionAllowance?: Duration;
}

/**
 * Settings of the immutable, cross-region backups (AWS Backup in both regions) and of the transaction logs'
 * Object Lock (docs/backup.md).
 */
export interface PlatformBackupOptions {
  /**
   * Vault Lock mode of both vaults. GOVERNANCE (the lock can be removed) is for test environments only.
   * @default VaultLockMode.COMPLIANCE
   */
  readonly vaultLockMode?: VaultLockMode;
  /**
   * The shortest retention the Vault Lock allows, in days.
   * @default 7
   */
  readonly minRetentionDays?: number;
  /**
   * The longest retention the Vault Lock allows, in days.
   * @default 365
   */
  readonly maxRetentionDays?: number;
  /**
   * COMPLIANCE only: days during which the new lock can still be changed or removed (at least 3).
   * @default 3
   */
  readonly changeableForDays?: number;
  /**
   * Continuous backup (point-in-time restore) of the clusters and log buckets; false takes snapshots on
   * `scheduleExpression` only.
   * @default true
   */
  readonly continuousBackup?: boolean;
  /**
   * Days each recovery point and its copy in the other region are kept (at most 35 with continuous backup).
   * @default 35
   */
  readonly retentionDays?: number;
  /**
   * When the backup rule runs (AWS Backup cron expression, UTC): the snapshot frequency and how often a
   * recovery point is copied to the other region.
   * @default 'cron(0 5 ? * * *)' (daily)
   */
  readonly scheduleExpression?: string;
  /**
   * Object Lock mode of both transaction-log buckets (default retention = the log retention, 365 days).
   * GOVERNANCE is for test environments only.
   * @default ObjectLockMode.COMPLIANCE
   */
  readonly transactionLogLockMode?: ObjectLockMode;
  /**
   * Set the log buckets' top-level `ObjectLockEnabled` too (Object Lock at bucket creation, CT.S3.PR.9). For a NEW
   * deployment only: on buckets deployed before, CloudFormation would replace them. Without it Object Lock is
   * enabled through `ObjectLockConfiguration`, in place (docs/backup.md).
   * @default false
   */
  readonly transactionLogLockAtCreation?: boolean;
  /**
   * An objective for the time to undo a logical corruption (restore to a new cluster and rebuild the global
   * database), in seconds: synthesis fails when the modelled time exceeds it.
   * @default - none: the logical-corruption line is informational
   */
  readonly logicalCorruptionObjectiveSeconds?: number;
}

/** Props of {@link DrPaymentPlatform}. */
export interface DrPaymentPlatformProps {
  /**
   * The AWS account of every stack.
   * @default - the CDK CLI's account (CDK_DEFAULT_ACCOUNT); synthesis fails when neither is set
   */
  readonly account?: string;
  /** The region that serves payments in normal operation, e.g. `us-east-1`. */
  readonly primaryRegion: string;
  /** The region that takes over, e.g. `us-west-2`. */
  readonly standbyRegion: string;
  /** The payment domain clients call, e.g. `pay.example.com`; must be inside the hosted zone. */
  readonly domainName: string;
  /** The Route 53 public hosted zone of the domain (imported by its attributes: no lookup). */
  readonly hostedZone: route53.HostedZoneAttributes;
  /** E-mail addresses subscribed to the alert topics the platform creates (both regions' and the Dns stack's). */
  readonly alertEmails: string[];
  /**
   * The payment service's container image (serves HTTP on 8080 and `GET /health`).
   * @default - a public sample image: replace it
   */
  readonly containerImage?: ecs.ContainerImage;
  /**
   * Prefix of every explicit physical name: the stack names (`<prefix>-Primary` ...), the Aurora global cluster
   * (`<prefix>-payments`, lowercase) and its members, the secrets and the Region switch plan. At most 44 letters,
   * digits and single hyphens, starting with a letter.
   * @default - `<Stage path>-<id>` inside a Stage (e.g. `Beta-Payments`), the construct id at the App root
   */
  readonly stackNamePrefix?: string;
  /**
   * The recovery objectives the platform must meet: synthesis fails with the recovery-budget table when the
   * modelled worst case exceeds one.
   * @default - RTO 15 minutes, RPO 5 minutes
   */
  readonly recoveryObjectives?: RecoveryObjectives;
  /**
   * Measured values for the recovery budget's assumptions (e.g. from a drill): image pull, database promotion,
   * trigger dispatch, DNS propagation. Fields the platform derives from its own settings are ignored.
   * @default - the documented defaults
   */
  readonly recoveryMeasurements?: RecoveryBudgetInputs;
  /** @default - see PaymentRegionOptions */
  readonly primary?: PaymentRegionOptions;
  /** @default - see PaymentRegionOptions */
  readonly standby?: PaymentRegionOptions;
  /** @default - see PlatformDatabaseOptions */
  readonly database?: PlatformDatabaseOptions;
  /** @default - see PlatformValidationOptions */
  readonly validation?: PlatformValidationOptions;
  /**
   * Interval of the Route 53 health checks (10 or 30 seconds).
   * @default 10
   */
  readonly healthCheckIntervalSeconds?: number;
  /**
   * Consecutive failed Route 53 health checks before a region is unhealthy (1-10).
   * @default 3
   */
  readonly healthCheckFailureThreshold?: number;
  /** @default - see PlatformFailoverOptions */
  readonly failover?: PlatformFailoverOptions;
  /** @default - see PlatformBackupOptions */
  readonly backup?: PlatformBackupOptions;
  /**
   * An existing topic in us-east-1 for the Dns stack's alarms (health checks, plan executions), instead of the one
   * the platform creates. `alertEmails` are not subscribed to it.
   * @default - a new KMS-encrypted topic with one e-mail subscription per `alertEmails` address
   */
  readonly dnsAlertTopic?: sns.ITopic;
  /**
   * Accept region names aws-cdk-lib's region-info does not know yet (a region newer than the pinned aws-cdk-lib).
   * @default false
   */
  readonly allowUnknownRegions?: boolean;
  /**
   * Accept overlapping VPC ranges (`primary.vpcCidr`, `standby.vpcCidr`): only for a deployment created when both
   * VPCs were 10.0.0.0/16, which keeps `standby.vpcCidr: '10.0.0.0/16'` rather than replacing its standby VPC and
   * secondary cluster. Overlapping networks can never be peered or routed to each other.
   * @default false
   */
  readonly allowOverlappingVpcCidrs?: boolean;
  /**
   * The DR state switch: the region that serves payments now and holds the Aurora global cluster's writer,
   * `primaryRegion` or `standbyRegion`. Set it to the standby region after a failover (or for the length of a
   * switchover drill) and back after failback: the active region keeps the primary's minimum capacity, alarms and
   * schema migration, and a deploy-time guard fails the deployment when the global cluster's writer is elsewhere
   * (docs/operations.md "After a failover"). Data resources keep their logical ids and names in every state.
   * Equivalent to the context key `dr-payment-platform:activeRegion` (`cdk deploy -c ...`); setting both to
   * different regions is an error.
   * @default - the context key, else primaryRegion
   */
  readonly activeRegion?: string;
  /**
   * Suspend the RPO guardrail (`rds.global_db_rpo` set to its maximum) while the passive region is impaired: with
   * the only secondary unreachable, Aurora would block every commit in the active region. Restore it (false or
   * unset) once the secondary has caught up (docs/operations.md "Standby impaired"). Equivalent to the context key
   * `dr-payment-platform:rpoGuardrailSuspended`.
   * @default - the context key, else false
   */
  readonly rpoGuardrailSuspended?: boolean;
}
