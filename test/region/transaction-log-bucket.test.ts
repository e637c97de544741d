import { Match, Template } from 'aws-cdk-lib/assertions';
import { newApp, stack, STANDBY_REGION, PRIMARY_REGION, twoRegions } from './fixtures';
import { ObjectLockMode, TransactionLogBucket } from '../../src';

describe('TransactionLogBucket', () => {
  test('is versioned, KMS-encrypted, TLS-only, private, tiered and retained at least 365 days', () => {
    const s = stack(newApp(), 'Logs', PRIMARY_REGION);
    new TransactionLogBucket(s, 'Logs');
    const t = Template.fromStack(s);
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() },
            },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('LogsAccessLogs') }, LogFilePrefix: 'transaction-logs/' },
        LifecycleConfiguration: {
          Rules: [
            Match.objectLike({
              ExpirationInDays: 365,
              NoncurrentVersionExpiration: { NoncurrentDays: 365 },
              Transitions: [
                { StorageClass: 'INTELLIGENT_TIERING', TransitionInDays: 30 },
                { StorageClass: 'GLACIER', TransitionInDays: 90 },
              ],
            }),
          ],
        },
      }),
    });
    // TLS-only bucket policy.
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    // The access-log bucket: SSE-S3 (the only encryption log delivery supports), delivery through the policy.
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          }),
        ]),
      },
    });
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    t.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  test('locks every new version for the retention (Object Lock, compliance mode); its access-log target stays unlocked', () => {
    const s = stack(newApp(), 'Logs', PRIMARY_REGION);
    const logs = new TransactionLogBucket(s, 'Logs');
    const t = Template.fromStack(s);
    const [locked] = Object.values(t.findResources('AWS::S3::Bucket', {
      Properties: {
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } } },
        VersioningConfiguration: { Status: 'Enabled' },
      },
    }));
    // Enabled through ObjectLockConfiguration only: the top-level ObjectLockEnabled would make CloudFormation replace a
    // bucket deployed before; CT.S3.PR.9 (which reads only that flag) is acknowledged with the reason.
    expect(locked.Properties.ObjectLockEnabled).toBeUndefined();
    expect(locked.Metadata.guard.SuppressedRules).toContain('s3_bucket_object_lock_enabled_check');
    expect(logs.objectLockMode).toBe(ObjectLockMode.COMPLIANCE);
    // S3 does not deliver server access logs to a bucket with Object Lock.
    const target = t.findResources('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: Match.objectLike({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] }),
      },
    });
    expect(Object.values(target)).toHaveLength(1);
    expect(Object.values(target)[0].Properties.ObjectLockEnabled).toBeUndefined();
    expect(Object.values(target)[0].Metadata.guard.SuppressedRules).toContain('s3_bucket_object_lock_enabled_check');
  });

  test('the lock follows retentionDays, and governance mode is an option (for tests)', () => {
    const s = stack(newApp(), 'Logs', PRIMARY_REGION);
    new TransactionLogBucket(s, 'Logs', { retentionDays: 2555, objectLockMode: ObjectLockMode.GOVERNANCE });
    Template.fromStack(s).hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 2555 } } },
    });
  });

  test('objectLockAtCreation sets the top-level ObjectLockEnabled too (new buckets only), and needs no acknowledgement', () => {
    const s = stack(newApp(), 'Logs', PRIMARY_REGION);
    new TransactionLogBucket(s, 'Logs', { objectLockAtCreation: true });
    const [bucket] = Object.values(Template.fromStack(s).findResources('AWS::S3::Bucket', { Properties: { ObjectLockEnabled: true } }));
    expect(bucket.Properties.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } } });
    expect(bucket.Metadata?.guard?.SuppressedRules ?? []).not.toContain('s3_bucket_object_lock_enabled_check');
  });

  test('keeps objects longer when retentionDays is raised', () => {
    const s = stack(newApp(), 'Logs', PRIMARY_REGION);
    new TransactionLogBucket(s, 'Logs', { retentionDays: 2555 });
    Template.fromStack(s).hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 2555, NoncurrentVersionExpiration: { NoncurrentDays: 2555 } })] },
    });
  });

  test('fails when retentionDays is below 365', () => {
    const s = stack(newApp(), 'Logs', PRIMARY_REGION);
    expect(() => new TransactionLogBucket(s, 'Logs', { retentionDays: 90 })).toThrow(
      'retentionDays must be an integer of at least 365 (PCI DSS 10.5.1), got: 90',
    );
  });

  test('fails when a replication metric is asked of a bucket that does not replicate', () => {
    const s = stack(newApp(), 'Logs', PRIMARY_REGION);
    const logs = new TransactionLogBucket(s, 'Logs');
    expect(() => logs.metricReplicationLatency()).toThrow('ReplicationLatency needs replicationDestination on the bucket, got: none');
  });

  describe('replication to the standby region', () => {
    const { app, storage, primaryStack, primary, standbyLogs } = twoRegions();
    const t = Template.fromStack(primaryStack);
    const source = primary.logBucket;

    test('the primary stack depends on the storage stack holding the destination', () => {
      expect(primaryStack.dependencies).toContain(storage);
      expect(storage.region).toBe(STANDBY_REGION);
      // and the deploy order is the same in the cloud assembly
      const artifact = app.synth().getStackByName(primaryStack.stackName);
      expect(artifact.dependencies.map((d) => d.id)).toContain(storage.artifactId);
    });

    test('the rule has Replication Time Control (15 min), metrics and re-encryption with the destination key', () => {
      t.hasResourceProperties('AWS::S3::Bucket', {
        ReplicationConfiguration: {
          Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('PaymentTransactionLogsReplicationRole'), 'Arn'] },
          Rules: [
            {
              Id: 'transaction-log-replication',
              Priority: 0,
              Status: 'Enabled',
              Filter: { Prefix: '' },
              DeleteMarkerReplication: { Status: 'Disabled' },
              SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
              Destination: {
                Bucket: { 'Fn::GetAtt': [Match.stringLikeRegexp('ExportsReader'), Match.stringLikeRegexp('TransactionLogs.*Arn')] },
                EncryptionConfiguration: {
                  ReplicaKmsKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('ExportsReader'), Match.stringLikeRegexp('TransactionLogsKey.*Arn')] },
                },
                ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
                Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
              },
            },
          ],
        },
      });
      expect(source.replicationDestination?.bucket).toBe(standbyLogs.bucket);
      // Replicating locked objects needs Object Lock on the destination too: both ends are locked.
      for (const end of [primaryStack, storage]) {
        Template.fromStack(end).hasResourceProperties('AWS::S3::Bucket', {
          ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } } },
        });
      }
    });

    test('the replication role may only touch the two buckets and the two keys', () => {
      const policies = t.findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: Match.stringLikeRegexp('PaymentTransactionLogsReplicationRole') }] },
      });
      const statements = Object.values(policies)[0].Properties.PolicyDocument.Statement;
      expect(statements.map((s: any) => s.Sid)).toEqual([
        'ReadReplicationConfiguration',
        'ReadSourceObjects',
        'WriteReplicas',
        'DecryptSourceObjects',
        'EncryptReplicas',
      ]);
      const text = JSON.stringify(statements);
      expect(text).not.toContain('"Resource":"*"');
      // Locked objects replicate (with their retention) only when the role may read their retention and legal hold.
      expect(statements[1].Action).toEqual(expect.arrayContaining([
        's3:GetObjectVersionForReplication', 's3:GetObjectRetention', 's3:GetObjectLegalHold',
      ]));
      expect(statements[2].Action).toEqual(['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags']);
      expect(JSON.stringify(statements[2].Resource)).toMatch(/ExportsReader.*TransactionLogs.*Arn.*\/\*/);
      expect(statements[3]).toMatchObject({
        Action: 'kms:Decrypt',
        Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
      });
      expect(JSON.stringify(statements[3].Resource)).toMatch(/PaymentTransactionLogsKey.*Arn/);
      expect(statements[4]).toMatchObject({
        Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
        Condition: { StringEquals: { 'kms:ViaService': 's3.eu-central-1.amazonaws.com' } },
      });
      expect(JSON.stringify(statements[4].Resource)).toMatch(/ExportsReader.*TransactionLogsKey.*Arn/);
    });

    test('alarms watch AWS/S3 ReplicationLatency and OperationsFailedReplication of the rule', () => {
      const dimensions = [
        { Name: 'DestinationBucket', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('ExportsReader'), Match.stringLikeRegexp('RefTransactionLogs[0-9A-F]+')] } },
        { Name: 'RuleId', Value: 'transaction-log-replication' },
        { Name: 'SourceBucket', Value: { Ref: Match.stringLikeRegexp('PaymentTransactionLogs') } },
      ];
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/S3',
        MetricName: 'ReplicationLatency',
        Statistic: 'Maximum',
        Threshold: 900,
        ComparisonOperator: 'GreaterThanThreshold',
        Dimensions: dimensions,
        AlarmActions: [{ Ref: Match.stringLikeRegexp('PaymentMonitoringAlarmTopic') }],
      });
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/S3',
        MetricName: 'OperationsFailedReplication',
        Statistic: 'Sum',
        Threshold: 0,
        Dimensions: dimensions,
      });
      expect(source.replicationAlarms).toHaveLength(2);
    });

    test('the destination (standby storage) stack has no replication of its own and no reference back', () => {
      const storageTemplate = Template.fromStack(storage);
      storageTemplate.hasResourceProperties('AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' } });
      expect(JSON.stringify(storageTemplate.toJSON())).not.toContain('ReplicationConfiguration');
      expect(storage.dependencies).toEqual([]);
    });
  });
});
