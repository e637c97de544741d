import { Stack } from 'aws-cdk-lib';
import { RegionBackup } from '../../backup';
import { AuroraGlobalPair } from '../../database';
import { TransactionLogBucket, TransactionLogBucketProps } from '../../region';
import { PlatformBackupOptions } from '../dr-payment-platform-props';

/** What the two regions' backups cover: the platform's stacks, database and log buckets. */
export interface BackupTargets {
  /** The primary stack (primary cluster, primary log bucket). */
  readonly primaryStack: Stack;
  /** The standby stack (secondary cluster; the standby log bucket lives in StandbyStorage, same region). */
  readonly standbyStack: Stack;
  /** The global database: each region backs up its own member, so coverage follows a failover. */
  readonly database: AuroraGlobalPair;
  /** The primary region (its transaction-log bucket). */
  readonly primary: { readonly logBucket: TransactionLogBucket };
  /** The standby's transaction-log bucket. */
  readonly standbyLogBucket: TransactionLogBucket;
}

/** How the backups are named and configured. */
export interface BackupAssemblyProps {
  /** Prefix of the vault name (`<prefix>-payments`, lowercase, the same in both regions). */
  readonly prefix: string;
  /** The account of both stacks. */
  readonly account: string;
  /** The caller's settings. */
  readonly options?: PlatformBackupOptions;
}

/**
 * AWS Backup in both regions, [primary, standby]: each region's locked vault backs up that region's Aurora member
 * and transaction-log bucket (so the writer is covered wherever it runs) and copies every recovery point to the
 * other region's vault, addressed by its deterministic ARN (the primary deploys before the standby: no reference
 * can point there).
 */
export function assembleBackup(targets: BackupTargets, props: BackupAssemblyProps): [RegionBackup, RegionBackup] {
  const options = props.options ?? {};
  const backupVaultName = `${props.prefix}-payments`.toLowerCase();
  const common = {
    backupVaultName,
    vaultLockMode: options.vaultLockMode,
    minRetentionDays: options.minRetentionDays,
    maxRetentionDays: options.maxRetentionDays,
    changeableForDays: options.changeableForDays,
    continuousBackup: options.continuousBackup,
    retentionDays: options.retentionDays,
    scheduleExpression: options.scheduleExpression,
    propPath: 'DrPaymentPlatformProps.backup.',
  };
  const { primaryStack, standbyStack } = targets;
  // Built in the consuming stack (its partition), naming the other stack's region.
  const vaultIn = (consumer: Stack, target: Stack) => RegionBackup.vaultArnOf(consumer, target.region, props.account, backupVaultName);
  const primary = new RegionBackup(primaryStack, 'Backup', {
    ...common,
    copyToVaultArn: vaultIn(primaryStack, standbyStack),
    databaseClusterArns: [targets.database.primaryCluster.clusterArn],
    bucketArns: [targets.primary.logBucket.bucket.bucketArn],
  });
  const standby = new RegionBackup(standbyStack, 'Backup', {
    ...common,
    copyToVaultArn: vaultIn(standbyStack, primaryStack),
    databaseClusterArns: [targets.database.secondaryClusterResource.attrDbClusterArn],
    bucketArns: [targets.standbyLogBucket.bucket.bucketArn],
  });
  return [primary, standby];
}

/** How both transaction-log buckets are locked (Object Lock mode, and whether at creation). */
export function transactionLogLocking(options: PlatformBackupOptions = {}): TransactionLogBucketProps {
  return { objectLockMode: options.transactionLogLockMode, objectLockAtCreation: options.transactionLogLockAtCreation };
}
