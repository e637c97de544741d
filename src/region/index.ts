export * from './defaults';
export * from './payment-role';
export * from './payment-network';
export * from './transaction-log-bucket';
export * from './payment-region';
