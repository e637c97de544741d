// Public API: re-exports only.
export * from './validation/validation-function';
