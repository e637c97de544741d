/**
 * Database cases of the least-privilege application role: migration 3 creates it with exactly the privileges the
 * handler and the relay need, the migration sets its password from the application secret (a local fake of
 * Secrets Manager), and a rotation of that password while the handler holds pooled connections gives nothing but
 * retryable 503s, after which the next request succeeds.
 *
 * The role logs in like on Aurora: scram-sha-256 over verified TLS (scripts/postgres.sh: pg_hba lines for the role
 * before the trust lines, a self-signed certificate whose path is PG_TEST_TLS_CERT). The handler's secret mode
 * verifies the certificate against the default CAs; the test adds the throwaway certificate to tls.connect's `ca`.
 */
import * as fs from 'fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import type { ConnectionOptions } from 'tls';
import { Client } from 'pg';
import { capture, db, track } from './harness';
import { APP_ROLE, scramVerifier } from '../../../src/validation/runtime/app-role';
import { handler as migrationHandler, runMigrations } from '../../../src/validation/runtime/migrate-schema.lambda';
import { migrate, SCHEMA } from '../../../src/validation/runtime/migrations';
import { payment } from '../support';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:payments/app-AbCdEf';

/** Secrets Manager's GetSecretValue (JSON 1.1 protocol) for one secret whose value the test changes. */
class FakeSecretsManager {
  public value = '';
  public reads = 0;
  private server?: Server;
  public endpoint = '';
  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        const secretId = body ? JSON.parse(body).SecretId : undefined;
        if (target !== 'secretsmanager.GetSecretValue' || secretId !== SECRET_ARN) {
          res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
          res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: `no ${target} ${secretId}` }));
          return;
        }
        this.reads++;
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ ARN: SECRET_ARN, Name: 'payments/app', VersionId: `v${this.reads}`, SecretString: this.value }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server!.address() as { port: number }).port}`;
  }
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
  setPassword(password: string): void {
    this.value = JSON.stringify({ username: APP_ROLE, password });
  }
}

/** The role's connection (TLS verified against the throwaway certificate, password). */
async function appClient(password: string): Promise<Client> {
  const client = new Client({
    host: '127.0.0.1',
    port: Number(process.env.PGPORT),
    database: process.env.PGDATABASE,
    user: APP_ROLE,
    password,
    ssl: { rejectUnauthorized: true, ca: fs.readFileSync(tlsCertificate(), 'utf-8') },
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

function tlsCertificate(): string {
  const cert = process.env.PG_TEST_TLS_CERT;
  if (!cert || !fs.existsSync(cert)) {
    throw new Error('PG_TEST_TLS_CERT is not set or missing: start the test server with scripts/postgres.sh (it makes the certificate)');
  }
  return cert;
}

const password = (n: number) => `rotation-test-password-${n}-${Date.now()}-Zq8`;

async function appBackends(): Promise<number[]> {
  const { rows } = await db.query(
    "SELECT pid FROM pg_stat_activity WHERE usename = $1 AND application_name = 'payment-validation' ORDER BY pid", [APP_ROLE]);
  return rows.map((r: any) => Number(r.pid));
}

export function appRoleCases(): void {
  describe('least-privilege application role', () => {
    const secrets = new FakeSecretsManager();
    const used: string[] = [];
    beforeAll(async () => {
      await secrets.start();
      process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = secrets.endpoint;
    });
    afterAll(async () => {
      delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
      delete process.env.APP_DB_SECRET_ARN;
      await secrets.stop();
    });

    test('migration 3 creates the role: login only, no superuser/createrole/createdb/replication/bypassrls', async () => {
      await migrate(db);
      const { rows } = await db.query(
        'SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolinherit, rolcanlogin FROM pg_roles WHERE rolname = $1',
        [APP_ROLE],
      );
      expect(rows).toEqual([{
        rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolreplication: false, rolbypassrls: false, rolinherit: false, rolcanlogin: true,
      }]);
      const { rows: memberships } = await db.query('SELECT count(*)::int AS n FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = $1', [APP_ROLE]);
      expect(memberships[0].n).toBe(0);
    });

    test('the role holds exactly the privileges of the request path and the relay', async () => {
      const priv = async (sql: string) => (await db.query(sql, [APP_ROLE])).rows[0].p;
      const table = (t: string, p: string) => priv(`SELECT has_table_privilege($1, '${SCHEMA}.${t}', '${p}') AS p`);
      expect(await priv(`SELECT has_schema_privilege($1, '${SCHEMA}', 'USAGE') AS p`)).toBe(true);
      expect(await priv(`SELECT has_schema_privilege($1, '${SCHEMA}', 'CREATE') AS p`)).toBe(false);
      expect(await priv('SELECT has_schema_privilege($1, \'public\', \'CREATE\') AS p')).toBe(false);
      expect(await priv('SELECT has_database_privilege($1, current_database(), \'CREATE\') AS p')).toBe(false);
      expect(await table('payments', 'SELECT')).toBe(true);
      expect(await table('payments', 'INSERT')).toBe(true);
      for (const p of ['UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) expect([p, await table('payments', p)]).toEqual([p, false]);
      for (const t of ['transaction_log_outbox', 'transaction_log_batches']) {
        for (const p of ['SELECT', 'INSERT', 'UPDATE', 'DELETE']) expect([t, p, await table(t, p)]).toEqual([t, p, true]);
        expect(await table(t, 'TRUNCATE')).toBe(false);
      }
      for (const p of ['SELECT', 'INSERT', 'UPDATE', 'DELETE']) expect(await table('schema_migrations', p)).toBe(false);
      expect(await priv(`SELECT has_sequence_privilege($1, '${SCHEMA}.transaction_log_batch_seq', 'USAGE') AS p`)).toBe(true);
      const decide = `${SCHEMA}.decide_payment(text, text, bytea, bytea, text, bigint, text, timestamptz, text, bigint, integer, integer, text, text, text, text)`;
      const nextBatch = `${SCHEMA}.next_transaction_log_batch(text, text, integer, integer)`;
      for (const fn of [decide, nextBatch]) {
        expect(await priv(`SELECT has_function_privilege($1, '${fn}', 'EXECUTE') AS p`)).toBe(true);
        // PUBLIC lost EXECUTE on the functions: only the role (and the owner) may run them.
        const { rows } = await db.query(`SELECT has_function_privilege('public', '${fn}', 'EXECUTE') AS p`);
        expect(rows[0].p).toBe(false);
      }
    });

    test('the migration sets the password from the application secret (a SCRAM verifier; no DDL as the role)', async () => {
      const first = password(1);
      used.push(first);
      secrets.setPassword(first);
      process.env.APP_DB_SECRET_ARN = SECRET_ARN;
      expect(await runMigrations()).toBeGreaterThanOrEqual(3);
      const { rows } = await db.query('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [APP_ROLE]);
      expect(rows[0].rolpassword).toMatch(/^SCRAM-SHA-256\$4096:/);
      const app = await appClient(first);
      try {
        await expect(app.query(`CREATE TABLE ${SCHEMA}.intruder (x int)`)).rejects.toMatchObject({ code: '42501' });
        await expect(app.query(`DROP TABLE ${SCHEMA}.payments`)).rejects.toMatchObject({ code: '42501' });
        await expect(app.query(`SELECT * FROM ${SCHEMA}.schema_migrations`)).rejects.toMatchObject({ code: '42501' });
        await expect(app.query('CREATE ROLE intruder')).rejects.toMatchObject({ code: '42501' });
      } finally {
        await app.end();
      }
      // A wrong password is refused (the role's pg_hba line is scram-sha-256, not trust).
      await expect(appClient('not-the-password-at-all')).rejects.toMatchObject({ code: '28P01' });
      // Re-running (e.g. in the other region after a role swap, with the replica's same value) keeps it working.
      await runMigrations();
      await (await appClient(first)).end();
      // The operator's rotation step: a direct invocation (no RequestType) sets the secret's new value.
      const rotated = password(0);
      used.push(rotated);
      secrets.setPassword(rotated);
      expect(await migrationHandler({} as any)).toEqual({ SchemaVersion: expect.stringMatching(/^[3-9]|[1-9][0-9]+$/) });
      await (await appClient(rotated)).end();
      await expect(appClient(first)).rejects.toMatchObject({ code: '28P01' });
      secrets.setPassword(first);
      await runMigrations();
      // The verifier format matches PostgreSQL's own (so Aurora stores it as is).
      expect(scramVerifier(first)).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/);
    });

    test('rotation while the handler holds pooled connections: only retryable 503s, then the next request succeeds', async () => {
      const cert = fs.readFileSync(tlsCertificate(), 'utf-8');
      // The module object pg calls (an ES namespace import would be a copy whose properties cannot be redefined).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const tls = require('tls') as typeof import('tls');
      const connect = tls.connect;
      const spy = jest.spyOn(tls, 'connect').mockImplementation(((options: ConnectionOptions, ...rest: any[]) =>
        (connect as any)({ ...options, ca: cert }, ...rest)) as any);
      const saved = { PGHOST: process.env.PGHOST, DB_POOL_MAX: process.env.DB_POOL_MAX };
      let lambda: any;
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        lambda = require('../../../src/validation/runtime/validate-payment.lambda');
      });
      const validate = (req: Record<string, any>) => lambda.handler(track(req));
      try {
        // The handler in its AWS mode: host and port from DB_*, user and password from the secret, TLS verified.
        delete process.env.PGHOST;
        Object.assign(process.env, { DB_HOST: '127.0.0.1', DB_PORT: process.env.PGPORT, DB_SECRET_ARN: SECRET_ARN, DB_POOL_MAX: '4' });
        const warm = await Promise.all([validate(payment()), validate(payment())]);
        process.env.PGHOST = saved.PGHOST;
        expect(warm.map((r: any) => r.statusCode)).toEqual([200, 200]);
        const pooled = await appBackends();
        expect(pooled.length).toBeGreaterThanOrEqual(1);

        // Rotation, database first (Secrets Manager's setSecret before finishSecret): ALTER ROLE with the new value.
        const second = password(2);
        used.push(second);
        await db.query(`ALTER ROLE ${APP_ROLE} PASSWORD '${scramVerifier(second)}'`);
        const during = await Promise.all(Array.from({ length: 8 }, () => validate(payment())));
        for (const r of during) {
          if (r.statusCode !== 200) {
            expect({ statusCode: r.statusCode, body: JSON.parse(r.body) }).toEqual({
              statusCode: 503, body: { error: 'DATABASE_UNAVAILABLE', retryable: true, paymentId: expect.any(String) },
            });
          }
        }
        // The pooled connections kept working (PostgreSQL checks the password at login only); new ones failed.
        expect(during.filter((r: any) => r.statusCode === 200).length).toBeGreaterThanOrEqual(1);
        expect(during.filter((r: any) => r.statusCode === 503).length).toBeGreaterThanOrEqual(1);
        expect((await appBackends()).filter((pid) => pooled.includes(pid))).toEqual(pooled);

        // The secret now holds the new value (finishSecret): the handler re-reads it after the failure.
        const readsBefore = secrets.reads;
        secrets.setPassword(second);
        const next = await validate(payment());
        expect(next.statusCode).toBe(200);
        const after = await Promise.all(Array.from({ length: 8 }, () => validate(payment())));
        expect(after.map((r: any) => r.statusCode)).toEqual(Array(8).fill(200));
        expect(secrets.reads).toBeGreaterThan(readsBefore);
        expect((await appBackends()).length).toBe(4);
      } finally {
        process.env.PGHOST = saved.PGHOST;
        process.env.DB_POOL_MAX = saved.DB_POOL_MAX;
        for (const k of ['DB_HOST', 'DB_PORT', 'DB_SECRET_ARN']) delete process.env[k];
        await lambda?.shutdown();
        spy.mockRestore();
      }
    });

    test('no password of the application role reached any log line', () => {
      expect(used.length).toBe(3);
      for (const p of used) expect(capture.text).not.toContain(p);
    });
  });
}
