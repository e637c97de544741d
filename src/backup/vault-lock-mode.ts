/**
 * AWS Backup Vault Lock modes (https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html).
 */
export enum VaultLockMode {
  /**
   * The lock becomes immutable `changeableForDays` (at least 3) after it is created: from then on no user, not
   * even the root user, nor AWS, can delete the lock, the vault or a recovery point before its retention ends.
   */
  COMPLIANCE = 'COMPLIANCE',
  /**
   * The lock (and the retention it enforces) can be removed by principals allowed
   * `backup:DeleteBackupVaultLockConfiguration`: for test environments, which must be torn down.
   */
  GOVERNANCE = 'GOVERNANCE',
}
