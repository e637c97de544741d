export * from './region-switch-plan';
export * from './plan-execution-notifications';
export * from './plan-health-check-binding';
export * from './sustained-outage-alarm';
