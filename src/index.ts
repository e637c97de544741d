// Public API: re-exports only.
export * from './database/aurora-global-pair';
