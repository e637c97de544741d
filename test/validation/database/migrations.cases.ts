/** Database cases: the schema migrations, and the migrate-schema custom resource handler. */
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { Pool } from 'pg';
import { db } from './harness';
import { handler as migrateSchemaHandler } from '../../../src/validation/runtime/migrate-schema.lambda';
import { checksum, LATEST_SCHEMA_VERSION, migrate, MIGRATIONS, SCHEMA } from '../../../src/validation/runtime/migrations';
import { markBatchLogged, nextBatch } from '../../../src/validation/runtime/repository';
import { pgClient, uniqueId } from '../support';

export function migrationCases(): void {
  describe('migrations', () => {
    test('are idempotent: a second run applies nothing', async () => {
      const again = await migrate(db);
      expect(again).toEqual({ applied: [], version: MIGRATIONS[MIGRATIONS.length - 1].version });
      const { rows } = await db.query(`SELECT version, checksum FROM ${SCHEMA}.schema_migrations ORDER BY version`);
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, checksum: checksum(m.sql) })));
    });

    test('concurrent runs serialize on the advisory lock', async () => {
      const clients = await Promise.all([1, 2, 3, 4].map(() => pgClient()));
      try {
        const results = await Promise.all(clients.map((c) => migrate(c)));
        expect(results.every((r) => r.applied.length === 0)).toBe(true);
      } finally {
        await Promise.all(clients.map((c) => c.end()));
      }
    });

    test('apply pending migrations in version order, in one transaction', async () => {
      const extra = [
        ...MIGRATIONS,
        { version: 1001, name: 'second', sql: `ALTER TABLE ${SCHEMA}.migration_order_probe ADD COLUMN b int` },
        { version: 1000, name: 'first', sql: `CREATE TABLE ${SCHEMA}.migration_order_probe (a int)` },
      ];
      try {
        expect(await migrate(db, extra)).toEqual({ applied: [1000, 1001], version: 1001 });
        const { rows } = await db.query(
          'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = \'migration_order_probe\' ORDER BY 1',
          [SCHEMA],
        );
        expect(rows.map((r) => r.column_name)).toEqual(['a', 'b']);
      } finally {
        await db.query(`DROP TABLE IF EXISTS ${SCHEMA}.migration_order_probe`);
        await db.query(`DELETE FROM ${SCHEMA}.schema_migrations WHERE version >= 1000`);
      }
    });

    test('a failing migration leaves nothing behind', async () => {
      const failing = [...MIGRATIONS, { version: 1002, name: 'fails', sql: `CREATE TABLE ${SCHEMA}.half_done (a int); SELECT 1/0` }];
      await expect(migrate(db, failing)).rejects.toThrow('division by zero');
      const { rows } = await db.query(`SELECT to_regclass('${SCHEMA}.half_done') AS t, (SELECT count(*)::int FROM ${SCHEMA}.schema_migrations WHERE version = 1002) AS n`);
      expect(rows[0]).toEqual({ t: null, n: 0 });
    });

    test('fails when an applied migration was changed', async () => {
      const changed = [{ ...MIGRATIONS[0], sql: `${MIGRATIONS[0].sql}\n-- edited` }];
      await expect(migrate(db, changed)).rejects.toThrow(
        `migration 1 (${MIGRATIONS[0].name}) was changed after it was applied: checksum ${checksum(MIGRATIONS[0].sql)} != ${checksum(changed[0].sql)}`,
      );
    });

    test('upgrade from version 1: records pending before the upgrade are delivered by the batch relay', async () => {
      const database = `upgrade_${process.pid}_${Date.now()}`;
      await db.query(`CREATE DATABASE ${database}`);
      const client = await pgClient({ database });
      const pool = new Pool({ database, max: 2 });
      try {
        expect(await migrate(client, MIGRATIONS.slice(0, 1))).toEqual({ applied: [1], version: 1 });
        const fp = Buffer.alloc(32, 7);
        for (const [id, logged] of [['v1-pending', false], ['v1-logged', true]] as const) {
          await client.query(
            `INSERT INTO ${SCHEMA}.payments (payment_id, merchant_id, request_hmac, card_fingerprint, card_last4, amount_minor, currency, outcome, status_code, response_body)
             VALUES ($1, 'm', $2, $2, '1111', 100, 'USD', 'VALID', 200, '{}')`,
            [id, fp],
          );
          await client.query(
            `INSERT INTO ${SCHEMA}.transaction_log_outbox (payment_id, object_key, record, logged_at) VALUES ($1, $2, $3, ${logged ? 'now()' : 'NULL'})`,
            [id, `validation/2026/01/01/${id}.json`, JSON.stringify({ paymentId: id })],
          );
        }
        expect(await migrate(client)).toEqual({ applied: MIGRATIONS.slice(1).map((m) => m.version), version: LATEST_SCHEMA_VERSION });
        const batch = await nextBatch(pool, { keyPrefix: 'validation/', region: 'us-east-1', maxRecords: 100, leaseSeconds: 60 });
        expect(batch).toMatchObject({ recordCount: 1, body: '{"paymentId":"v1-pending"}\n' });
        await markBatchLogged(pool, batch!.batchId);
        expect(await nextBatch(pool, { keyPrefix: 'validation/', region: 'us-east-1', maxRecords: 100, leaseSeconds: 60 })).toBeUndefined();
      } finally {
        await pool.end();
        await client.end();
        await db.query(`DROP DATABASE ${database}`);
      }
    });

    test('the schema has no column able to hold a full card number', async () => {
      const { rows } = await db.query(
        'SELECT column_name, data_type, character_maximum_length FROM information_schema.columns WHERE table_schema = $1 AND column_name LIKE \'card%\' ORDER BY 1',
        [SCHEMA],
      );
      expect(rows).toEqual([
        { column_name: 'card_fingerprint', data_type: 'bytea', character_maximum_length: null },
        { column_name: 'card_last4', data_type: 'character', character_maximum_length: 4 },
      ]);
    });
  });
}

export function customResourceCases(): void {
  describe('migrate-schema custom resource', () => {
    let server: Server;
    let received: Array<{ method: string; contentType: string | undefined; body: any }>;
    let url: string;

    beforeAll(async () => {
      received = [];
      server = createServer((req, res) => {
        let data = '';
        req.on('data', (c) => (data += c));
        req.on('end', () => {
          received.push({ method: req.method!, contentType: req.headers['content-type'], body: JSON.parse(data) });
          res.end();
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/response?X-Amz-Signature=abc`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    const event = (RequestType: string, extra: Record<string, unknown> = {}) => ({
      RequestType,
      ResponseURL: url,
      StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/s/1',
      RequestId: uniqueId('req'),
      LogicalResourceId: 'Migration',
      ResourceType: 'Custom::PaymentValidationSchema',
      ServiceToken: 'arn',
      ResourceProperties: {},
      ...extra,
    });

    test('Create and Update run migrate() and answer SUCCESS with the schema version', async () => {
      const cr = migrateSchemaHandler;
      await cr(event('Create') as any);
      await cr(event('Update', { PhysicalResourceId: 'payment-validation-schema', OldResourceProperties: {} }) as any);
      expect(received).toHaveLength(2);
      for (const r of received) {
        expect(r.method).toBe('PUT');
        expect(r.contentType).toBe('');
        expect(r.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'payment-validation-schema', LogicalResourceId: 'Migration', Data: { SchemaVersion: String(LATEST_SCHEMA_VERSION) } });
      }
    });

    test('Delete keeps the schema and answers SUCCESS', async () => {
      received.length = 0;
      const cr = migrateSchemaHandler;
      await cr(event('Delete', { PhysicalResourceId: 'payment-validation-schema' }) as any);
      expect(received[0].body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'payment-validation-schema' });
      expect((await db.query(`SELECT to_regclass('${SCHEMA}.payments') IS NOT NULL AS present`)).rows[0].present).toBe(true);
    });

    test('an unreachable database answers FAILED with the reason (the stack does not hang)', async () => {
      received.length = 0;
      const cr = migrateSchemaHandler;
      const port = process.env.PGPORT;
      process.env.PGPORT = '1';
      // 40 s left in the invocation: connection errors are retried until 35 s before the end, i.e. for 5 s.
      const context = { getRemainingTimeInMillis: () => 40_000 };
      const started = Date.now();
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      try {
        await cr(event('Create') as any, context as any);
      } finally {
        process.env.PGPORT = port;
        warn.mockRestore();
      }
      expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(received[0].body).toMatchObject({ Status: 'FAILED', Reason: expect.stringContaining('ECONNREFUSED') });
    });
  });
}
