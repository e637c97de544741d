/**
 * PostgreSQL access of the validation function: the decision (idempotency, velocity, outbox) and the delivery of
 * the transaction-log outbox in batches. All SQL of the handler lives here (the functions it calls: migrations.ts).
 */
/* eslint-disable import/no-extraneous-dependencies -- runtime module: esbuild bundles pg and Powertools into assets/,
   the Lambda runtime provides @aws-sdk/*; none of them is a dependency of the construct library */
import { Pool } from 'pg';
import { SCHEMA } from './migrations';

/** A stored decision (what an idempotent replay returns). */
export interface StoredDecision {
  readonly requestHmac: Buffer;
  readonly statusCode: number;
  readonly responseBody: string;
}

/** The response body and transaction-log record of one possible outcome. */
export interface RenderedOutcome {
  readonly responseBody: string;
  readonly record: string;
}

/** What the decision needs from the caller. */
export interface DecisionInput {
  readonly paymentId: string;
  readonly merchantId: string;
  readonly requestHmac: Buffer;
  readonly cardFingerprint: Buffer;
  readonly cardLast4: string;
  readonly amountMinor: number;
  readonly currency: string;
  /** The decision time (the request's clock, the same instant the expiry rule used). */
  readonly decidedAt: Date;
  /** The stateless rules' decline reason, or undefined when they all passed (velocity then decides). */
  readonly statelessDecline: string | undefined;
  readonly velocityMaxPayments: number;
  readonly velocityWindowSeconds: number;
  /** The outcome of the stateless rules: VALID when they passed, else DECLINED with `statelessDecline`. */
  readonly outcome: RenderedOutcome;
  /** The outcome when the velocity rule declines (used only when the stateless rules passed). */
  readonly velocityDeclined?: RenderedOutcome;
}

export type DecisionResult =
  | { readonly kind: 'decided'; readonly statusCode: number; readonly responseBody: string }
  | { readonly kind: 'existing'; readonly existing: StoredDecision };

/** The advisory-lock key of a card: the first 8 bytes of its fingerprint as a signed 64-bit integer. */
export function cardLockKey(fingerprint: Buffer): string {
  return fingerprint.readBigInt64BE(0).toString();
}

/**
 * Decide and record a payment: one statement, so one round trip and one transaction (the SQL function
 * `decide_payment`, migration 2):
 *
 * 1. an existing id (a replay or a conflict) returns the stored decision (the caller compares request HMACs);
 * 2. when the stateless rules passed, the card's transaction-level advisory lock (fingerprint) serializes concurrent
 *    payments of one card, then its accepted payments within the window are counted; at the limit the velocity
 *    outcome replaces the stateless one;
 * 3. the decision row and its transaction-log outbox row are inserted with `ON CONFLICT (payment_id) DO NOTHING`: of
 *    two concurrent submissions of one id exactly one inserts; the other waits for its commit and returns its row.
 *
 * It resolves with a "decided" result only once the statement's transaction committed: the decision is durable.
 * A failed statement discards its connection (pg's `pool.query` releases the client with the error).
 */
export async function decide(pool: Pool, input: DecisionInput): Promise<DecisionResult> {
  const { rows } = await pool.query({
    // Named (prepared) statement: parsed and planned once per connection.
    name: 'payment-validation-decide',
    text: `SELECT decided, decision_status, decision_body, decision_request_hmac
             FROM ${SCHEMA}.decide_payment($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    values: [
      input.paymentId, input.merchantId, input.requestHmac, input.cardFingerprint, input.cardLast4, input.amountMinor,
      input.currency, input.decidedAt, input.statelessDecline ?? null, cardLockKey(input.cardFingerprint),
      input.velocityMaxPayments, input.velocityWindowSeconds, input.outcome.responseBody, input.outcome.record,
      input.velocityDeclined?.responseBody ?? null, input.velocityDeclined?.record ?? null,
    ],
  });
  const row = rows[0];
  if (row.decided) {
    return { kind: 'decided', statusCode: Number(row.decision_status), responseBody: row.decision_body };
  }
  return {
    kind: 'existing',
    existing: { requestHmac: row.decision_request_hmac, statusCode: Number(row.decision_status), responseBody: row.decision_body },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Transaction-log outbox: delivered to S3 in batches by the relay (relay.ts, `TransactionLogRelay.run`)

/** A claimed batch of transaction-log records, ready to be written as one S3 object. */
export interface TransactionLogBatch {
  readonly batchId: string;
  readonly objectKey: string;
  readonly recordCount: number;
  /** The records, one JSON document per line (NDJSON), oldest first; the same bytes on every retry. */
  readonly body: string;
}

/**
 * The next batch to write (the SQL function `next_transaction_log_batch`): an unlogged batch whose lease expired
 * (a failed or interrupted write: same key, same records), else a new batch of the oldest unclaimed records.
 * Undefined when nothing is pending.
 */
export async function nextBatch(
  pool: Pool,
  options: { keyPrefix: string; region: string; maxRecords: number; leaseSeconds: number },
): Promise<TransactionLogBatch | undefined> {
  const { rows } = await pool.query({
    name: 'payment-validation-next-batch',
    text: `SELECT batch_id, object_key, record_count, body FROM ${SCHEMA}.next_transaction_log_batch($1, $2, $3, $4)`,
    values: [options.keyPrefix, options.region, options.maxRecords, options.leaseSeconds],
  });
  if (rows.length === 0) {
    return undefined;
  }
  return { batchId: String(rows[0].batch_id), objectKey: rows[0].object_key, recordCount: rows[0].record_count, body: rows[0].body };
}

/** A batch is in S3: mark it logged and delete its records from the outbox (the decisions stay in `payments`). */
export async function markBatchLogged(pool: Pool, batchId: string): Promise<void> {
  await pool.query({
    name: 'payment-validation-batch-logged',
    text: `WITH batch AS (
             UPDATE ${SCHEMA}.transaction_log_batches SET logged_at = now(), last_error = NULL WHERE batch_id = $1 RETURNING batch_id)
           DELETE FROM ${SCHEMA}.transaction_log_outbox o USING batch WHERE o.batch_id = batch.batch_id`,
    values: [batchId],
  });
}

/** Record a failed write of a batch and end its lease: the next relay run retries it (same key, same records). */
export async function markBatchFailed(pool: Pool, batchId: string, error: string): Promise<void> {
  await pool.query(
    `UPDATE ${SCHEMA}.transaction_log_batches SET last_error = $2, lease_until = now() WHERE batch_id = $1 AND logged_at IS NULL`,
    [batchId, error.slice(0, 500)],
  );
}

/** Records not yet in S3 and the age in seconds of the oldest of them (0 when none is pending). */
export async function outboxBacklog(pool: Pool): Promise<{ pending: number; oldestPendingSeconds: number }> {
  const { rows } = await pool.query(
    `SELECT count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest
       FROM ${SCHEMA}.transaction_log_outbox`,
  );
  return { pending: rows[0].pending, oldestPendingSeconds: Math.max(0, Math.round(rows[0].oldest)) };
}
