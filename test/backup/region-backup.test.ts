import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RegionBackup, RegionBackupProps, VaultLockMode } from '../../src';

const CLUSTER = 'arn:aws:rds:us-east-1:111111111111:cluster:payments-primary';
const BUCKET = 'arn:aws:s3:::payments-log';
const COPY_TO = 'arn:aws:backup:us-west-2:111111111111:backup-vault:payments';

function backupOf(props: Partial<RegionBackupProps> = {}): { backup: RegionBackup; template: Template } {
  const stack = new Stack(new App(), 'Backup', { env: { account: '111111111111', region: 'us-east-1' } });
  const backup = new RegionBackup(stack, 'Backup', {
    backupVaultName: 'payments',
    databaseClusterArns: [CLUSTER],
    bucketArns: [BUCKET],
    copyToVaultArn: COPY_TO,
    ...props,
  });
  return { backup, template: Template.fromStack(stack) };
}

describe('RegionBackup', () => {
  test('the vault is encrypted with its own rotated customer key, retained, and locked in compliance mode by default', () => {
    const { template } = backupOf();
    template.hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Retain',
      Properties: {
        BackupVaultName: 'payments',
        EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupKey'), 'Arn'] },
        LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 365, ChangeableForDays: 3 },
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('governance mode is a lock without a change window; the window and retentions are props', () => {
    const governance = backupOf({ vaultLockMode: VaultLockMode.GOVERNANCE, minRetentionDays: 1, maxRetentionDays: 30, retentionDays: 30 });
    governance.template.hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 1, MaxRetentionDays: 30, ChangeableForDays: Match.absent() },
    });
    backupOf({ changeableForDays: 10 }).template.hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: Match.objectLike({ ChangeableForDays: 10 }),
    });
  });

  test('the rule takes continuous backups, kept 35 days, and copies each recovery point to the other vault', () => {
    const { template } = backupOf();
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: 'payments-plan',
        BackupPlanRule: [
          Match.objectLike({
            RuleName: 'continuous-and-cross-region-copy',
            EnableContinuousBackup: true,
            ScheduleExpression: 'cron(0 5 ? * * *)',
            TargetBackupVault: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupVault'), 'BackupVaultName'] },
            Lifecycle: { DeleteAfterDays: 35 },
            CopyActions: [{ DestinationBackupVaultArn: COPY_TO, Lifecycle: { DeleteAfterDays: 35 } }],
          }),
        ],
      },
    });
  });

  test('without continuous backup the rule takes snapshots on the schedule, which may keep them longer', () => {
    const { template } = backupOf({ continuousBackup: false, retentionDays: 90, scheduleExpression: 'cron(0 * ? * * *)' });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [Match.objectLike({
          RuleName: 'snapshot-and-cross-region-copy',
          EnableContinuousBackup: false,
          ScheduleExpression: 'cron(0 * ? * * *)',
          Lifecycle: { DeleteAfterDays: 90 },
        })],
      },
    });
  });

  test('the selection names the clusters and buckets; its role has the AWS Backup and S3 backup and restore policies', () => {
    const { template } = backupOf();
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({
        Resources: [CLUSTER, BUCKET],
        IamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupRole'), 'Arn'] },
      }),
    });
    const role = Object.values(template.findResources('AWS::IAM::Role'))[0];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    ]);
    const policies = JSON.stringify(role.Properties.ManagedPolicyArns);
    for (const name of ['ForBackup', 'ForRestores', 'ForS3Backup', 'ForS3Restore']) {
      expect(policies).toContain(`service-role/AWSBackupServiceRolePolicy${name}`);
    }
  });

  test('vaultArnOf is the ARN of a vault named so in that region', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
    expect(stack.resolve(RegionBackup.vaultArnOf(stack, 'us-west-2', '111111111111', 'payments'))).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':backup:us-west-2:111111111111:backup-vault:payments']],
    });
  });

  test.each([
    [{ retentionDays: 36 }, 'retentionDays must be an integer between 7 and 35, got: 36'],
    [{ retentionDays: 5 }, 'retentionDays must be an integer between 7 and 35, got: 5'],
    [{ continuousBackup: false, retentionDays: 400 }, 'retentionDays must be an integer between 7 and 365, got: 400'],
    [{ minRetentionDays: 0 }, 'minRetentionDays must be an integer between 1 and 36500, got: 0'],
    [{ maxRetentionDays: 5 }, 'maxRetentionDays must be an integer between 7 and 36500, got: 5'],
    [{ changeableForDays: 2 }, 'changeableForDays must be an integer between 3 and 36500, got: 2'],
    [{ vaultLockMode: VaultLockMode.GOVERNANCE, changeableForDays: 5 }, 'changeableForDays applies to VaultLockMode.COMPLIANCE only'],
    [{ scheduleExpression: 'daily' }, 'scheduleExpression must be a cron(...) expression (AWS Backup rules take cron), got: daily'],
    [{ backupVaultName: 'pay ments' }, 'backupVaultName must be 2-50 letters, digits, hyphens or underscores, got: pay ments'],
    [{ databaseClusterArns: [], bucketArns: [] }, 'Test.databaseClusterArns or Test.bucketArns must name a resource to back up, got: none'],
  ])('rejects %j', (props, message) => {
    expect(() => backupOf({ propPath: 'Test.', ...props })).toThrow(message);
  });
});
