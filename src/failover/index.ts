export * from './region-switch-plan';
export * from './plan-execution-notifications';
