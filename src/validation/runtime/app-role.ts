/**
 * The least-privilege application role (PCI DSS 7.2, 8.6): the validation and relay functions and the payment
 * service connect as `payment_validation_app`; the master user runs the migrations only. Migration 3
 * (migrations.ts) creates the role and grants it what the request path and the relay execute (repository.ts), and
 * nothing else: no DDL, no superuser, no CREATEROLE, no access to `schema_migrations`.
 *
 * Its password is the `password` of the application secret. The migration sets it (setApplicationPassword) at
 * every run, after migrate(): the secret is the source of truth, the database follows it. The statement carries a
 * SCRAM-SHA-256 verifier computed here, never the password itself, so no server log (log_statement, pgaudit) can
 * record the password (PostgreSQL stores a pre-hashed verifier as it is:
 * https://www.postgresql.org/docs/current/sql-createrole.html, "PASSWORD").
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'crypto';
import type { SqlClient } from './migrations';

/** The application role's name (the application secret's `username` must be it). */
export const APP_ROLE = 'payment_validation_app';

/** PostgreSQL's default SCRAM iteration count (scram_iterations). */
const SCRAM_ITERATIONS = 4096;

/**
 * The SCRAM-SHA-256 verifier of a password in PostgreSQL's format (RFC 5802/7677):
 * `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, all base64. (PostgreSQL SASLprep-normalises the
 * password; the generated secrets are ASCII, for which SASLprep is the identity.)
 */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16)): string {
  const salted = pbkdf2Sync(Buffer.from(password, 'utf-8'), salt, SCRAM_ITERATIONS, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${SCRAM_ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** What the application secret holds (the fields the migration reads). */
export interface ApplicationCredentials {
  readonly username: string;
  readonly password: string;
}

/** The credentials of the application secret's JSON, checked: its user must be {@link APP_ROLE}. */
export function parseApplicationCredentials(secretString: string, source: string): ApplicationCredentials {
  let parsed: any;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new Error(`the application secret ${source} is not JSON`);
  }
  if (parsed?.username !== APP_ROLE) {
    throw new Error(`the application secret ${source} must have username ${APP_ROLE}, got: ${String(parsed?.username)}`);
  }
  if (typeof parsed.password !== 'string' || parsed.password.length < 16) {
    throw new Error(`the application secret ${source} must hold a password of at least 16 characters`);
  }
  return { username: parsed.username, password: parsed.password };
}

/**
 * Set the application role's password (a SCRAM verifier, never the password). ALTER ROLE takes no bind parameters;
 * the verifier is base64 and `$:` only, checked before it is put in the statement.
 */
export async function setApplicationPassword(client: SqlClient, credentials: ApplicationCredentials): Promise<void> {
  const verifier = scramVerifier(credentials.password);
  if (!/^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/.test(verifier)) {
    throw new Error('unexpected SCRAM verifier format');
  }
  await client.query(`ALTER ROLE ${APP_ROLE} PASSWORD '${verifier}'`);
}
