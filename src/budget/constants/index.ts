export * from './aws-figures';
export * from './cite';
