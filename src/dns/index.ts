export * from './failover-dns';
