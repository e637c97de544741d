import { PaymentRegionDefaults } from '../defaults';
import type { PaymentHealthCheck } from '../payment-endpoint';

/** A target-group health check with every default applied. */
export interface ResolvedHealthCheck {
  readonly path: string;
  readonly intervalSeconds: number;
  readonly healthyThresholdCount: number;
  readonly unhealthyThresholdCount: number;
}

/** Applies the defaults (the path defaults to `defaultPath`) and validates the health check. */
export function resolveHealthCheck(
  healthCheck: PaymentHealthCheck | undefined,
  defaultPath: string = PaymentRegionDefaults.HEALTH_CHECK_PATH,
): ResolvedHealthCheck {
  const path = healthCheck?.path ?? defaultPath;
  if (!path.startsWith('/')) {
    throw new Error(`healthCheck.path must start with '/', got: ${path}`);
  }
  const intervalSeconds = healthCheck?.intervalSeconds ?? PaymentRegionDefaults.HEALTH_CHECK_INTERVAL_SECONDS;
  if (intervalSeconds < 6 || intervalSeconds > 300) {
    // The timeout (5 s) must be shorter than the interval.
    throw new Error(`healthCheck.intervalSeconds must be between 6 and 300, got: ${intervalSeconds}`);
  }
  const healthyThresholdCount = healthCheck?.healthyThresholdCount ?? PaymentRegionDefaults.HEALTH_CHECK_HEALTHY_THRESHOLD_COUNT;
  const unhealthyThresholdCount = healthCheck?.unhealthyThresholdCount ?? PaymentRegionDefaults.HEALTH_CHECK_UNHEALTHY_THRESHOLD_COUNT;
  for (const [name, value] of [
    ['healthCheck.healthyThresholdCount', healthyThresholdCount],
    ['healthCheck.unhealthyThresholdCount', unhealthyThresholdCount],
  ] as const) {
    if (!Number.isInteger(value) || value < 2 || value > 10) {
      throw new Error(`${name} must be an integer between 2 and 10, got: ${value}`);
    }
  }
  return { path, intervalSeconds, healthyThresholdCount, unhealthyThresholdCount };
}
