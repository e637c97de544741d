/**
 * The payment validation service: pure rules + PostgreSQL decision + transaction log. The Lambda handler
 * (validate-payment.lambda.ts) builds one from the environment; tests and the benchmark call the handler.
 *
 * The request path makes one database round trip and no S3 call: the decision and its transaction-log record are
 * committed together (outbox); the relay (relay.ts, its own function run every minute by the construct's schedule)
 * delivers the records to S3 in batches.
 *
 * Responses (`{ statusCode, body }`, body a JSON string):
 * - 200 valid and recorded (committed) · 422 declined with `reason` (recorded too, so a replay returns it)
 * - 400 malformed (not recorded; reason CARD_DATA_IN_FIELD when a field but card.number holds a possible card
 *   number) · 409 idempotency conflict (same paymentId, different request)
 * - 503 retryable: the database is unavailable; nothing was acknowledged (retry with the same paymentId). In a passive
 *   region (the database is read-only, SQLSTATE 25006) the error is `REGION_PASSIVE`: nothing was written
 */
/* eslint-disable import/no-extraneous-dependencies -- runtime module: esbuild bundles pg and Powertools into assets/,
   the Lambda runtime provides @aws-sdk/*; none of them is a dependency of the construct library */
import { createHmac, timingSafeEqual } from 'crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { Pool } from 'pg';
import { METRIC } from './metric-names';
import { decide, RenderedOutcome } from './repository';
import { canonicalRequest, DeclineReason, evaluateStatelessRules, lastFour, MalformedReason, parseRequest, PaymentRequest, RulesConfig } from './rules';
import { describe, invalidateSecret, isAuthenticationFailure, isDatabaseUnavailable, isReadOnlyDatabase } from './runtime-config';

export interface ValidationResponse {
  readonly statusCode: number;
  readonly body: string;
}

export interface ServiceDependencies {
  readonly pool: Pool;
  readonly fingerprintKey: Buffer;
  readonly rules: RulesConfig;
  /** The region written into each transaction-log record. */
  readonly region: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The clock of the expiry rule (injected by tests). */
  readonly now?: () => Date;
  /** ARN of the database secret, invalidated on authentication failures (rotation). */
  readonly databaseSecretArn?: string;
}

/** What a decision records of the card, and when it was made. */
interface DecisionContext {
  readonly last4: string;
  readonly fingerprint: Buffer;
  readonly now: Date;
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
    if (!parsed.ok && parsed.reason === MalformedReason.CARD_DATA_IN_FIELD) {
      // Before anything is recorded or logged: the log line and the response name the fields, never their values.
      metrics.addMetric(METRIC.CARD_DATA_IN_FIELD, MetricUnit.Count, 1);
      logger.warn('card data outside card.number', { statusCode: 400, reason: parsed.reason, fields: parsed.errors.map((e) => e.field) });
      return json(400, { error: 'MALFORMED_REQUEST', reason: parsed.reason, errors: parsed.errors });
    }
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
    const render = (declineReason: string | undefined) => this.render(request, { last4, fingerprint, now }, declineReason);
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
      return this.failure(error, request.paymentId);
    }
  }

  /** The answer when the decision failed: 503 (retryable, nothing acknowledged) or 500. Never a false 200. */
  private failure(error: unknown, paymentId: string): ValidationResponse {
    const { logger, metrics } = this.deps;
    if (isReadOnlyDatabase(error)) {
      // A passive region: its database is the read-only secondary until promotion.
      metrics.addMetric(METRIC.DATABASE_UNAVAILABLE, MetricUnit.Count, 1);
      logger.warn('region passive: database read-only', { paymentId, statusCode: 503 });
      return json(503, { error: 'REGION_PASSIVE', retryable: true, paymentId });
    }
    if (isDatabaseUnavailable(error)) {
      if (isAuthenticationFailure(error)) {
        invalidateSecret(this.deps.databaseSecretArn);
      }
      metrics.addMetric(METRIC.DATABASE_UNAVAILABLE, MetricUnit.Count, 1);
      logger.warn('database unavailable', { paymentId, statusCode: 503, error: describe(error) });
      return json(503, { error: 'DATABASE_UNAVAILABLE', retryable: true, paymentId });
    }
    logger.error('unexpected error', { paymentId, statusCode: 500, error: describe(error) });
    return json(500, { error: 'INTERNAL_ERROR', paymentId });
  }

  /** The response body and the transaction-log record of a decision: VALID without a decline reason, else DECLINED. */
  private render(request: PaymentRequest, decision: DecisionContext, declineReason: string | undefined): RenderedOutcome {
    const { last4, fingerprint, now } = decision;
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
  }

  /** Close the database pool (tests and benchmarks; Lambda freezes the container instead). */
  public async close(): Promise<void> {
    await this.deps.pool.end();
  }
}
