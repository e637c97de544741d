// Public API: re-exports only.
export * from './dns';
export * from './failover';
