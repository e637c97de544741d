/**
 * The database schema of the validation function, as ordered migrations. `migrate()` is the only way the schema
 * is created or changed: the deploy-time custom resource (migrate-schema.lambda.ts) and the tests both call it.
 *
 * - Ordered: migrations apply in `version` order, each recorded in `schema_migrations` with a checksum.
 * - Idempotent: an applied version is skipped; a changed SQL text of an applied version fails loudly.
 * - Concurrency-safe: everything runs in one transaction holding a transaction-level advisory lock, so two
 *   concurrent `migrate()` calls (two deployments, a retry) serialize and the second one finds nothing to do.
 * - Transactional: PostgreSQL DDL is transactional; a failing migration leaves the schema as it was.
 *
 * Card data: the schema has no column able to hold a full card number: only `card_last4 char(4)` and an HMAC
 * fingerprint (bytea, 32 bytes).
 */
import { createHash } from 'crypto';

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
