export * from './resolve';
export * from './validate';
