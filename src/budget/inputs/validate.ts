/** Input checks; each throws `<name> must be ..., got: <value>`. */

export function requireIntegerBetween(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got: ${value}`);
  }
}

export function requireIntegerAtLeast(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer >= ${min}, got: ${value}`);
  }
}

export function requireEnum(name: string, value: string, values: Record<string, string>): void {
  const allowed = Object.values(values);
  if (!allowed.includes(value)) {
    throw new Error(`${name} must be one of ${allowed.join(', ')}, got: ${value}`);
  }
}

/** Route 53 health checkers send a request every 10 or every 30 seconds. */
export function requireHealthCheckInterval(healthCheckIntervalSeconds: number): void {
  if (healthCheckIntervalSeconds !== 10 && healthCheckIntervalSeconds !== 30) {
    throw new Error(`healthCheckIntervalSeconds must be 10 or 30, got: ${healthCheckIntervalSeconds}`);
  }
}

/** CloudWatch alarm periods: 10, 20 or 30 s (high-resolution metrics) or a multiple of 60 s. */
export function requireTriggerAlarmPeriod(triggerAlarmPeriodSeconds: number): void {
  if (!Number.isInteger(triggerAlarmPeriodSeconds) || triggerAlarmPeriodSeconds <= 0
    || ![10, 20, 30].includes(triggerAlarmPeriodSeconds) && triggerAlarmPeriodSeconds % 60 !== 0) {
    throw new Error(`triggerAlarmPeriodSeconds must be 10, 20, 30 or a multiple of 60, got: ${triggerAlarmPeriodSeconds}`);
  }
}
