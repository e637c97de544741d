import { Token } from 'aws-cdk-lib';
import { VaultLockMode } from '../vault-lock-mode';

/** AWS Backup keeps continuous (point-in-time) backups at most 35 days (point-in-time-recovery.html). */
export const MAX_CONTINUOUS_RETENTION_DAYS = 35;
/** Vault Lock's 72-hour cooling-off period: ChangeableForDays must be at least 3 (PutBackupVaultLockConfiguration). */
export const MIN_CHANGEABLE_FOR_DAYS = 3;
/** The longest retention a Vault Lock accepts (MaxRetentionDays, 100 years). */
export const MAX_LOCK_RETENTION_DAYS = 36500;

/** The backup settings of one region, resolved and checked. */
export interface ResolvedBackupSettings {
  readonly vaultLockMode: VaultLockMode;
  readonly minRetentionDays: number;
  readonly maxRetentionDays: number;
  readonly changeableForDays: number;
  readonly continuousBackup: boolean;
  readonly retentionDays: number;
  readonly scheduleExpression: string;
}

/** What the settings are checked from (the construct's props, by their user-facing path). */
export interface BackupSettingsInput {
  readonly vaultLockMode?: VaultLockMode;
  readonly minRetentionDays?: number;
  readonly maxRetentionDays?: number;
  readonly changeableForDays?: number;
  readonly continuousBackup?: boolean;
  readonly retentionDays?: number;
  readonly scheduleExpression?: string;
}

function requireInteger(path: string, value: number, min: number, max: number): void {
  if (!Token.isUnresolved(value) && (!Number.isInteger(value) || value < min || value > max)) {
    throw new Error(`${path} must be an integer between ${min} and ${max}, got: ${value}`);
  }
}

/**
 * The settings with their defaults, checked against what AWS Backup accepts; errors name `prefix` + the prop
 * (e.g. `DrPaymentPlatformProps.backup.retentionDays`).
 */
export function resolveBackupSettings(prefix: string, input: BackupSettingsInput = {}): ResolvedBackupSettings {
  const continuousBackup = input.continuousBackup ?? true;
  const settings: ResolvedBackupSettings = {
    vaultLockMode: input.vaultLockMode ?? VaultLockMode.COMPLIANCE,
    minRetentionDays: input.minRetentionDays ?? 7,
    maxRetentionDays: input.maxRetentionDays ?? 365,
    changeableForDays: input.changeableForDays ?? MIN_CHANGEABLE_FOR_DAYS,
    continuousBackup,
    retentionDays: input.retentionDays ?? MAX_CONTINUOUS_RETENTION_DAYS,
    scheduleExpression: input.scheduleExpression ?? 'cron(0 5 ? * * *)',
  };
  requireInteger(`${prefix}minRetentionDays`, settings.minRetentionDays, 1, MAX_LOCK_RETENTION_DAYS);
  requireInteger(`${prefix}maxRetentionDays`, settings.maxRetentionDays, settings.minRetentionDays, MAX_LOCK_RETENTION_DAYS);
  requireInteger(`${prefix}changeableForDays`, settings.changeableForDays, MIN_CHANGEABLE_FOR_DAYS, MAX_LOCK_RETENTION_DAYS);
  if (input.changeableForDays !== undefined && settings.vaultLockMode === VaultLockMode.GOVERNANCE) {
    throw new Error(`${prefix}changeableForDays applies to VaultLockMode.COMPLIANCE only, got: ${input.changeableForDays} with GOVERNANCE`);
  }
  // A recovery point outside the lock's [min, max] makes its backup and copy jobs fail.
  const maxRetention = continuousBackup ? Math.min(MAX_CONTINUOUS_RETENTION_DAYS, settings.maxRetentionDays) : settings.maxRetentionDays;
  requireInteger(`${prefix}retentionDays`, settings.retentionDays, settings.minRetentionDays, maxRetention);
  if (!Token.isUnresolved(settings.scheduleExpression) && !/^cron\(.+\)$/.test(settings.scheduleExpression)) {
    throw new Error(`${prefix}scheduleExpression must be a cron(...) expression (AWS Backup rules take cron), got: ${settings.scheduleExpression}`);
  }
  return settings;
}
