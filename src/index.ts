// Public API: re-exports only.
export * from './backup';
export * from './budget';
export * from './independence';
export * from './database';
export * from './dns';
export * from './failover';
export * from './platform';
export * from './region';
export * from './validation/validation-function';
export * from './validation/validation-database';
export * from './validation/writer-region-guard';
