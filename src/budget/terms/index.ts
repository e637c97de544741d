export * from './detect';
export * from './decide';
export * from './database';
export * from './compute';
export * from './traffic';
