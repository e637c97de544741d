// Public API: re-exports only.
export * from './budget';
export * from './database';
