/**
 * Lambda handler of ValidationFunction: validates a payment request (direct invocation) and records the decision
 * with its transaction-log record (the relay function delivers those to S3). See service.ts for the contract.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { ConfigurationError, createPool, describe, ENV, fingerprintKeyFromEnv, isDatabaseUnavailable, rulesConfigFromEnv } from './runtime-config';
import { PaymentValidationService, ValidationResponse } from './service';

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'payment-validation' });
const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'PaymentValidation',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'payment-validation',
});

let service: Promise<PaymentValidationService> | undefined;

async function createService(): Promise<PaymentValidationService> {
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
}

function getService(): Promise<PaymentValidationService> {
  if (!service) {
    service = createService();
    // A failed initialisation (e.g. Secrets Manager unreachable) is retried by the next invocation.
    service.catch(() => {
      service = undefined;
    });
  }
  return service;
}

/** Validate a payment (direct invocation). */
export async function handler(event: unknown): Promise<ValidationResponse> {
  try {
    let svc: PaymentValidationService;
    try {
      svc = await getService();
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
    if (metrics.hasStoredMetrics()) {
      metrics.publishStoredMetrics();
    }
  }
}

/** Close the cached service (tests and benchmarks only; Lambda never calls it). */
export async function shutdown(): Promise<void> {
  const current = service;
  service = undefined;
  if (current) {
    await (await current.catch(() => undefined))?.close();
  }
}
