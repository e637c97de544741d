import { ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { resolveBackupSettings, ResolvedBackupSettings } from './private/settings';
import { VaultLockMode } from './vault-lock-mode';
import { acknowledge } from '../private/compliance';
import { newEncryptionKey } from '../private/kms';

/** Props of {@link RegionBackup}. */
export interface RegionBackupProps {
  /**
   * Name of the backup vault (2-50 letters, digits, hyphens, underscores). Fixed, so that the other region's plan
   * can copy to it by ARN ({@link RegionBackup.vaultArnOf}) without a cross-stack reference.
   */
  readonly backupVaultName: string;

  /**
   * The ARN of the other region's vault: every recovery point is also copied there, with the same retention.
   * @default - no copy
   */
  readonly copyToVaultArn?: string;

  /**
   * ARNs of the Aurora clusters to back up (AWS Backup protects Aurora clusters, not their instances).
   * @default - none
   */
  readonly databaseClusterArns?: string[];

  /**
   * ARNs of the S3 buckets to back up (versioning required by AWS Backup for S3).
   * @default - none
   */
  readonly bucketArns?: string[];

  /**
   * Vault Lock mode. GOVERNANCE is for test environments: the lock can be removed again.
   * @default VaultLockMode.COMPLIANCE
   */
  readonly vaultLockMode?: VaultLockMode;

  /**
   * The shortest retention the Vault Lock allows (days).
   * @default 7
   */
  readonly minRetentionDays?: number;

  /**
   * The longest retention the Vault Lock allows (days).
   * @default 365
   */
  readonly maxRetentionDays?: number;

  /**
   * COMPLIANCE only: days after creation during which the lock can still be changed or deleted (at least 3);
   * afterwards it is immutable.
   * @default 3
   */
  readonly changeableForDays?: number;

  /**
   * Continuous backup (point-in-time restore) of the clusters and buckets; when false the rule takes snapshots
   * on `scheduleExpression` only.
   * @default true
   */
  readonly continuousBackup?: boolean;

  /**
   * Days each recovery point (and its copy in the other region) is kept; at most 35 with continuous backup, and
   * within the Vault Lock's minimum and maximum.
   * @default 35
   */
  readonly retentionDays?: number;

  /**
   * When the rule runs (AWS Backup cron expression, UTC): the snapshot frequency, and how often a
   * recovery point is copied to the other region.
   * @default 'cron(0 5 ? * * *)' (daily at 05:00 UTC)
   */
  readonly scheduleExpression?: string;

  /**
   * Prefix of error messages (the user's prop path), e.g. `DrPaymentPlatformProps.backup.`.
   * @default ''
   */
  readonly propPath?: string;
}

/**
 * AWS Backup in one region: a vault encrypted with its own customer-managed KMS key and locked with Vault Lock
 * (compliance mode by default), a plan whose rule takes continuous backups (point-in-time restore) of the given
 * Aurora clusters and S3 buckets and copies every recovery point to the other region's vault, and the selection's
 * service role (AWS managed backup and restore policies, S3 included).
 */
export class RegionBackup extends Construct {
  /** The ARN a vault named `backupVaultName` has in `region` of `account` (for the other region's copy action). */
  public static vaultArnOf(scope: Construct, region: string, account: string, backupVaultName: string): string {
    return Stack.of(scope).formatArn({
      service: 'backup',
      region,
      account,
      resource: 'backup-vault',
      resourceName: backupVaultName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /** The vault's name (fixed: the other region's plan copies to it by ARN). */
  public readonly backupVaultName: string;
  /** The locked vault. */
  public readonly vault: backup.BackupVault;
  /** The vault's customer-managed key. */
  public readonly encryptionKey: kms.Key;
  /** The backup plan. */
  public readonly plan: backup.BackupPlan;
  /** The selection of clusters and buckets. */
  public readonly selection: backup.BackupSelection;
  /** The role AWS Backup uses for the selection's backups and restores. */
  public readonly role: iam.Role;
  /** The Vault Lock mode. */
  public readonly vaultLockMode: VaultLockMode;
  /** Days each recovery point is kept. */
  public readonly retentionDays: number;
  /** Whether the rule takes continuous backups (point-in-time restore). */
  public readonly continuousBackup: boolean;
  /** The rule's schedule. */
  public readonly scheduleExpression: string;

  constructor(scope: Construct, id: string, props: RegionBackupProps) {
    super(scope, id);
    const path = props.propPath ?? '';
    const settings = resolveBackupSettings(path, props);
    const resources = [...(props.databaseClusterArns ?? []), ...(props.bucketArns ?? [])];
    if (resources.length === 0) {
      throw new Error(`${path}databaseClusterArns or ${path}bucketArns must name a resource to back up, got: none`);
    }
    if (!Token.isUnresolved(props.backupVaultName) && !/^[a-zA-Z0-9\-_]{2,50}$/.test(props.backupVaultName)) {
      throw new Error(`${path}backupVaultName must be 2-50 letters, digits, hyphens or underscores, got: ${props.backupVaultName}`);
    }
    this.backupVaultName = props.backupVaultName;
    this.vaultLockMode = settings.vaultLockMode;
    this.retentionDays = settings.retentionDays;
    this.continuousBackup = settings.continuousBackup;
    this.scheduleExpression = settings.scheduleExpression;

    this.encryptionKey = newEncryptionKey(this, 'Key', { description: `Encrypts the AWS Backup vault ${props.backupVaultName}` });
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.backupVaultName,
      encryptionKey: this.encryptionKey,
      lockConfiguration: lockConfiguration(settings),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.plan = new backup.BackupPlan(this, 'Plan', { backupPlanName: `${props.backupVaultName}-plan` });
    this.plan.addRule(this.newRule(settings, props.copyToVaultArn));
    this.role = this.newRole();
    this.selection = this.plan.addSelection('Selection', {
      resources: resources.map((arn) => backup.BackupResource.fromArn(arn)),
      role: this.role,
      allowRestores: true,
    });
  }

  private newRule(settings: ResolvedBackupSettings, copyToVaultArn?: string): backup.BackupPlanRule {
    const deleteAfter = Duration.days(settings.retentionDays);
    return new backup.BackupPlanRule({
      ruleName: settings.continuousBackup ? 'continuous-and-cross-region-copy' : 'snapshot-and-cross-region-copy',
      backupVault: this.vault,
      enableContinuousBackup: settings.continuousBackup,
      scheduleExpression: events.Schedule.expression(settings.scheduleExpression),
      startWindow: Duration.hours(1),
      completionWindow: Duration.hours(8),
      deleteAfter,
      copyActions: copyToVaultArn
        ? [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(this, 'CopyTarget', copyToVaultArn), deleteAfter }]
        : undefined,
    });
  }

  /** The selection's role: AWS Backup's managed policies for backup and restore, and their S3 counterparts. */
  private newRole(): iam.Role {
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'AWS Backup: back up and restore the payment database and transaction logs',
      managedPolicies: [
        'AWSBackupServiceRolePolicyForBackup',
        'AWSBackupServiceRolePolicyForRestores',
        'AWSBackupServiceRolePolicyForS3Backup',
        'AWSBackupServiceRolePolicyForS3Restore',
      ].map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(`service-role/${name}`)),
    });
    acknowledge(role, [
      {
        id: 'AwsSolutions-IAM4',
        reason:
          'the AWS managed AWS Backup service-role policies are the documented permissions of backup and restore jobs ' +
          '(RDS, Aurora, S3) and follow new AWS Backup features; the role is assumable by backup.amazonaws.com only',
      },
    ]);
    return role;
  }
}

/** Compliance mode is a lock with a change window (ChangeableForDays); governance mode is one without. */
function lockConfiguration(settings: ResolvedBackupSettings): backup.LockConfiguration {
  return {
    minRetention: Duration.days(settings.minRetentionDays),
    maxRetention: Duration.days(settings.maxRetentionDays),
    changeableFor: settings.vaultLockMode === VaultLockMode.COMPLIANCE ? Duration.days(settings.changeableForDays) : undefined,
  };
}
