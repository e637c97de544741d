/** The platform's backups: a locked vault per region, copies to the other region, both clusters and log buckets. */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BASE } from './base-props';
import { DrPaymentPlatform, DrPaymentPlatformProps, LogicalCorruptionModel, ObjectLockMode, VaultLockMode } from '../../src';

function platform(overrides: Partial<DrPaymentPlatformProps> = {}): DrPaymentPlatform {
  return new DrPaymentPlatform(new App(), 'Payments', { ...BASE, ...overrides });
}

const vaultArn = (region: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:backup:${region}:111111111111:backup-vault:payments-payments`]],
});

/** Buckets with Object Lock (enabled through ObjectLockConfiguration). */
const LOCKED = { Properties: { ObjectLockConfiguration: Match.objectLike({ ObjectLockEnabled: 'Enabled' }) } };

/** The logical id of the only resource of `type` in the template. */
function onlyId(t: Template, type: string): string {
  const ids = Object.keys(t.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('DrPaymentPlatform backups', () => {
  const p = platform();
  const primary = Template.fromStack(p.primaryStack);
  const standby = Template.fromStack(p.standbyStack);
  const storage = Template.fromStack(p.standbyStorageStack);

  test.each([['primary', () => primary], ['standby', () => standby]])('the %s region has a vault locked in compliance mode with its own key', (_, t) => {
    t().hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Retain',
      Properties: {
        BackupVaultName: 'payments-payments',
        EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupKey'), 'Arn'] },
        LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 365, ChangeableForDays: 3 },
      },
    });
  });

  test('each region\'s plan takes continuous backups and copies them to the other region\'s vault', () => {
    for (const [t, otherRegion] of [[primary, 'us-west-2'], [standby, 'us-east-1']] as const) {
      t.hasResourceProperties('AWS::Backup::BackupPlan', {
        BackupPlan: Match.objectLike({
          BackupPlanRule: [Match.objectLike({
            EnableContinuousBackup: true,
            TargetBackupVault: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupVault'), 'BackupVaultName'] },
            CopyActions: [{ DestinationBackupVaultArn: vaultArn(otherRegion), Lifecycle: { DeleteAfterDays: 35 } }],
          })],
        }),
      });
    }
  });

  test('the selections include both clusters and both transaction-log buckets', () => {
    const primaryCluster = onlyId(primary, 'AWS::RDS::DBCluster');
    const primaryBucket = Object.keys(primary.findResources('AWS::S3::Bucket', LOCKED));
    expect(primaryBucket).toHaveLength(1);
    primary.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({
        Resources: [
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:us-east-1:111111111111:cluster:', { Ref: primaryCluster }]] },
          { 'Fn::GetAtt': [primaryBucket[0], 'Arn'] },
        ],
      }),
    });
    const secondaryCluster = onlyId(standby, 'AWS::RDS::DBCluster');
    const standbyBucket = Object.keys(storage.findResources('AWS::S3::Bucket', LOCKED));
    expect(standbyBucket).toHaveLength(1);
    const [selection] = Object.values(standby.findResources('AWS::Backup::BackupSelection'));
    const [cluster, bucket] = selection.Properties.BackupSelection.Resources;
    expect(cluster).toEqual({ 'Fn::GetAtt': [secondaryCluster, 'DBClusterArn'] });
    // The standby bucket lives in StandbyStorage (same region): an export of its ARN.
    expect(JSON.stringify(bucket)).toContain('Fn::ImportValue');
    expect(JSON.stringify(bucket)).toContain(standbyBucket[0]);
  });

  test('both log buckets lock every version for at least 365 days in compliance mode', () => {
    for (const t of [primary, storage]) {
      const locked = Object.values(t.findResources('AWS::S3::Bucket', LOCKED));
      expect(locked).toHaveLength(1);
      const retention = locked[0].Properties.ObjectLockConfiguration;
      expect(retention.ObjectLockEnabled).toBe('Enabled');
      expect(retention.Rule.DefaultRetention.Mode).toBe('COMPLIANCE');
      expect(retention.Rule.DefaultRetention.Days).toBeGreaterThanOrEqual(365);
      expect(locked[0].Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      // Not the top-level flag: CloudFormation would replace the buckets already deployed.
      expect(locked[0].Properties.ObjectLockEnabled).toBeUndefined();
    }
  });

  test('the server-access-log targets stay without Object Lock (S3 refuses to deliver logs to a locked bucket)', () => {
    for (const t of [primary, storage]) {
      const targets = Object.values(t.findResources('AWS::S3::Bucket'))
        .filter((b) => b.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm === 'AES256');
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) expect(target.Properties.ObjectLockEnabled).toBeUndefined();
    }
  });

  test('the backup settings and the log lock mode are props', () => {
    const q = platform({
      backup: {
        vaultLockMode: VaultLockMode.GOVERNANCE,
        minRetentionDays: 1,
        maxRetentionDays: 30,
        retentionDays: 14,
        scheduleExpression: 'cron(0 */12 ? * * *)',
        transactionLogLockMode: ObjectLockMode.GOVERNANCE,
      },
    });
    for (const stack of [q.primaryStack, q.standbyStack]) {
      const t = Template.fromStack(stack);
      t.hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: { MinRetentionDays: 1, MaxRetentionDays: 30 } });
      t.hasResourceProperties('AWS::Backup::BackupPlan', {
        BackupPlan: Match.objectLike({ BackupPlanRule: [Match.objectLike({ ScheduleExpression: 'cron(0 */12 ? * * *)', Lifecycle: { DeleteAfterDays: 14 } })] }),
      });
    }
    for (const stack of [q.primaryStack, q.standbyStorageStack]) {
      Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 365 } } },
      });
    }
    expect(q.logicalCorruption.crossRegionLossSeconds).toBe(12 * 3600);
  });

  test('a new deployment may lock the log buckets at creation (the top-level ObjectLockEnabled)', () => {
    const q = platform({ backup: { transactionLogLockAtCreation: true } });
    for (const stack of [q.primaryStack, q.standbyStorageStack]) {
      const [bucket] = Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket', LOCKED));
      expect(bucket.Properties.ObjectLockEnabled).toBe(true);
      expect(bucket.Metadata?.guard?.SuppressedRules ?? []).not.toContain('s3_bucket_object_lock_enabled_check');
    }
  });

  test('invalid backup props fail naming the prop path', () => {
    expect(() => platform({ backup: { retentionDays: 40 } }))
      .toThrow('DrPaymentPlatformProps.backup.retentionDays must be an integer between 7 and 35, got: 40');
    expect(() => platform({ backup: { logicalCorruptionObjectiveSeconds: 1800 } }))
      .toThrow(/logical-corruption objective cannot be met: undoing a corruption takes 1h 15m, more than the objective 30m/);
    expect(() => platform({ backup: { scheduleExpression: 'cron(0 5 ? * MON *)', logicalCorruptionObjectiveSeconds: 10_000 } }))
      .toThrow('DrPaymentPlatformProps.backup.scheduleExpression must be a daily, hourly or every-n-hours cron() expression');
  });

  test('the logical-corruption estimate follows the backup settings, and an objective that is met passes', () => {
    expect(p.logicalCorruption).toMatchObject({ granularitySeconds: 1, inRegionLossSeconds: 300, crossRegionLossSeconds: 86400, retentionDays: 35 });
    const met = platform({ backup: { logicalCorruptionObjectiveSeconds: 7200 } });
    expect(LogicalCorruptionModel.formatTable(met.logicalCorruption, 7200)).toContain('objective 2h: met');
  });
});
