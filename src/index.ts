// Public API: re-exports only.
export {};
