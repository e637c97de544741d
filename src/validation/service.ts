/**
 * The payment validation service: pure rules + PostgreSQL decision + transaction log. The Lambda handler
 * (validate-payment.lambda.ts) builds one from the environment; tests and the benchmark call the handler.
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
import { decide, markFailed, markLogged, pendingCount, pendingRecords } from './repository';
import { canonicalRequest, evaluateStatelessRules, lastFour, parseRequest, PaymentRequest, RulesConfig } from './rules';
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
  /** Key prefix of transaction-log records, e.g. `validation/` (records go to `<prefix>YYYY/MM/DD/<paymentId>.json`). */
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
  LOG_DEFERRED: 'TransactionLogDeferred',
  LOG_REDRIVEN: 'TransactionLogRedriven',
  LOG_PENDING: 'TransactionLogPending',
} as const;

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
    const statelessDecline = evaluateStatelessRules(request, this.deps.rules, this.now());
    try {
      const result = await decide(
        this.deps.pool,
        {
          paymentId: request.paymentId,
          merchantId: request.merchantId,
          requestHmac: hmac,
          cardFingerprint: fingerprint,
          cardLast4: last4,
          amountMinor: request.amount,
          currency: request.currency,
          statelessDecline,
          velocityMaxPayments: this.deps.rules.velocityMaxPayments,
          velocityWindowSeconds: this.deps.rules.velocityWindowSeconds,
        },
        {
          render: ({ declineReason, decidedAt }) => {
            const valid = declineReason === undefined;
            const decidedAtIso = decidedAt.toISOString();
            const body = valid
              ? { paymentId: request.paymentId, status: 'VALID', cardLast4: last4, decidedAt: decidedAtIso }
              : { paymentId: request.paymentId, status: 'DECLINED', reason: declineReason, cardLast4: last4, decidedAt: decidedAtIso };
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
              decidedAt: decidedAtIso,
              region: this.deps.region,
            };
            const day = decidedAtIso.slice(0, 10).replace(/-/g, '/');
            return {
              statusCode: valid ? 200 : 422,
              responseBody: JSON.stringify(body),
              objectKey: `${this.deps.keyPrefix}${day}/${request.paymentId}.json`,
              record: JSON.stringify(record),
            };
          },
        },
      );
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
      metrics.addMetric(result.statusCode === 200 ? METRIC.ACCEPTED : METRIC.DECLINED, MetricUnit.Count, 1);
      logger.info('payment decided', {
        paymentId: request.paymentId,
        merchantId: request.merchantId,
        statusCode: result.statusCode,
        reason: result.statusCode === 200 ? undefined : JSON.parse(result.responseBody).reason,
        cardLast4: last4,
      });
      await this.writeRecord(request.paymentId, result.objectKey, result.record);
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

  /**
   * Write a decision's transaction-log record to S3 and mark its outbox row logged. A failure here never changes
   * the response (the decision is committed): the row stays pending and {@link redrive} writes it later.
   */
  private async writeRecord(paymentId: string, objectKey: string, record: string): Promise<boolean> {
    try {
      await this.put(objectKey, record);
    } catch (error) {
      this.deps.metrics.addMetric(METRIC.LOG_DEFERRED, MetricUnit.Count, 1);
      this.deps.logger.warn('transaction-log record deferred to the outbox re-drive', { paymentId, error: describe(error) });
      await markFailed(this.deps.pool, paymentId, describe(error)).catch(() => undefined);
      return false;
    }
    await markLogged(this.deps.pool, paymentId).catch((error) => {
      // The record is in S3; the row stays pending and the re-drive rewrites the same object (idempotent key).
      this.deps.logger.warn('could not mark the transaction-log record logged', { paymentId, error: describe(error) });
    });
    return true;
  }

  private async put(objectKey: string, record: string): Promise<void> {
    await this.deps.s3.send(
      new PutObjectCommand({ Bucket: this.deps.bucketName, Key: objectKey, Body: record, ContentType: 'application/json' }),
    );
  }

  /**
   * Re-drive the transaction-log outbox: write every pending record (oldest first, up to `limit`) to S3 and mark
   * it logged. Object keys are deterministic, so a record written twice is the same object. Run by the EventBridge
   * schedule the construct creates (every 5 minutes); an operator can trigger it by invoking the function with a
   * scheduled-event document (`{"source":"aws.events","detail-type":"Scheduled Event"}`).
   */
  /** Close the database pool and the S3 client (tests and benchmarks; Lambda freezes the container instead). */
  public async close(): Promise<void> {
    this.deps.s3.destroy();
    await this.deps.pool.end();
  }

  public async redrive(limit = 500): Promise<{ written: number; failed: number; pending: number }> {
    const { logger, metrics } = this.deps;
    let written = 0;
    let failed = 0;
    try {
      for (const row of await pendingRecords(this.deps.pool, limit)) {
        try {
          await this.put(row.objectKey, row.record);
          await markLogged(this.deps.pool, row.paymentId);
          written += 1;
        } catch (error) {
          failed += 1;
          await markFailed(this.deps.pool, row.paymentId, describe(error)).catch(() => undefined);
        }
      }
      const pending = await pendingCount(this.deps.pool);
      metrics.addMetric(METRIC.LOG_REDRIVEN, MetricUnit.Count, written);
      metrics.addMetric(METRIC.LOG_PENDING, MetricUnit.Count, pending);
      logger.info('transaction-log re-drive', { written, failed, pending });
      return { written, failed, pending };
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        // The standby region cannot reach the writer before a failover: not a function error (no alarm); retried
        // by the next schedule. pending = -1 means unknown.
        metrics.addMetric(METRIC.DATABASE_UNAVAILABLE, MetricUnit.Count, 1);
        logger.warn('transaction-log re-drive skipped: database unavailable', { written, failed, error: describe(error) });
        return { written, failed, pending: -1 };
      }
      logger.error('transaction-log re-drive failed', { written, failed, error: describe(error) });
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
