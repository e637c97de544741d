export * from './vault-lock-mode';
export * from './region-backup';
