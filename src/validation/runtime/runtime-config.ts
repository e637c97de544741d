/**
 * Runtime configuration of the validation handlers, read from the environment the construct sets (or, in tests,
 * from libpq's PG* variables and CARD_FINGERPRINT_KEY). No secret is ever read from a plain environment variable
 * in AWS: the construct passes secret ARNs, the values come from Secrets Manager and are cached per container.
 */
/* eslint-disable import/no-extraneous-dependencies -- runtime module: esbuild bundles pg and Powertools into assets/,
   the Lambda runtime provides @aws-sdk/*; none of them is a dependency of the construct library */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Pool, PoolConfig } from 'pg';
import { configErrors, RulesConfig } from './rules';

/** Environment variable names shared by the construct (validation-function.ts) and the handlers. */
export const ENV = {
  DB_HOST: 'DB_HOST',
  DB_PORT: 'DB_PORT',
  DB_NAME: 'DB_NAME',
  DB_SECRET_ARN: 'DB_SECRET_ARN',
  /** Schema migration only: the application role's secret, whose password the migration sets (app-role.ts). */
  APP_DB_SECRET_ARN: 'APP_DB_SECRET_ARN',
  DB_POOL_MAX: 'DB_POOL_MAX',
  FINGERPRINT_KEY_SECRET_ARN: 'FINGERPRINT_KEY_SECRET_ARN',
  /** Tests only: the fingerprint key itself (never set by the construct). */
  CARD_FINGERPRINT_KEY: 'CARD_FINGERPRINT_KEY',
  LOG_BUCKET_NAME: 'LOG_BUCKET_NAME',
  LOG_KEY_PREFIX: 'LOG_KEY_PREFIX',
  CURRENCY_LIMITS: 'CURRENCY_LIMITS',
  VELOCITY_MAX_PAYMENTS: 'VELOCITY_MAX_PAYMENTS',
  VELOCITY_WINDOW_SECONDS: 'VELOCITY_WINDOW_SECONDS',
} as const;

/** An error's class, code and message (never a request or a parameter value). */
export function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as Error).message === 'string') {
    const e = error as Error & { code?: unknown };
    return `${e.name}${typeof e.code === 'string' ? ` ${e.code}` : ''}: ${e.message}`.slice(0, 300);
  }
  return String(error).slice(0, 300);
}

/** A configuration problem: the function cannot work until its configuration is fixed (not retryable). */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) {
    throw new ConfigurationError(`${name} must be an integer, got: ${raw}`);
  }
  return n;
}

/** The rules configuration from the environment (defaults: 1,000,000 major units, 10 payments per 3600 s). */
export function rulesConfigFromEnv(env: NodeJS.ProcessEnv = process.env): RulesConfig {
  let currencyLimits: Record<string, number> = {};
  const raw = env[ENV.CURRENCY_LIMITS];
  if (raw) {
    try {
      currencyLimits = JSON.parse(raw);
    } catch {
      throw new ConfigurationError(`${ENV.CURRENCY_LIMITS} must be a JSON object, got: ${raw}`);
    }
    if (typeof currencyLimits !== 'object' || currencyLimits === null || Array.isArray(currencyLimits)) {
      throw new ConfigurationError(`${ENV.CURRENCY_LIMITS} must be a JSON object, got: ${raw}`);
    }
  }
  const config: RulesConfig = {
    currencyLimits,
    velocityMaxPayments: intFromEnv(env, ENV.VELOCITY_MAX_PAYMENTS, 10),
    velocityWindowSeconds: intFromEnv(env, ENV.VELOCITY_WINDOW_SECONDS, 3600),
  };
  const errors = configErrors(config);
  if (errors.length > 0) {
    throw new ConfigurationError(errors.join('; '));
  }
  return config;
}

// ---------------------------------------------------------------------------------------------------------------
// Secrets Manager (cached per container; invalidated on authentication failure so that a rotated password is used)

let secretsClient: SecretsManagerClient | undefined;
const secretCache = new Map<string, Promise<string>>();

export function getSecretString(arn: string): Promise<string> {
  let cached = secretCache.get(arn);
  if (!cached) {
    secretsClient ??= new SecretsManagerClient({});
    cached = secretsClient.send(new GetSecretValueCommand({ SecretId: arn })).then((out) => {
      if (typeof out.SecretString !== 'string' || out.SecretString.length === 0) {
        throw new ConfigurationError(`secret ${arn} has no SecretString`);
      }
      return out.SecretString;
    });
    cached.catch(() => secretCache.delete(arn));
    secretCache.set(arn, cached);
  }
  return cached;
}

export function invalidateSecret(arn: string | undefined): void {
  if (arn) {
    secretCache.delete(arn);
  }
}

/** The HMAC key of card fingerprints: Secrets Manager in AWS, CARD_FINGERPRINT_KEY in tests. At least 32 bytes. */
export async function fingerprintKeyFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const arn = env[ENV.FINGERPRINT_KEY_SECRET_ARN];
  const value = arn ? await getSecretString(arn) : env[ENV.CARD_FINGERPRINT_KEY];
  if (!value) {
    throw new ConfigurationError(`${ENV.FINGERPRINT_KEY_SECRET_ARN} (or ${ENV.CARD_FINGERPRINT_KEY} in tests) must be set`);
  }
  const key = Buffer.from(value, 'utf-8');
  if (key.length < 32) {
    throw new ConfigurationError(`the card fingerprint key must be at least 32 bytes, got: ${key.length}`);
  }
  return key;
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL

/** Settings common to both modes: short timeouts so that an unavailable database gives a fast 503. */
function commonPoolConfig(env: NodeJS.ProcessEnv): PoolConfig {
  return {
    max: intFromEnv(env, ENV.DB_POOL_MAX, 2),
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 60_000,
    statement_timeout: 5_000,
    query_timeout: 6_000,
    keepAlive: true,
    application_name: 'payment-validation',
  };
}

/**
 * The connection pool.
 *
 * - When libpq's `PGHOST` is set (tests, local runs), pg reads PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE/PGSSLMODE
 *   itself: nothing else is configured.
 * - Otherwise (AWS): host and port from DB_HOST/DB_PORT (the Aurora global writer endpoint by default), user,
 *   password and database name from the secret DB_SECRET_ARN (the RDS secret JSON). TLS is required and verified
 *   (chain and host name): the construct sets NODE_EXTRA_CA_CERTS=/var/runtime/ca-cert.pem, the Amazon CA bundle
 *   (RDS CAs included) that the Lambda Node.js runtime ships but no longer loads by default since Node.js 20.
 */
export async function createPool(env: NodeJS.ProcessEnv = process.env): Promise<Pool> {
  const common = commonPoolConfig(env);
  let pool: Pool;
  if (env.PGHOST) {
    pool = new Pool(common);
  } else {
    const secretArn = env[ENV.DB_SECRET_ARN];
    const host = env[ENV.DB_HOST];
    if (!secretArn || !host) {
      throw new ConfigurationError(`${ENV.DB_HOST} and ${ENV.DB_SECRET_ARN} must be set when PGHOST is not`);
    }
    const secret = JSON.parse(await getSecretString(secretArn));
    if (typeof secret.username !== 'string' || typeof secret.password !== 'string') {
      throw new ConfigurationError(`secret ${secretArn} must hold username and password`);
    }
    pool = new Pool({
      ...common,
      host,
      port: intFromEnv(env, ENV.DB_PORT, 5432),
      database: env[ENV.DB_NAME] || secret.dbname || 'postgres',
      user: secret.username,
      // Read at every new connection: after a rotation, invalidateSecret() makes the next connection fetch it again.
      password: async () => JSON.parse(await getSecretString(secretArn)).password,
      ssl: { rejectUnauthorized: true },
    });
  }
  // An idle client whose server went away emits 'error': without a listener the process would crash.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Connection-level SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57 operator intervention,
 *  58 system error, 40 transaction rollback (serialization/deadlock), 28 invalid authorization (rotated password). */
const RETRYABLE_SQLSTATE_CLASSES = new Set(['08', '53', '57', '58', '40', '28']);
const RETRYABLE_NODE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED',
]);
const RETRYABLE_CODE_IN_MESSAGE = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNABORTED)\b/;
const RETRYABLE_MESSAGES = /connection terminated|connection error|timeout exceeded|connection ended|not queryable|query read timeout|terminating connection|the database system is (starting up|shutting down|in recovery)/i;

/** SQLSTATE 25006 read_only_sql_transaction: what a write gets from a read-only database. */
export const READ_ONLY_SQL_TRANSACTION = '25006';

/**
 * True when a write failed because the database is read-only: in a passive region, the Aurora secondary cluster
 * (or a PostgreSQL hot standby, or a `default_transaction_read_only` session) answers every write with SQLSTATE
 * 25006. Nothing was written; the request is retryable once the region is promoted (or in the active region).
 */
export function isReadOnlyDatabase(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  if ((error as { code?: unknown }).code === READ_ONLY_SQL_TRANSACTION) {
    return true;
  }
  const nested = (error as { errors?: unknown }).errors;
  return Array.isArray(nested) && nested.some(isReadOnlyDatabase);
}

/** True when an error means "the database is unavailable right now" (HTTP 503), not a bug. A read-only database is
 *  unavailable for writes (isReadOnlyDatabase). */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Duck-typed, not `instanceof Error`: errors may come from another realm (Node's net module under a test VM).
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  if (isReadOnlyDatabase(error)) {
    return true;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (RETRYABLE_NODE_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && RETRYABLE_SQLSTATE_CLASSES.has(code.slice(0, 2))) return true;
  }
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested) && nested.some(isDatabaseUnavailable)) {
    return true;
  }
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && (RETRYABLE_MESSAGES.test(message) || RETRYABLE_CODE_IN_MESSAGE.test(message));
}

export function isAuthenticationFailure(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('28');
}
