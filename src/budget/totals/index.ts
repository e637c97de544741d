export * from './rto';
export * from './check';
export * from './table';
