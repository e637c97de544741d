export * from './rpo';
