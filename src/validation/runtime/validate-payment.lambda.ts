/**
 * Lambda handler of ValidationFunction: validates a payment request (direct invocation) and records the decision
 * with its transaction-log record (the relay function delivers those to S3). See service.ts for the contract.
 */
import { flushMetrics, PerContainer, powertools } from './handler-support';
import { ConfigurationError, createPool, describe, ENV, fingerprintKeyFromEnv, isDatabaseUnavailable, rulesConfigFromEnv } from './runtime-config';
import { PaymentValidationService, ValidationResponse } from './service';

const { logger, metrics } = powertools();

const service = new PerContainer(async () => {
  const env = process.env;
  const rules = rulesConfigFromEnv(env);
  const [pool, fingerprintKey] = await Promise.all([createPool(env), fingerprintKeyFromEnv(env)]);
  return new PaymentValidationService({
    pool,
    fingerprintKey,
    rules,
    region: env.AWS_REGION ?? 'local',
    logger,
    metrics,
    databaseSecretArn: env[ENV.DB_SECRET_ARN],
  });
});

/** Validate a payment (direct invocation). */
export async function handler(event: unknown): Promise<ValidationResponse> {
  try {
    let svc: PaymentValidationService;
    try {
      svc = await service.get();
    } catch (error) {
      if (error instanceof ConfigurationError) {
        // Not retryable and not the caller's fault: fail the invocation so the Errors alarm fires.
        logger.error('configuration error', { error: describe(error) });
        throw error;
      }
      logger.warn('initialisation failed', { error: describe(error), retryable: true });
      return { statusCode: 503, body: JSON.stringify({ error: isDatabaseUnavailable(error) ? 'DATABASE_UNAVAILABLE' : 'DEPENDENCY_UNAVAILABLE', retryable: true }) };
    }
    return await svc.validate(event);
  } finally {
    flushMetrics(metrics);
  }
}

/** Close the cached service (tests and benchmarks only; Lambda never calls it). */
export function shutdown(): Promise<void> {
  return service.shutdown();
}
