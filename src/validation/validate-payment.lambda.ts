/**
 * Lambda handler of ValidationFunction: validates a payment request (direct invocation) and records the decision.
 * An EventBridge scheduled event instead relays the transaction-log outbox to S3. See service.ts for the contract.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { ConfigurationError, createPool, ENV, fingerprintKeyFromEnv, isDatabaseUnavailable, rulesConfigFromEnv } from './runtime-config';
import { describe, PaymentValidationService, RelayResult, ValidationResponse } from './service';

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'payment-validation' });
const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'PaymentValidation',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'payment-validation',
});

let service: Promise<PaymentValidationService> | undefined;

async function createService(): Promise<PaymentValidationService> {
  const env = process.env;
  const bucketName = env[ENV.LOG_BUCKET_NAME];
  if (!bucketName) {
    throw new ConfigurationError(`${ENV.LOG_BUCKET_NAME} must be set`);
  }
  const rules = rulesConfigFromEnv(env);
  const [pool, fingerprintKey] = await Promise.all([createPool(env), fingerprintKeyFromEnv(env)]);
  // AWS_ENDPOINT_URL_S3 (standard SDK setting) points tests at a local S3-compatible server: path-style there.
  const s3 = new S3Client({
    forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3),
    maxAttempts: 2,
    // The record is small and written once: no flexible-checksum computation beyond what S3 requires.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
  });
  return new PaymentValidationService({
    pool,
    s3,
    fingerprintKey,
    rules,
    bucketName,
    keyPrefix: env[ENV.LOG_KEY_PREFIX] ?? 'validation/',
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

function isScheduledEvent(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as any).source === 'aws.events' && (event as any)['detail-type'] === 'Scheduled Event';
}

/** The part of the Lambda context the handler uses. */
interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

/** Time kept back at the end of a relay run (the last S3 writes and the backlog query): 3 s, at most half. */
function relayBudget(remainingMs: number): number {
  return Math.max(0, remainingMs - Math.min(3_000, remainingMs / 2));
}

/** Validate a payment (direct invocation) or, for an EventBridge scheduled event, relay the transaction-log outbox. */
export async function handler(event: unknown, context?: InvocationContext): Promise<ValidationResponse | RelayResult> {
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
    if (isScheduledEvent(event)) {
      const remaining = context?.getRemainingTimeInMillis();
      return await svc.relayTransactionLog(remaining === undefined ? {} : { timeBudgetMs: relayBudget(remaining) });
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
