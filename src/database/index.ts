export * from './aurora-global-pair';
