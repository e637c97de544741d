/**
 * The payment validation service: pure rules + PostgreSQL decision + transaction log. The Lambda handler
 * (validate-payment.lambda.ts) builds one from the environment; tests and the benchmark call the handler.
 *
 * The request path makes one database round trip and no S3 call: the decision and its transaction-log record are
 * committed together (outbox); the relay (`relayTransactionLog`, run every minute by the construct's schedule)
 * delivers the records to S3 in batches.
 *
 * Responses (`{ statusCode, body }`, body a JSON string):
 * - 200 valid and recorded (committed) · 422 declined with `reason` (recorded too, so a replay returns it)
 * - 400 malformed (not recorded) · 409 idempotency conflict (same paymentId, different request)
 * - 503 retryable: the database is unavailable; nothing was acknowledged (retry with the same paymentId)
 */
/* eslint-disable import/no-extraneous-dependencies -- runtime module: esbuild bundles pg and Powertools into assets/,
   the Lambda runtime provides @aws-sdk/*; none of them is a dependency of the construct library */
import { createHmac, timingSafeEqual } from 'crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Pool } from 'pg';
import { decide, markBatchFailed, markBatchLogged, nextBatch, outboxBacklog, RenderedOutcome } from './repository';
import { canonicalRequest, DeclineReason, evaluateStatelessRules, lastFour, parseRequest, PaymentRequest, RulesConfig } from './rules';
import { invalidateSecret, isAuthenticationFailure, isDatabaseUnavailable } from './runtime-config';

export interface ValidationResponse {
  readonly statusCode: number;
  readonly body: string;
}

export interface ServiceDependencies {
  readonly pool: Pool;
  readonly s3: S3Client;
  readonly fingerprintKey: Buffer;
  readonly rules: RulesConfig;
  readonly bucketName: string;
  /** Key prefix of transaction-log objects, e.g. `validation/` (batches go to `<prefix>YYYY/MM/DD/HH/<region>-<batch>-<nonce>.ndjson`). */
  readonly keyPrefix: string;
  readonly region: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The clock of the expiry rule (injected by tests). */
  readonly now?: () => Date;
  /** ARN of the database secret, invalidated on authentication failures (rotation). */
  readonly databaseSecretArn?: string;
}

/** Metric names (namespace and service set by the handler; the construct's metric helpers use the same names). */
export const METRIC = {
  ACCEPTED: 'PaymentsAccepted',
  DECLINED: 'PaymentsDeclined',
  MALFORMED: 'RequestsMalformed',
  REPLAYED: 'IdempotentReplays',
  CONFLICTS: 'IdempotencyConflicts',
  DATABASE_UNAVAILABLE: 'DatabaseUnavailable',
  LOG_RECORDS_WRITTEN: 'TransactionLogRecordsWritten',
  LOG_WRITE_FAILURES: 'TransactionLogWriteFailures',
  LOG_PENDING: 'TransactionLogPending',
  LOG_OLDEST_PENDING_AGE: 'TransactionLogOldestPendingAge',
} as const;

/** What one relay run did. `pending` and `oldestPendingSeconds` are -1 when the database was unreachable. */
export interface RelayResult {
  /** Records written to S3. */
  readonly written: number;
  /** S3 objects (batches) written. */
  readonly batches: number;
  /** Batch writes that failed (retried by the next run, same key and records). */
  readonly failed: number;
  /** Records not yet in S3 after the run. */
  readonly pending: number;
  /** Age of the oldest record not yet in S3, in seconds. */
  readonly oldestPendingSeconds: number;
}

/** Limits of one relay run. */
export interface RelayOptions {
  /** Records per S3 object. @default 1000 */
  readonly maxRecordsPerBatch?: number;
  /** The run stops starting new batches after this many milliseconds. @default 8000 */
  readonly timeBudgetMs?: number;
  /** Batches written at the same time. @default 4 */
  readonly parallelWrites?: number;
}

function json(statusCode: number, body: unknown): ValidationResponse {
  return { statusCode, body: JSON.stringify(body) };
}

export class PaymentValidationService {
  private readonly now: () => Date;

  constructor(private readonly deps: ServiceDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Keyed fingerprint of a card number (HMAC-SHA256): stable across regions when the key secret is replicated. */
  public fingerprint(pan: string): Buffer {
    return createHmac('sha256', this.deps.fingerprintKey).update('card\u0000').update(pan).digest();
  }

  private requestHmac(request: PaymentRequest): Buffer {
    return createHmac('sha256', this.deps.fingerprintKey).update('request\u0000').update(canonicalRequest(request)).digest();
  }

  /** Validate one payment request (the event of a direct invocation). Never throws. */
  public async validate(event: unknown): Promise<ValidationResponse> {
    const { logger, metrics } = this.deps;
    const parsed = parseRequest(event);
    if (!parsed.ok) {
      metrics.addMetric(METRIC.MALFORMED, MetricUnit.Count, 1);
      logger.info('request malformed', { statusCode: 400, fieldErrors: parsed.errors });
      return json(400, { error: 'MALFORMED_REQUEST', errors: parsed.errors });
    }
    const request = parsed.request;
    const last4 = lastFour(request.card.number);
    const fingerprint = this.fingerprint(request.card.number);
    const hmac = this.requestHmac(request);
    // One instant for the expiry rule and the decision time (the velocity window is measured on it too).
    const now = this.now();
    const statelessDecline = evaluateStatelessRules(request, this.deps.rules, now);
    const render = (declineReason: string | undefined): RenderedOutcome => {
      const valid = declineReason === undefined;
      const decidedAt = now.toISOString();
      const body = valid
        ? { paymentId: request.paymentId, status: 'VALID', cardLast4: last4, decidedAt }
        : { paymentId: request.paymentId, status: 'DECLINED', reason: declineReason, cardLast4: last4, decidedAt };
      const record = {
        type: 'payment-validation-decision',
        version: 1,
        paymentId: request.paymentId,
        merchantId: request.merchantId,
        amount: request.amount,
        currency: request.currency,
        cardLast4: last4,
        cardFingerprint: fingerprint.toString('hex'),
        outcome: valid ? 'VALID' : 'DECLINED',
        reason: declineReason ?? null,
        statusCode: valid ? 200 : 422,
        decidedAt,
        region: this.deps.region,
      };
      return { responseBody: JSON.stringify(body), record: JSON.stringify(record) };
    };
    try {
      const result = await decide(this.deps.pool, {
        paymentId: request.paymentId,
        merchantId: request.merchantId,
        requestHmac: hmac,
        cardFingerprint: fingerprint,
        cardLast4: last4,
        amountMinor: request.amount,
        currency: request.currency,
        decidedAt: now,
        statelessDecline,
        velocityMaxPayments: this.deps.rules.velocityMaxPayments,
        velocityWindowSeconds: this.deps.rules.velocityWindowSeconds,
        outcome: render(statelessDecline),
        velocityDeclined: statelessDecline === undefined ? render(DeclineReason.VELOCITY_LIMIT_EXCEEDED) : undefined,
      });
      if (result.kind === 'existing') {
        const same = result.existing.requestHmac.length === hmac.length && timingSafeEqual(result.existing.requestHmac, hmac);
        if (!same) {
          metrics.addMetric(METRIC.CONFLICTS, MetricUnit.Count, 1);
          logger.warn('idempotency conflict', { paymentId: request.paymentId, statusCode: 409 });
          return json(409, { error: 'IDEMPOTENCY_CONFLICT', paymentId: request.paymentId });
        }
        metrics.addMetric(METRIC.REPLAYED, MetricUnit.Count, 1);
        logger.info('idempotent replay', { paymentId: request.paymentId, statusCode: result.existing.statusCode });
        return { statusCode: result.existing.statusCode, body: result.existing.responseBody };
      }
      const accepted = result.statusCode === 200;
      metrics.addMetric(accepted ? METRIC.ACCEPTED : METRIC.DECLINED, MetricUnit.Count, 1);
      logger.info('payment decided', {
        paymentId: request.paymentId,
        merchantId: request.merchantId,
        statusCode: result.statusCode,
        reason: accepted ? undefined : (statelessDecline ?? DeclineReason.VELOCITY_LIMIT_EXCEEDED),
        cardLast4: last4,
      });
      return { statusCode: result.statusCode, body: result.responseBody };
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        if (isAuthenticationFailure(error)) {
          invalidateSecret(this.deps.databaseSecretArn);
        }
        metrics.addMetric(METRIC.DATABASE_UNAVAILABLE, MetricUnit.Count, 1);
        logger.warn('database unavailable', { paymentId: request.paymentId, statusCode: 503, error: describe(error) });
        return json(503, { error: 'DATABASE_UNAVAILABLE', retryable: true, paymentId: request.paymentId });
      }
      logger.error('unexpected error', { paymentId: request.paymentId, statusCode: 500, error: describe(error) });
      return json(500, { error: 'INTERNAL_ERROR', paymentId: request.paymentId });
    }
  }

  /** Close the database pool and the S3 client (tests and benchmarks; Lambda freezes the container instead). */
  public async close(): Promise<void> {
    this.deps.s3.destroy();
    await this.deps.pool.end();
  }

  /**
   * Deliver the transaction-log outbox to S3: claim a batch of the oldest pending records (or retry an unlogged
   * batch whose lease expired, with the same key and the same bytes), write it as one NDJSON object, mark it
   * logged; repeat (4 writers in parallel) until nothing is pending, a write fails (the next run retries it) or the
   * time budget is spent.
   * Run every minute by the construct's schedule in each region; an operator can run it by invoking the function
   * with a scheduled-event document (`{"source":"aws.events","detail-type":"Scheduled Event"}`). Concurrent runs
   * are safe: a batch is leased to one run, and rewriting a batch writes the same object.
   */
  public async relayTransactionLog(options: RelayOptions = {}): Promise<RelayResult> {
    const { logger, metrics, pool } = this.deps;
    const maxRecords = options.maxRecordsPerBatch ?? 1000;
    const deadline = Date.now() + (options.timeBudgetMs ?? 8_000);
    let written = 0;
    let batches = 0;
    let failed = 0;
    let stop = false;
    // Writers claim and write batches in parallel (S3 latency, not the database, bounds one writer); the first
    // failed write stops them all: S3 is probably down, the next run retries.
    const writer = async () => {
      while (!stop && Date.now() < deadline) {
        const batch = await nextBatch(pool, { keyPrefix: this.deps.keyPrefix, region: this.deps.region, maxRecords, leaseSeconds: 60 });
        if (!batch) {
          return;
        }
        try {
          await this.deps.s3.send(new PutObjectCommand({
            Bucket: this.deps.bucketName,
            Key: batch.objectKey,
            Body: batch.body,
            ContentType: 'application/x-ndjson',
          }));
        } catch (error) {
          stop = true;
          failed += 1;
          logger.warn('transaction-log batch not written; the next run retries it', {
            batchId: batch.batchId,
            records: batch.recordCount,
            error: describe(error),
          });
          await markBatchFailed(pool, batch.batchId, describe(error));
          return;
        }
        await markBatchLogged(pool, batch.batchId);
        written += batch.recordCount;
        batches += 1;
      }
    };
    try {
      const outcomes = await Promise.allSettled(Array.from({ length: options.parallelWrites ?? 4 }, writer));
      const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (rejected) {
        throw rejected.reason;
      }
      const backlog = await outboxBacklog(pool);
      metrics.addMetric(METRIC.LOG_RECORDS_WRITTEN, MetricUnit.Count, written);
      metrics.addMetric(METRIC.LOG_WRITE_FAILURES, MetricUnit.Count, failed);
      metrics.addMetric(METRIC.LOG_PENDING, MetricUnit.Count, backlog.pending);
      metrics.addMetric(METRIC.LOG_OLDEST_PENDING_AGE, MetricUnit.Seconds, backlog.oldestPendingSeconds);
      logger.info('transaction-log relay', { written, batches, failed, ...backlog });
      return { written, batches, failed, ...backlog };
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        // The standby region cannot reach the writer before a failover: not a function error (no alarm); the next
        // run retries. A batch claimed before the failure is retried once its lease expires.
        metrics.addMetric(METRIC.DATABASE_UNAVAILABLE, MetricUnit.Count, 1);
        logger.warn('transaction-log relay skipped: database unavailable', { written, batches, failed, error: describe(error) });
        return { written, batches, failed, pending: -1, oldestPendingSeconds: -1 };
      }
      logger.error('transaction-log relay failed', { written, batches, failed, error: describe(error) });
      throw error;
    }
  }
}

/** An error's class, code and message (never a request or a parameter value). */
export function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as Error).message === 'string') {
    const e = error as Error & { code?: unknown };
    return `${e.name}${typeof e.code === 'string' ? ` ${e.code}` : ''}: ${e.message}`.slice(0, 300);
  }
  return String(error).slice(0, 300);
}
