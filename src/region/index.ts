export * from './defaults';
export * from './payment-role';
export * from './payment-network';
export * from './transaction-log-bucket';
export * from './payment-service';
export * from './payment-endpoint';
export * from './region-monitoring';
export * from './payment-region';
