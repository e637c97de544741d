export * from './metric-alarm';
export * from './composite-rule';
export * from './trigger-settings';
