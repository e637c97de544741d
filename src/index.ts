// Public API: re-exports only.
export * from './budget';
export * from './database';
export * from './dns';
export * from './failover';
export * from './region';
