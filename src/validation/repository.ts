/**
 * PostgreSQL access of the validation function: the decision transaction (idempotency, velocity, outbox) and the
 * transaction-log outbox. All SQL of the handler lives here.
 */
/* eslint-disable import/no-extraneous-dependencies -- runtime module: esbuild bundles pg and Powertools into assets/,
   the Lambda runtime provides @aws-sdk/*; none of them is a dependency of the construct library */
import { Pool, PoolClient } from 'pg';
import { SCHEMA } from './migrations';

/** A stored decision (what an idempotent replay returns). */
export interface StoredDecision {
  readonly requestHmac: Buffer;
  readonly statusCode: number;
  readonly responseBody: string;
}

/** What the decision transaction needs from the caller. */
export interface DecisionInput {
  readonly paymentId: string;
  readonly merchantId: string;
  readonly requestHmac: Buffer;
  readonly cardFingerprint: Buffer;
  readonly cardLast4: string;
  readonly amountMinor: number;
  readonly currency: string;
  /** The stateless rules' decline reason, or undefined when they all passed (velocity then decides). */
  readonly statelessDecline: string | undefined;
  readonly velocityMaxPayments: number;
  readonly velocityWindowSeconds: number;
}

/** Builds the response body and the transaction-log record of a decision once the outcome and time are known. */
export interface DecisionRenderer {
  render(outcome: { declineReason: string | undefined; decidedAt: Date }): {
    statusCode: number;
    responseBody: string;
    objectKey: string;
    record: string;
  };
}

export type DecisionResult =
  | { readonly kind: 'decided'; readonly statusCode: number; readonly responseBody: string; readonly objectKey: string; readonly record: string }
  | { readonly kind: 'existing'; readonly existing: StoredDecision };

/** The advisory-lock key of a card: the first 8 bytes of its fingerprint as a signed 64-bit integer. */
export function cardLockKey(fingerprint: Buffer): string {
  return fingerprint.readBigInt64BE(0).toString();
}

export async function findDecision(client: Pool | PoolClient, paymentId: string): Promise<StoredDecision | undefined> {
  const { rows } = await client.query(
    `SELECT request_hmac, status_code, response_body FROM ${SCHEMA}.payments WHERE payment_id = $1`,
    [paymentId],
  );
  if (rows.length === 0) {
    return undefined;
  }
  return { requestHmac: rows[0].request_hmac, statusCode: Number(rows[0].status_code), responseBody: rows[0].response_body };
}

/**
 * Decide and record a payment in one transaction (5 round trips: BEGIN, lock, count, insert, COMMIT):
 *
 * 1. when the stateless rules passed, lock the card (transaction-level advisory lock on its fingerprint, so
 *    concurrent payments of one card are counted one after the other) and count its accepted payments within the
 *    window, with the database clock (the statement after the lock sees every decision committed before it);
 * 2. insert the decision and its transaction-log outbox row in one statement, with
 *    `ON CONFLICT (payment_id) DO NOTHING`: of two concurrent submissions of one id exactly one inserts; the other
 *    waits for it to commit, inserts nothing, rolls back and returns the committed row (the caller compares request
 *    HMACs: replay or conflict). An existing id takes the same path;
 * 3. commit. The function resolves with a "decided" result only after COMMIT succeeded: it is durable.
 */
export async function decide(pool: Pool, input: DecisionInput, renderer: DecisionRenderer): Promise<DecisionResult> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      let declineReason = input.statelessDecline;
      let decidedAt: Date;
      if (declineReason === undefined) {
        // The lock must be its own statement: a statement's snapshot is taken when it starts, so the count that
        // follows the lock sees every decision of this card committed while this transaction waited for it.
        await client.query({ name: 'payment-validation-lock', text: 'SELECT pg_advisory_xact_lock($1::bigint)', values: [cardLockKey(input.cardFingerprint)] });
        const { rows } = await client.query({
          name: 'payment-validation-count',
          text: `SELECT now() AS now, count(*)::int AS accepted FROM ${SCHEMA}.payments
                  WHERE card_fingerprint = $1 AND outcome = 'VALID' AND decided_at > now() - make_interval(secs => $2)`,
          values: [input.cardFingerprint, input.velocityWindowSeconds],
        });
        decidedAt = rows[0].now;
        if (rows[0].accepted >= input.velocityMaxPayments) {
          declineReason = 'VELOCITY_LIMIT_EXCEEDED';
        }
      } else {
        decidedAt = (await client.query('SELECT now() AS now')).rows[0].now;
      }
      const rendered = renderer.render({ declineReason, decidedAt });
      // Named (prepared) statements: parsed and planned once per connection.
      const inserted = await client.query({
        name: 'payment-validation-insert',
        text: `WITH decision AS (
           INSERT INTO ${SCHEMA}.payments (payment_id, merchant_id, request_hmac, card_fingerprint, card_last4, amount_minor,
             currency, outcome, decline_reason, status_code, response_body, decided_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           ON CONFLICT (payment_id) DO NOTHING RETURNING payment_id)
         INSERT INTO ${SCHEMA}.transaction_log_outbox (payment_id, object_key, record)
           SELECT payment_id, $13, $14 FROM decision RETURNING payment_id`,
        values: [
          input.paymentId, input.merchantId, input.requestHmac, input.cardFingerprint, input.cardLast4, input.amountMinor,
          input.currency, declineReason === undefined ? 'VALID' : 'DECLINED', declineReason ?? null, rendered.statusCode,
          rendered.responseBody, decidedAt, rendered.objectKey, rendered.record,
        ],
      });
      if (inserted.rowCount === 0) {
        // The id exists (a replay, a conflict, or a concurrent submission that committed first).
        await client.query('ROLLBACK');
        const winner = await findDecision(client, input.paymentId);
        if (!winner) {
          throw new Error(`payment ${input.paymentId} conflicted on insert but is not readable`);
        }
        return { kind: 'existing', existing: winner };
      }
      await client.query('COMMIT');
      return { kind: 'decided', ...rendered };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } catch (error) {
    broken = error as Error;
    throw error;
  } finally {
    // A client that saw an error is discarded (its connection may be dead or in an unknown state).
    client.release(broken);
  }
}

/** Mark an outbox row as logged (its record is in S3). */
export async function markLogged(pool: Pool, paymentId: string): Promise<void> {
  await pool.query({
    name: 'payment-validation-mark-logged',
    text: `UPDATE ${SCHEMA}.transaction_log_outbox SET logged_at = now(), attempts = attempts + 1, last_error = NULL WHERE payment_id = $1`,
    values: [paymentId],
  });
}

/** Record a failed attempt to write an outbox row's record (the row stays pending for the re-drive). */
export async function markFailed(pool: Pool, paymentId: string, error: string): Promise<void> {
  await pool.query(
    `UPDATE ${SCHEMA}.transaction_log_outbox SET attempts = attempts + 1, last_error = $2 WHERE payment_id = $1 AND logged_at IS NULL`,
    [paymentId, error.slice(0, 500)],
  );
}

export interface PendingRecord {
  readonly paymentId: string;
  readonly objectKey: string;
  readonly record: string;
}

/** The oldest pending outbox rows. */
export async function pendingRecords(pool: Pool, limit: number): Promise<PendingRecord[]> {
  const { rows } = await pool.query(
    `SELECT payment_id, object_key, record FROM ${SCHEMA}.transaction_log_outbox WHERE logged_at IS NULL ORDER BY created_at LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ paymentId: r.payment_id, objectKey: r.object_key, record: r.record }));
}

export async function pendingCount(pool: Pool): Promise<number> {
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.transaction_log_outbox WHERE logged_at IS NULL`);
  return rows[0].n;
}
