/**
 * The database schema of the validation function, as ordered migrations. `migrate()` is the only way the schema
 * is created or changed: the deploy-time custom resource (migrate-schema.lambda.ts) and the tests both call it.
 *
 * - Ordered: migrations apply in `version` order, each recorded in `schema_migrations` with a checksum.
 * - Idempotent: an applied version is skipped; a changed SQL text of an applied version fails loudly.
 * - Concurrency-safe: everything runs in one transaction holding a transaction-level advisory lock, so two
 *   concurrent `migrate()` calls (two deployments, a retry) serialize and the second one finds nothing to do.
 * - Transactional: PostgreSQL DDL is transactional; a failing migration leaves the schema as it was.
 * - Privileges: the functions and the service connect as the application role of migration 3 (app-role.ts). A new
 *   migration that adds a table or function the request path or the relay uses must GRANT it to that role.
 *
 * Card data: the schema has no column able to hold a full card number: only `card_last4 char(4)` and an HMAC
 * fingerprint (bytea, 32 bytes).
 */
import { createHash } from 'crypto';
import { APP_ROLE } from './app-role';

/** Minimal client interface (pg's Client and PoolClient both satisfy it). */
export interface SqlClient {
  query(text: string, values?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
}

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** The schema all objects live in. */
export const SCHEMA = 'payment_validation';

/** Advisory lock key of the migrations: a constant 64-bit key ("PAYVALID" in ASCII). */
export const MIGRATION_LOCK_KEY = '5783001623518005572';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'payments and transaction-log outbox',
    sql: `
CREATE TABLE ${SCHEMA}.payments (
  payment_id        text        PRIMARY KEY CHECK (char_length(payment_id) BETWEEN 1 AND 64),
  merchant_id       text        NOT NULL CHECK (char_length(merchant_id) BETWEEN 1 AND 64),
  request_hmac      bytea       NOT NULL CHECK (octet_length(request_hmac) = 32),
  card_fingerprint  bytea       NOT NULL CHECK (octet_length(card_fingerprint) = 32),
  card_last4        char(4)     NOT NULL CHECK (card_last4 ~ '^[0-9]{4}$'),
  amount_minor      bigint      NOT NULL CHECK (amount_minor > 0),
  currency          char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  outcome           text        NOT NULL CHECK (outcome IN ('VALID', 'DECLINED')),
  decline_reason    text        CHECK ((outcome = 'VALID') = (decline_reason IS NULL)),
  status_code       smallint    NOT NULL CHECK (status_code IN (200, 422)),
  response_body     text        NOT NULL,
  decided_at        timestamptz NOT NULL DEFAULT now()
);
-- The velocity rule counts accepted payments of one card within a window.
CREATE INDEX payments_velocity_idx ON ${SCHEMA}.payments (card_fingerprint, decided_at) WHERE outcome = 'VALID';

-- Transaction-log outbox: written in the same transaction as the decision, marked logged once the record is in S3.
-- (Migration 2: batched delivery; a record is deleted once in S3.)
CREATE TABLE ${SCHEMA}.transaction_log_outbox (
  payment_id  text        PRIMARY KEY REFERENCES ${SCHEMA}.payments (payment_id),
  object_key  text        NOT NULL,
  record      text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  logged_at   timestamptz,
  attempts    integer     NOT NULL DEFAULT 0,
  last_error  text
);
CREATE INDEX transaction_log_outbox_pending_idx ON ${SCHEMA}.transaction_log_outbox (created_at) WHERE logged_at IS NULL;
`,
  },
  {
    version: 2,
    name: 'one-round-trip decision function and batched transaction-log delivery',
    sql: `
-- The decision in one statement (one round trip, one transaction): replay/conflict lookup, the card's velocity
-- lock and count, the decision row and its outbox row. The caller renders the response body and the log record of
-- both possible outcomes (the stateless one and the velocity decline); the function keeps the one that applies.
CREATE FUNCTION ${SCHEMA}.decide_payment(
  p_payment_id text, p_merchant_id text, p_request_hmac bytea, p_card_fingerprint bytea, p_card_last4 text,
  p_amount_minor bigint, p_currency text, p_decided_at timestamptz, p_decline_reason text,
  p_card_lock_key bigint, p_velocity_max_payments integer, p_velocity_window_seconds integer,
  p_body text, p_record text, p_velocity_body text, p_velocity_record text)
RETURNS TABLE (decided boolean, decision_status smallint, decision_body text, decision_request_hmac bytea)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_reason text := p_decline_reason;
  v_body text := p_body;
  v_record text := p_record;
  v_accepted integer;
BEGIN
  -- An existing id (a replay or a conflict): the stored decision, without taking the card's lock.
  RETURN QUERY SELECT false, p.status_code, p.response_body, p.request_hmac
    FROM ${SCHEMA}.payments p WHERE p.payment_id = p_payment_id;
  IF FOUND THEN
    RETURN;
  END IF;
  IF v_reason IS NULL THEN
    -- Concurrent payments of one card are counted one after the other. In a VOLATILE function each statement
    -- takes a new snapshot, so the count below sees every decision committed while this one waited for the lock.
    PERFORM pg_advisory_xact_lock(p_card_lock_key);
    SELECT count(*) INTO v_accepted FROM ${SCHEMA}.payments p
      WHERE p.card_fingerprint = p_card_fingerprint AND p.outcome = 'VALID'
        AND p.decided_at > p_decided_at - make_interval(secs => p_velocity_window_seconds);
    IF v_accepted >= p_velocity_max_payments THEN
      v_reason := 'VELOCITY_LIMIT_EXCEEDED';
      v_body := p_velocity_body;
      v_record := p_velocity_record;
    END IF;
  END IF;
  -- Of two concurrent submissions of one id exactly one inserts; the other waits for it to commit and inserts
  -- nothing, then returns the committed row.
  INSERT INTO ${SCHEMA}.payments (payment_id, merchant_id, request_hmac, card_fingerprint, card_last4, amount_minor,
      currency, outcome, decline_reason, status_code, response_body, decided_at)
    VALUES (p_payment_id, p_merchant_id, p_request_hmac, p_card_fingerprint, p_card_last4, p_amount_minor, p_currency,
      CASE WHEN v_reason IS NULL THEN 'VALID' ELSE 'DECLINED' END, v_reason,
      CASE WHEN v_reason IS NULL THEN 200 ELSE 422 END, v_body, p_decided_at)
    ON CONFLICT (payment_id) DO NOTHING;
  IF FOUND THEN
    INSERT INTO ${SCHEMA}.transaction_log_outbox (payment_id, record) VALUES (p_payment_id, v_record);
    RETURN QUERY SELECT true, (CASE WHEN v_reason IS NULL THEN 200 ELSE 422 END)::smallint, v_body, p_request_hmac;
    RETURN;
  END IF;
  RETURN QUERY SELECT false, p.status_code, p.response_body, p.request_hmac
    FROM ${SCHEMA}.payments p WHERE p.payment_id = p_payment_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'payment % conflicted on insert but is not readable', p_payment_id;
  END IF;
END
$fn$;

-- Transaction-log delivery in batches: each S3 object holds the records (one JSON line each) of one batch. A batch
-- is claimed in the database before it is written, so a retry writes the same records under the same key.
CREATE TABLE ${SCHEMA}.transaction_log_batches (
  batch_id     bigint      PRIMARY KEY,
  object_key   text        NOT NULL UNIQUE,
  record_count integer     NOT NULL CHECK (record_count > 0),
  claimed_at   timestamptz NOT NULL DEFAULT now(),
  lease_until  timestamptz NOT NULL,
  logged_at    timestamptz,
  attempts     integer     NOT NULL DEFAULT 1,
  last_error   text
);
CREATE SEQUENCE ${SCHEMA}.transaction_log_batch_seq OWNED BY ${SCHEMA}.transaction_log_batches.batch_id;
CREATE INDEX transaction_log_batches_unlogged_idx ON ${SCHEMA}.transaction_log_batches (batch_id) WHERE logged_at IS NULL;

-- The outbox holds only records not yet in S3: a record is deleted once its batch is written (the decision stays
-- in payments; the batch row keeps where its records went). Keys and attempts belong to batches now.
DELETE FROM ${SCHEMA}.transaction_log_outbox WHERE logged_at IS NOT NULL;
DROP INDEX ${SCHEMA}.transaction_log_outbox_pending_idx;
ALTER TABLE ${SCHEMA}.transaction_log_outbox
  DROP COLUMN object_key,
  DROP COLUMN attempts,
  DROP COLUMN last_error,
  DROP COLUMN logged_at,
  ADD COLUMN batch_id bigint REFERENCES ${SCHEMA}.transaction_log_batches (batch_id);
CREATE INDEX transaction_log_outbox_unclaimed_idx ON ${SCHEMA}.transaction_log_outbox (created_at, payment_id)
  WHERE batch_id IS NULL;
CREATE INDEX transaction_log_outbox_batch_idx ON ${SCHEMA}.transaction_log_outbox (batch_id) WHERE batch_id IS NOT NULL;

-- The next batch to write: an unlogged batch whose lease expired (a failed or interrupted write: same key, same
-- records), otherwise a new batch of the oldest unclaimed records. The lease keeps concurrent relays apart.
CREATE FUNCTION ${SCHEMA}.next_transaction_log_batch(
  p_key_prefix text, p_region text, p_max_records integer, p_lease_seconds integer)
RETURNS TABLE (batch_id bigint, object_key text, record_count integer, body text)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_id bigint;
  v_key text;
  v_count integer;
BEGIN
  SELECT b.batch_id, b.object_key, b.record_count INTO v_id, v_key, v_count
    FROM ${SCHEMA}.transaction_log_batches b
    WHERE b.logged_at IS NULL AND b.lease_until < now()
    ORDER BY b.batch_id LIMIT 1 FOR UPDATE SKIP LOCKED;
  IF FOUND THEN
    UPDATE ${SCHEMA}.transaction_log_batches b
      SET lease_until = now() + make_interval(secs => p_lease_seconds), attempts = b.attempts + 1
      WHERE b.batch_id = v_id;
  ELSE
    v_id := nextval('${SCHEMA}.transaction_log_batch_seq');
    v_key := p_key_prefix || to_char(now() AT TIME ZONE 'UTC', 'YYYY/MM/DD/HH24/') || p_region || '-'
      || lpad(v_id::text, 12, '0') || '-' || substr(md5(random()::text), 1, 8) || '.ndjson';
    -- The row count is set below; the batch must exist before outbox rows reference it.
    INSERT INTO ${SCHEMA}.transaction_log_batches (batch_id, object_key, record_count, lease_until)
      VALUES (v_id, v_key, 1, now() + make_interval(secs => p_lease_seconds));
    UPDATE ${SCHEMA}.transaction_log_outbox o SET batch_id = v_id
      WHERE o.payment_id IN (
        SELECT u.payment_id FROM ${SCHEMA}.transaction_log_outbox u
          WHERE u.batch_id IS NULL
          ORDER BY u.created_at, u.payment_id LIMIT p_max_records FOR UPDATE SKIP LOCKED);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    IF v_count = 0 THEN
      DELETE FROM ${SCHEMA}.transaction_log_batches b WHERE b.batch_id = v_id;
      RETURN;
    END IF;
    UPDATE ${SCHEMA}.transaction_log_batches b SET record_count = v_count WHERE b.batch_id = v_id;
  END IF;
  RETURN QUERY SELECT v_id, v_key, v_count,
    string_agg(o.record, E'\n' ORDER BY o.created_at, o.payment_id) || E'\n'
    FROM ${SCHEMA}.transaction_log_outbox o WHERE o.batch_id = v_id;
END
$fn$;
`,
  },
  {
    version: 3,
    name: 'least-privilege application role',
    sql: `
-- The role the functions and the service connect as (app-role.ts). Roles belong to the cluster, not the schema: it
-- may exist already (a schema re-created, a migration re-run after a role swap), so it is created only when absent.
-- Defaults: NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS; NOINHERIT so that a role granted to it
-- later by mistake gives nothing implicitly. Its password is set after the migrations, from the application secret.
DO $do$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = '${APP_ROLE}') THEN
    CREATE ROLE ${APP_ROLE} LOGIN NOINHERIT;
  END IF;
END
$do$;
-- Exactly what repository.ts executes: the two functions and the tables they read and write (they run with the
-- caller's privileges), the batch sequence; nothing on schema_migrations, no CREATE on the schema.
GRANT USAGE ON SCHEMA ${SCHEMA} TO ${APP_ROLE};
REVOKE ALL ON FUNCTION ${SCHEMA}.decide_payment(text, text, bytea, bytea, text, bigint, text, timestamptz, text, bigint,
  integer, integer, text, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION ${SCHEMA}.next_transaction_log_batch(text, text, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ${SCHEMA}.decide_payment(text, text, bytea, bytea, text, bigint, text, timestamptz, text, bigint,
  integer, integer, text, text, text, text) TO ${APP_ROLE};
GRANT EXECUTE ON FUNCTION ${SCHEMA}.next_transaction_log_batch(text, text, integer, integer) TO ${APP_ROLE};
GRANT SELECT, INSERT ON ${SCHEMA}.payments TO ${APP_ROLE};
GRANT SELECT, INSERT, UPDATE, DELETE ON ${SCHEMA}.transaction_log_outbox TO ${APP_ROLE};
GRANT SELECT, INSERT, UPDATE, DELETE ON ${SCHEMA}.transaction_log_batches TO ${APP_ROLE};
GRANT USAGE ON SEQUENCE ${SCHEMA}.transaction_log_batch_seq TO ${APP_ROLE};
`,
  },
];

/** The newest schema version (the custom resource reports it; a new migration changes it and re-runs migrate). */
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export function checksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

export interface MigrateResult {
  /** Versions applied by this call, in order. */
  readonly applied: number[];
  /** The schema version after the call. */
  readonly version: number;
}

/**
 * Apply every pending migration, in order, in one transaction under an advisory lock.
 * @param migrations defaults to {@link MIGRATIONS} (tests pass others to prove ordering and checksum checks)
 */
export async function migrate(client: SqlClient, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrateResult> {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].version === sorted[i - 1].version) {
      throw new Error(`migration versions must be unique, got: ${sorted[i].version} twice`);
    }
  }
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query(`SELECT version, checksum FROM ${SCHEMA}.schema_migrations`);
    const done = new Map<number, string>(rows.map((r: any) => [Number(r.version), String(r.checksum)]));
    const applied: number[] = [];
    for (const m of sorted) {
      const sum = checksum(m.sql);
      const previous = done.get(m.version);
      if (previous !== undefined) {
        if (previous !== sum) {
          throw new Error(`migration ${m.version} (${m.name}) was changed after it was applied: checksum ${previous} != ${sum}`);
        }
        continue;
      }
      await client.query(m.sql);
      await client.query(`INSERT INTO ${SCHEMA}.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)`, [
        m.version,
        m.name,
        sum,
      ]);
      applied.push(m.version);
    }
    const version = await client.query(`SELECT coalesce(max(version), 0) AS v FROM ${SCHEMA}.schema_migrations`);
    await client.query('COMMIT');
    return { applied, version: Number(version.rows[0].v) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
