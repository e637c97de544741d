/** The detect term: Route 53 health checkers find the primary unhealthy. */
import {
  ROUTE53_CONNECT_TIMEOUT_SECONDS, ROUTE53_HEALTHY_CHECKERS_PERCENT, ROUTE53_RESPONSE_TIMEOUT_SECONDS,
} from '../constants/aws-figures';
import { configured, documented } from '../constants/cite';
import { Resolved } from '../inputs/resolve';
import { SOURCES } from '../sources';
import { RecoveryTerm } from '../types';

export function detectTerm(r: Resolved): RecoveryTerm {
  const interval = r.healthCheckIntervalSeconds;
  const threshold = r.healthCheckFailureThreshold;
  const low = (threshold - 1) * interval;
  const high = threshold * interval + ROUTE53_CONNECT_TIMEOUT_SECONDS + ROUTE53_RESPONSE_TIMEOUT_SECONDS;
  return {
    name: 'detect',
    lowSeconds: low,
    highSeconds: high,
    explanation: `Route 53 checkers probe the primary's /health every ${interval} s and each reports it unhealthy after `
      + `${threshold} consecutive failures; Route 53 marks it unhealthy when ${ROUTE53_HEALTHY_CHECKERS_PERCENT} % or fewer `
      + `checkers report healthy. Low: the failure starts just before a probe, (${threshold} - 1) x ${interval} s = ${low} s. `
      + `High: it starts just after a probe and every probe times out, ${threshold} x ${interval} s + `
      + `${ROUTE53_CONNECT_TIMEOUT_SECONDS} s connect + ${ROUTE53_RESPONSE_TIMEOUT_SECONDS} s response timeout = ${high} s.`,
    constants: [
      configured('Route 53 health-check request interval', interval, 'seconds', SOURCES.route53HealthCheckStatus,
        'health checkers send a request every 10 or every 30 seconds', 'healthCheckIntervalSeconds'),
      configured('Route 53 health-check failure threshold', threshold, 'count', SOURCES.route53HealthCheckConfig,
        'consecutive health checks an endpoint must fail to change from healthy to unhealthy (1-10)', 'healthCheckFailureThreshold'),
      documented('Route 53 HTTPS connect timeout', ROUTE53_CONNECT_TIMEOUT_SECONDS, 'seconds', SOURCES.route53HealthCheckStatus,
        'Route 53 must be able to establish a TCP connection with the endpoint within four seconds'),
      documented('Route 53 HTTPS response timeout', ROUTE53_RESPONSE_TIMEOUT_SECONDS, 'seconds', SOURCES.route53HealthCheckStatus,
        'the endpoint must respond with an HTTP status code of 2xx or 3xx within two seconds after connecting'),
      documented('Route 53 healthy-checker threshold', ROUTE53_HEALTHY_CHECKERS_PERCENT, 'percent', SOURCES.route53HealthCheckStatus,
        'if 18% of health checkers or fewer report that an endpoint is healthy, Route 53 considers it unhealthy'),
    ],
  };
}
