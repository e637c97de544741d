import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ObjectLockMode } from './object-lock-mode';
import { enableEventBridge, INLINE_POLICY_ACKNOWLEDGEMENTS, logToAccessLogBucket, nagObjectsResource, newLogDeliveryBucket } from './private/logs';
import { acknowledge } from '../private/compliance';
import { acknowledgeCrossRegionReferenceHandlers } from '../private/cross-region';
import { newEncryptionKey } from '../private/kms';
import { lockObjects } from './private/object-lock';

/** Where a transaction-log bucket replicates to: a versioned bucket and its KMS key in another region. */
export interface ReplicationDestination {
  /** The destination bucket (versioned, in another region; its stack must be deployed first). */
  readonly bucket: s3.IBucket;
  /** The KMS key replicas are encrypted with in the destination region. */
  readonly encryptionKey: kms.IKey;
}

/** Props of {@link TransactionLogBucket}. */
export interface TransactionLogBucketProps {
  /**
   * Days objects (and noncurrent versions) are kept before they expire; at least 365 (PCI DSS 10.5.1).
   * @default 365
   */
  readonly retentionDays?: number;

  /**
   * Replicate every object to this bucket with S3 Replication Time Control (15 minutes) and replication
   * metrics, re-encrypting replicas with the destination's key; alarms watch latency and failures.
   * @default - no replication
   */
  readonly replicationDestination?: ReplicationDestination;

  /**
   * Id of the replication rule (a dimension of the replication metrics).
   * @default 'transaction-log-replication'
   */
  readonly replicationRuleId?: string;

  /**
   * Object Lock mode of the bucket's default retention (every new object version is locked for `retentionDays`).
   * COMPLIANCE: nobody, not even the root user, can delete or overwrite a locked version before its retention
   * ends. GOVERNANCE: users allowed `s3:BypassGovernanceRetention` can (for tests only). Object Lock cannot be
   * turned off once on (docs/region.md).
   * @default ObjectLockMode.COMPLIANCE
   */
  readonly objectLockMode?: ObjectLockMode;

  /**
   * Also set the bucket's top-level `ObjectLockEnabled` (Object Lock at bucket creation, as AWS Control Tower's
   * CT.S3.PR.9 checks). Only for a bucket that does not exist yet: CloudFormation REPLACES an existing bucket when
   * this property changes (cloudformation-coverage-roadmap#1929). Without it, Object Lock is enabled through
   * `ObjectLockConfiguration`, which updates an existing bucket in place (docs/backup.md).
   * @default false
   */
  readonly objectLockAtCreation?: boolean;

  /**
   * An existing KMS key of the bucket's region, instead of a new one. Its key policy is the owner's: it must let
   * this account's S3 use it (and, for a replication destination, the source's replication role encrypt with it).
   * @default - a new customer-managed key
   */
  readonly encryptionKey?: kms.IKey;
}

/** Rule id used by default; it is a dimension (`RuleId`) of the S3 replication metrics. */
const DEFAULT_RULE_ID = 'transaction-log-replication';

/**
 * The transaction-log bucket of a payment region: versioned, encrypted with a customer-managed KMS key,
 * TLS-only, public access blocked, Intelligent-Tiering after 30 days and Glacier after 90, kept at least
 * 365 days, server access logs to a separate bucket, retained on stack deletion; optionally replicated to
 * another region with Replication Time Control and alarms.
 */
export class TransactionLogBucket extends Construct {
  /** The transaction-log bucket. */
  public readonly bucket: s3.Bucket;
  /** The customer-managed key of the bucket (the given `encryptionKey`, else a new one). */
  public readonly encryptionKey: kms.IKey;
  /**
   * The bucket receiving the S3 server access logs (SSE-S3: S3 log delivery cannot write to SSE-KMS buckets).
   * Other buckets of the same account may log to it too.
   */
  public readonly accessLogBucket: s3.Bucket;
  /** Days objects are kept (and locked: the Object Lock default retention). */
  public readonly retentionDays: number;
  /** The Object Lock mode of the default retention. */
  public readonly objectLockMode: ObjectLockMode;
  /** The replication role, when replicating. */
  public readonly replicationRole?: iam.Role;
  /** The replication rule id, when replicating. */
  public readonly replicationRuleId?: string;
  /** The replication destination, when replicating. */
  public readonly replicationDestination?: ReplicationDestination;
  /** Alarms on replication latency and failed operations (empty when not replicating). */
  public readonly replicationAlarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: TransactionLogBucketProps = {}) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? 365;
    if (!Token.isUnresolved(retentionDays) && (!Number.isInteger(retentionDays) || retentionDays < 365)) {
      throw new Error(`retentionDays must be an integer of at least 365 (PCI DSS 10.5.1), got: ${retentionDays}`);
    }
    this.retentionDays = retentionDays;
    this.objectLockMode = props.objectLockMode ?? ObjectLockMode.COMPLIANCE;
    const stack = Stack.of(this);
    this.accessLogBucket = newAccessLogBucket(this, retentionDays);
    this.encryptionKey = props.encryptionKey ?? newEncryptionKey(this, 'Key', { description: 'Encrypts the payment transaction logs' });

    const destination = props.replicationDestination;
    if (destination) {
      this.replicationDestination = destination;
      this.replicationRuleId = props.replicationRuleId ?? DEFAULT_RULE_ID;
      // Our own role: the L2's default role has a fixed name (CDKReplicationRole) that collides across stacks.
      this.replicationRole = new iam.Role(this, 'ReplicationRole', {
        assumedBy: new iam.ServicePrincipal('s3.amazonaws.com'),
        description: 'S3 replication of the payment transaction logs to the standby region',
      });
    }

    this.bucket = new s3.Bucket(this, 'Resource', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.encryptionKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: lifecycle(retentionDays),
      replicationRole: this.replicationRole,
      replicationRules: destination ? [replicationRule(this.replicationRuleId!, destination)] : undefined,
    });
    lockObjects(this.bucket, this.objectLockMode, retentionDays, props.objectLockAtCreation ?? false);
    logToAccessLogBucket(this.bucket, this.accessLogBucket, 'transaction-logs/');
    enableEventBridge(this.bucket);
    acknowledgeCrossRegionReferenceHandlers(stack);

    if (destination && this.replicationRole) {
      this.grantReplication(this.replicationRole, destination);
      this.replicationAlarms.push(...this.newReplicationAlarms());
    } else {
      acknowledgeNotReplicating(this.bucket);
    }
  }

  /** Alarms on replication slower than the RTC threshold and on failed replication operations. */
  private newReplicationAlarms(): cloudwatch.Alarm[] {
    return [
      new cloudwatch.Alarm(this, 'ReplicationLatencyAlarm', {
        alarmDescription:
          'Transaction-log replication to the standby is slower than the 15-minute Replication Time Control threshold',
        metric: this.metricReplicationLatency({ statistic: cloudwatch.Stats.MAXIMUM }),
        threshold: 900,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, 'ReplicationFailedAlarm', {
        alarmDescription: 'Transaction-log objects failed to replicate to the standby',
        metric: this.metricOperationsFailedReplication(),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
  }

  /** The destination of this bucket's replication, for use as another bucket's `replicationDestination`. */
  public asReplicationDestination(): ReplicationDestination {
    return { bucket: this.bucket, encryptionKey: this.encryptionKey };
  }

  /** Lets the grantee write transaction-log records (PutObject, with the key to encrypt them). */
  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:PutObject'],
      resourceArns: [this.bucket.arnForObjects('*')],
    });
    // SSE-KMS uploads need a data key (and Decrypt for multipart uploads).
    this.encryptionKey.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt');
    const principal = grant.principalStatement && Construct.isConstruct(grantee.grantPrincipal) ? grantee.grantPrincipal : undefined;
    const objects = nagObjectsResource(this.bucket);
    if (principal && objects) {
      acknowledge(principal, [
        {
          id: 'AwsSolutions-IAM5',
          reason: 'transaction-log records are written under keys generated per record: PutObject on the bucket\'s objects only',
          appliesTo: [objects],
        },
      ]);
    }
    return grant;
  }

  /** Lets the grantee read transaction-log records. */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.bucket.grantRead(grantee);
  }

  /**
   * Maximum seconds a replicated object took (AWS/S3 `ReplicationLatency`, source region).
   * @default - maximum over 5 minutes
   */
  public metricReplicationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.replicationMetric('ReplicationLatency', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * Number of objects that failed to replicate (AWS/S3 `OperationsFailedReplication`).
   * @default - sum over 5 minutes
   */
  public metricOperationsFailedReplication(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.replicationMetric('OperationsFailedReplication', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * Bytes waiting to be replicated (AWS/S3 `BytesPendingReplication`).
   * @default - maximum over 5 minutes
   */
  public metricBytesPendingReplication(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.replicationMetric('BytesPendingReplication', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  private replicationMetric(metricName: string, props: cloudwatch.MetricOptions): cloudwatch.Metric {
    if (!this.replicationDestination || !this.replicationRuleId) {
      throw new Error(`${metricName} needs replicationDestination on the bucket, got: none`);
    }
    return new cloudwatch.Metric({
      namespace: 'AWS/S3',
      metricName,
      dimensionsMap: {
        SourceBucket: this.bucket.bucketName,
        DestinationBucket: this.replicationDestination.bucket.bucketName,
        RuleId: this.replicationRuleId,
      },
      period: Duration.minutes(5),
      ...props,
    });
  }

  /** The replication role's permissions, scoped to the two buckets and the two keys. */
  private grantReplication(role: iam.Role, destination: ReplicationDestination): void {
    const sourceRegion = Stack.of(this).region;
    const destinationRegion = destination.bucket.env.region;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadReplicationConfiguration',
        actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
        resources: [this.bucket.bucketArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadSourceObjects',
        // GetObjectRetention and GetObjectLegalHold: S3 replicates locked objects (with their retention) only with them.
        actions: [
          's3:GetObjectVersionForReplication',
          's3:GetObjectVersionAcl',
          's3:GetObjectVersionTagging',
          's3:GetObjectRetention',
          's3:GetObjectLegalHold',
        ],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteReplicas',
        actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
        resources: [destination.bucket.arnForObjects('*')],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DecryptSourceObjects',
        actions: ['kms:Decrypt'],
        resources: [this.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${sourceRegion}.amazonaws.com` } },
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'EncryptReplicas',
        actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [destination.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${destinationRegion}.amazonaws.com` } },
      }),
    );
    acknowledge(role, [
      {
        id: 'AwsSolutions-IAM5',
        reason: 'replication reads every object version of the source bucket and writes every key of the destination',
        appliesTo: [nagObjectsResource(this.bucket), nagObjectsResource(destination.bucket)].filter((r): r is string => r !== undefined),
      },
      ...INLINE_POLICY_ACKNOWLEDGEMENTS,
    ]);
  }
}

/** Lifecycle of the log buckets: Intelligent-Tiering at 30 days, Glacier at 90, expiry after the retention. */
function lifecycle(retentionDays: number): s3.LifecycleRule[] {
  return [
    {
      id: 'tiering-and-retention',
      abortIncompleteMultipartUploadAfter: Duration.days(7),
      transitions: [
        { storageClass: s3.StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(30) },
        { storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(90) },
      ],
      expiration: Duration.days(retentionDays),
      noncurrentVersionTransitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(30) }],
      // A version overwritten or deleted is still kept for the full retention period.
      noncurrentVersionExpiration: Duration.days(retentionDays),
    },
  ];
}

/** The server-access-log target of the transaction-log bucket: S3 log delivery through the bucket policy. */
function newAccessLogBucket(scope: Construct, retentionDays: number): s3.Bucket {
  const accessLogBucket = newLogDeliveryBucket(scope, 'AccessLogs', lifecycle(retentionDays));
  // S3 log delivery through the bucket policy (not ACLs), from buckets of this account only.
  accessLogBucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowS3ServerAccessLogDelivery',
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [accessLogBucket.arnForObjects('*')],
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
  );
  acknowledge(
    accessLogBucket,
    ['AwsSolutions-S1', 'PCI.DSS.321-S3BucketLoggingEnabled', 'NIST.800.53.R5-S3BucketLoggingEnabled', 'guard:s3_bucket_logging_enabled_check'].map(
      (ruleId) => ({ id: ruleId, reason: 'this bucket is the server-access-log target; logging it to itself would loop' }),
    ),
  );
  acknowledge(accessLogBucket, [
    {
      id: 'guard:s3_bucket_object_lock_enabled_check',
      reason:
        'S3 does not deliver server access logs to a bucket with Object Lock, so this target stays a separate bucket ' +
        'without it: versioned, TLS-only, retained on delete, expired only after the retention period (docs/backup.md)',
    },
  ]);
  return accessLogBucket;
}

/** Replication with RTC (15 minutes) and its metrics, KMS-encrypted objects, no delete-marker replication. */
function replicationRule(ruleId: string, destination: ReplicationDestination): s3.ReplicationRule {
  return {
    id: ruleId,
    destination: destination.bucket,
    kmsKey: destination.encryptionKey,
    sseKmsEncryptedObjects: true,
    replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES,
    metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES,
    // A deletion in the primary must not hide the standby copy of an audit record.
    deleteMarkerReplication: false,
    priority: 0,
  };
}

function acknowledgeNotReplicating(bucket: s3.Bucket): void {
  const reason = 'this is the standby copy (the replication destination) or replication was not asked for';
  acknowledge(bucket, [
    { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason },
    { id: 'PCI.DSS.321-S3BucketReplicationEnabled', reason },
  ]);
}
