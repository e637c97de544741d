export * from './aurora-global-pair';
export * from './aurora-global-pair-props';
export * from './aurora-member-props';
export * from './aurora-primary-member';
export * from './aurora-secondary-member';
export * from './global-writer-endpoint';
