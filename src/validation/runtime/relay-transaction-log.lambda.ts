/**
 * Lambda handler of the transaction-log relay (ValidationFunction's `relayFunction`): run every minute by an
 * EventBridge schedule, or by an operator with any event, it delivers the outbox to the region's log bucket in
 * batches. See relay.ts.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { flushMetrics, PerContainer, powertools } from './handler-support';
import { RelayResult, TransactionLogRelay } from './relay';
import { ConfigurationError, createPool, describe, ENV } from './runtime-config';

const { logger, metrics } = powertools();

const relay = new PerContainer(async () => {
  const env = process.env;
  const bucketName = env[ENV.LOG_BUCKET_NAME];
  if (!bucketName) {
    throw new ConfigurationError(`${ENV.LOG_BUCKET_NAME} must be set`);
  }
  const pool = await createPool(env);
  return new TransactionLogRelay({
    pool,
    s3: relayS3Client(env),
    bucketName,
    keyPrefix: env[ENV.LOG_KEY_PREFIX] ?? 'validation/',
    region: env.AWS_REGION ?? 'local',
    logger,
    metrics,
  });
});

/**
 * The relay's S3 client (exported for the tests, which watch its requests). Checksums only where an operation asks
 * for one: the relay's PutObject asks (ChecksumAlgorithm SHA256), as the Object Lock bucket requires.
 * AWS_ENDPOINT_URL_S3 (standard SDK setting) points tests at a local S3-compatible server: path-style there.
 */
export function relayS3Client(env: NodeJS.ProcessEnv): S3Client {
  return new S3Client({
    forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3),
    maxAttempts: 2,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 10_000 },
  });
}

/** The part of the Lambda context the handler uses. */
interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

/** Time for new batches: the time left less what the last writes and the backlog query need (3 s, at most half). */
function timeBudget(remainingMs: number): number {
  return Math.max(0, remainingMs - Math.min(3_000, remainingMs / 2));
}

/** Relay the transaction-log outbox to S3 (the event is not read). */
export async function handler(_event: unknown, context?: InvocationContext): Promise<RelayResult> {
  try {
    let instance: TransactionLogRelay;
    try {
      instance = await relay.get();
    } catch (error) {
      // Fails the invocation (the relay's Errors alarm); the next run tries again.
      logger.error(error instanceof ConfigurationError ? 'configuration error' : 'relay initialisation failed', { error: describe(error) });
      throw error;
    }
    const remaining = context?.getRemainingTimeInMillis();
    return await instance.run(remaining === undefined ? {} : { timeBudgetMs: timeBudget(remaining) });
  } finally {
    flushMetrics(metrics);
  }
}

/** Close the cached relay (tests and benchmarks only; Lambda never calls it). */
export function shutdown(): Promise<void> {
  return relay.shutdown();
}
