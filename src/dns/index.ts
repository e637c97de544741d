export * from './failover-dns';
export * from './health-check-status-alarms';
export { HEALTH_CHECK_METRICS_REGION } from './health-check-metrics';
