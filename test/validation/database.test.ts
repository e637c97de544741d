/**
 * Handler tests against the real PostgreSQL (libpq PG* variables; they FAIL when PGHOST is not set) and a local S3
 * server (s3rver). One file on purpose: the last test stops and restarts the database server, which must not
 * happen while another file uses it (jest runs files in parallel).
 */
import { createHmac } from 'crypto';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import * as fc from 'fast-check';
import { Client, Pool } from 'pg';
import { digitRunsOf, oracle, requestArb } from './arbitraries';
import {
  allDatabaseText, findPans, FINGERPRINT_KEY, LocalS3, makePan, OutputCapture, payment, pgClient, requirePostgres,
  serverControl, setHandlerEnv, uniqueId,
} from './support';
import { handler as migrateSchemaHandler } from '../../src/validation/runtime/migrate-schema.lambda';
import { checksum, LATEST_SCHEMA_VERSION, migrate, MIGRATIONS, SCHEMA } from '../../src/validation/runtime/migrations';
import { markBatchLogged, nextBatch, outboxBacklog } from '../../src/validation/runtime/repository';
import { ISO_4217_MINOR_UNITS } from '../../src/validation/runtime/rules';

type Handler = (event: unknown) => Promise<any>;
type RelayHandler = (event: unknown, context?: { getRemainingTimeInMillis(): number }) => Promise<any>;

const s3 = new LocalS3();
const capture = new OutputCapture();
/** Every card number used in this file: none may appear in any sink. */
const usedPans = new Set<string>();
let db: Client;
let handler: Handler;
let relayHandler: RelayHandler;

function track<T extends Record<string, any>>(request: T): T {
  if (typeof request.card?.number === 'string') usedPans.add(request.card.number);
  return request;
}

async function validate(request: Record<string, any>): Promise<{ statusCode: number; body: string }> {
  return handler(track(request));
}

async function rowsOf(paymentId: string) {
  return (await db.query(`SELECT * FROM ${SCHEMA}.payments WHERE payment_id = $1`, [paymentId])).rows;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the relay's EventBridge schedule sends (the relay does not read it). */
const SCHEDULED_EVENT = { 'source': 'aws.events', 'detail-type': 'Scheduled Event', 'detail': {} };
const relay = () => relayHandler(SCHEDULED_EVENT);

beforeAll(async () => {
  requirePostgres();
  await s3.start();
  setHandlerEnv(s3);
  db = await pgClient();
  await migrate(db);
  capture.start();
  // Imported after the environment is set (the module reads it); require, as ts-jest keeps import() native.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  handler = require('../../src/validation/runtime/validate-payment.lambda').handler as Handler;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  relayHandler = require('../../src/validation/runtime/relay-transaction-log.lambda').handler as RelayHandler;
});

afterAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  await require('../../src/validation/runtime/validate-payment.lambda').shutdown();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  await require('../../src/validation/runtime/relay-transaction-log.lambda').shutdown();
  capture.stop();
  await db?.end();
  await s3.stop();
});

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

describe('validate-payment handler', () => {
  test('accepts a valid payment: 200 after commit, row with last four + fingerprint, its log record in the outbox', async () => {
    const req = payment();
    const res = await validate(req);
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body);
    expect(body).toEqual({ paymentId: req.paymentId, status: 'VALID', cardLast4: req.card.number.slice(-4), decidedAt: expect.any(String) });
    const [row] = await rowsOf(req.paymentId);
    expect(row).toMatchObject({ outcome: 'VALID', decline_reason: null, status_code: 200, card_last4: req.card.number.slice(-4), amount_minor: '1999', currency: 'USD' });
    expect(row.card_fingerprint).toHaveLength(32);
    expect(row.response_body).toBe(res.body);
    expect(row.decided_at.toISOString()).toBe(body.decidedAt);
    // The request path writes no S3 object: the record is committed with the decision, the relay delivers it.
    const outbox = (await db.query(`SELECT record, batch_id FROM ${SCHEMA}.transaction_log_outbox WHERE payment_id = $1`, [req.paymentId])).rows[0];
    expect(outbox).toMatchObject({ batch_id: null });
    expect(JSON.parse(outbox.record)).toEqual({
      type: 'payment-validation-decision',
      version: 1,
      paymentId: req.paymentId,
      merchantId: req.merchantId,
      amount: 1999,
      currency: 'USD',
      cardLast4: req.card.number.slice(-4),
      cardFingerprint: row.card_fingerprint.toString('hex'),
      outcome: 'VALID',
      reason: null,
      statusCode: 200,
      decidedAt: body.decidedAt,
      region: 'us-east-1',
    });
  });

  test('same id + same request returns the first response byte for byte (any key order)', async () => {
    const req = payment();
    const first = await validate(req);
    await sleep(5);
    const second = await validate(req);
    const { paymentId, merchantId, amount, currency, card } = req;
    const reordered = await validate(JSON.parse(JSON.stringify({ card: { ...card }, currency, amount, merchantId, paymentId })));
    expect(second).toEqual(first);
    expect(reordered).toEqual(first);
    expect(await rowsOf(req.paymentId)).toHaveLength(1);
  });

  test('same id + different request is a 409 conflict and changes nothing', async () => {
    const req = payment();
    const first = await validate(req);
    const conflict = await validate({ ...req, amount: req.amount + 1 });
    expect(conflict.statusCode).toBe(409);
    expect(JSON.parse(conflict.body)).toEqual({ error: 'IDEMPOTENCY_CONFLICT', paymentId: req.paymentId });
    const otherCard = await validate({ ...req, card: { ...req.card, number: makePan() } });
    expect(otherCard.statusCode).toBe(409);
    expect((await rowsOf(req.paymentId))[0].response_body).toBe(first.body);
  });

  test('malformed requests are 400 and never recorded', async () => {
    const req = payment({ amount: 19.99 });
    const res = await validate(req);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: 'MALFORMED_REQUEST', errors: [{ field: 'amount', problem: 'must be an integer number of minor units' }] });
    expect(await rowsOf(req.paymentId)).toHaveLength(0);
    // The corrected request with the same id is then processed normally.
    expect((await validate({ ...req, amount: 1999 })).statusCode).toBe(200);
  });

  test.each([
    ['UNSUPPORTED_CURRENCY', { currency: 'XTS' }, {}],
    ['AMOUNT_OVER_LIMIT', { amount: 5_000_001 }, {}],
    ['AMOUNT_OVER_LIMIT', { currency: 'JPY', amount: 1_000_001 }, {}],
    ['CARD_NUMBER_INVALID', {}, { number: '4111111111111112' }],
    ['CARD_EXPIRED', {}, { expiryMonth: 1, expiryYear: 2020 }],
  ])('declines %s with 422, records it and replays it', async (reason, overrides, card) => {
    const req = payment(overrides, card);
    const res = await validate(req);
    expect(res.statusCode).toBe(422);
    expect(JSON.parse(res.body)).toMatchObject({ paymentId: req.paymentId, status: 'DECLINED', reason });
    expect(await rowsOf(req.paymentId)).toMatchObject([{ outcome: 'DECLINED', decline_reason: reason, status_code: 422 }]);
    expect(await validate(req)).toEqual(res);
  });

  test('velocity: at most 3 accepted payments per card in the window; declines do not count', async () => {
    const number = makePan('5');
    const statuses: number[] = [];
    expect((await validate(payment({ amount: 9_999_999 }, { number }))).statusCode).toBe(422); // over limit: not counted
    for (let i = 0; i < 4; i++) {
      statuses.push((await validate(payment({}, { number }))).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 422]);
    const declined = await validate(payment({}, { number }));
    expect(JSON.parse(declined.body).reason).toBe('VELOCITY_LIMIT_EXCEEDED');
    // Another card is not affected.
    expect((await validate(payment())).statusCode).toBe(200);
  });

  test('velocity window: payments older than the window do not count', async () => {
    const number = makePan('5');
    for (let i = 0; i < 3; i++) expect((await validate(payment({}, { number }))).statusCode).toBe(200);
    // Age the accepted payments of this card beyond the 3600 s window.
    const fp = createHmac('sha256', FINGERPRINT_KEY).update('card\u0000').update(number).digest();
    await db.query(`UPDATE ${SCHEMA}.payments SET decided_at = decided_at - interval '3601 seconds' WHERE card_fingerprint = $1`, [fp]);
    expect((await validate(payment({}, { number }))).statusCode).toBe(200);
  });
});

describe('concurrency', () => {
  test('20 concurrent submissions of one request: exactly one row, 20 identical 200 responses', async () => {
    const req = payment();
    const responses = await Promise.all(Array.from({ length: 20 }, () => validate(req)));
    expect(new Set(responses.map((r) => `${r.statusCode} ${r.body}`)).size).toBe(1);
    expect(responses[0].statusCode).toBe(200);
    expect(await rowsOf(req.paymentId)).toHaveLength(1);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.transaction_log_outbox WHERE payment_id = $1`, [req.paymentId]);
    expect(rows[0].n).toBe(1);
  });

  test('20 concurrent different requests with one id: exactly one row, one 200 and 19 conflicts', async () => {
    const paymentId = uniqueId('race');
    const requests = Array.from({ length: 20 }, (_, i) => payment({ paymentId, amount: 1000 + i }));
    const responses = await Promise.all(requests.map((r) => validate(r)));
    const rows = await rowsOf(paymentId);
    expect(rows).toHaveLength(1);
    expect(responses.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.statusCode === 409)).toHaveLength(19);
    const winner = responses.findIndex((r) => r.statusCode === 200);
    expect(rows[0].amount_minor).toBe(String(requests[winner].amount));
    expect(rows[0].response_body).toBe(responses[winner].body);
  });

  test('velocity is counted transactionally: 10 concurrent payments of one card give exactly 3 accepted', async () => {
    const number = makePan('4');
    const responses = await Promise.all(Array.from({ length: 10 }, () => validate(payment({}, { number }))));
    expect(responses.filter((r) => r.statusCode === 200)).toHaveLength(3);
    expect(responses.filter((r) => r.statusCode === 422 && JSON.parse(r.body).reason === 'VELOCITY_LIMIT_EXCEEDED')).toHaveLength(7);
  });
});

describe('transaction-log relay', () => {

  /** The NDJSON objects in S3: key -> parsed records. */
  function logObjects(): Map<string, any[]> {
    const result = new Map<string, any[]>();
    for (const [key, body] of s3.objects()) {
      if (key.endsWith('.ndjson')) result.set(key, body.trimEnd().split('\n').map((line) => JSON.parse(line)));
    }
    return result;
  }

  test('writes every pending record once, as NDJSON batches under the prefix, then empties the outbox', async () => {
    const requests = [payment(), payment({ amount: 9_999_999 }), payment()];
    const responses = [];
    for (const r of requests) responses.push(await validate(r));
    const before = new Set(s3.objects().keys());

    const result = await relay();
    expect(result).toMatchObject({ failed: 0, pending: 0, oldestPendingSeconds: 0 });
    expect(result.written).toBeGreaterThanOrEqual(3);
    expect(result.batches).toBeGreaterThanOrEqual(1);
    const created = [...logObjects()].filter(([key]) => !before.has(key));
    expect(created.length).toBe(result.batches);
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
    for (const [key] of created) expect(key).toMatch(new RegExp(`^validation/${day}/\\d{2}/us-east-1-\\d{12}-[0-9a-f]{8}\\.ndjson$`));
    const records = created.flatMap(([, recs]) => recs);
    expect(records).toHaveLength(result.written);
    for (const [i, r] of requests.entries()) {
      const mine = records.filter((x) => x.paymentId === r.paymentId);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ outcome: i === 1 ? 'DECLINED' : 'VALID', reason: i === 1 ? 'AMOUNT_OVER_LIMIT' : null, decidedAt: JSON.parse(responses[i].body).decidedAt });
    }
    // The batches are recorded (key, count, logged) and their records left the outbox; the decisions stay.
    const { rows: batches } = await db.query(
      `SELECT object_key, record_count, logged_at FROM ${SCHEMA}.transaction_log_batches WHERE object_key = ANY($1)`,
      [created.map(([key]) => key)],
    );
    expect(batches).toHaveLength(created.length);
    for (const batch of batches) {
      expect(batch.logged_at).not.toBeNull();
      expect(batch.record_count).toBe(logObjects().get(batch.object_key)!.length);
    }
    const ids = requests.map((r) => r.paymentId);
    expect((await db.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.transaction_log_outbox`)).rows[0].n).toBe(0);
    expect((await db.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.payments WHERE payment_id = ANY($1)`, [ids])).rows[0].n).toBe(3);
    // Nothing left: a second run writes nothing.
    expect(await relay()).toEqual({ written: 0, batches: 0, failed: 0, pending: 0, oldestPendingSeconds: 0 });
  });

  test('a run stops claiming batches when the invocation is out of time (Lambda context), and reports the backlog', async () => {
    expect((await validate(payment())).statusCode).toBe(200);
    const outOfTime = await relayHandler(SCHEDULED_EVENT, { getRemainingTimeInMillis: () => 0 });
    expect(outOfTime).toMatchObject({ written: 0, batches: 0, failed: 0, pending: 1 });
    expect(outOfTime.oldestPendingSeconds).toBeGreaterThanOrEqual(0);
    expect(await relayHandler(SCHEDULED_EVENT, { getRemainingTimeInMillis: () => 10_000 })).toMatchObject({ written: 1, batches: 1, pending: 0 });
  });

  test('S3 down: payments are still accepted; the batch stays pending and the next run writes the same key', async () => {
    await s3.stop();
    const req = payment();
    let res;
    let whileDown;
    try {
      res = await validate(req);
      whileDown = await relay();
    } finally {
      await s3.start();
    }
    expect(res.statusCode).toBe(200);
    expect(whileDown).toMatchObject({ written: 0, batches: 0, failed: 1, pending: 1 });
    const before = (await db.query(
      `SELECT b.batch_id, b.object_key, b.attempts, b.last_error, b.logged_at FROM ${SCHEMA}.transaction_log_outbox o JOIN ${SCHEMA}.transaction_log_batches b USING (batch_id) WHERE o.payment_id = $1`,
      [req.paymentId],
    )).rows[0];
    expect(before).toMatchObject({ attempts: 1, logged_at: null, last_error: expect.stringMatching(/ECONNREFUSED|connect/) });
    expect(s3.objects().has(before.object_key)).toBe(false);
    // The replay is answered from the database (the first response).
    expect(await validate(req)).toEqual(res);

    const after = await relay();
    expect(after).toMatchObject({ written: 1, batches: 1, failed: 0, pending: 0 });
    expect(logObjects().get(before.object_key)).toEqual([expect.objectContaining({ paymentId: req.paymentId, outcome: 'VALID' })]);
    const batch = (await db.query(`SELECT attempts, logged_at, last_error FROM ${SCHEMA}.transaction_log_batches WHERE batch_id = $1`, [before.batch_id])).rows[0];
    expect(batch).toMatchObject({ attempts: 2, last_error: null });
    expect(batch.logged_at).not.toBeNull();
  });

  describe('batches in the database', () => {
    let pool: Pool;
    beforeAll(() => {
      pool = new Pool({ max: 6 });
    });
    afterAll(() => pool.end());

    test('a batch whose lease expired is retried with the same key and the same bytes', async () => {
      for (let i = 0; i < 5; i++) expect((await validate(payment())).statusCode).toBe(200);
      const options = { keyPrefix: 'validation/', region: 'us-east-1', maxRecords: 3, leaseSeconds: 60 };
      const first = await nextBatch(pool, options);
      expect(first).toMatchObject({ recordCount: 3 });
      // Leased: another run takes the next records, not this batch.
      const second = await nextBatch(pool, options);
      expect(second!.batchId).not.toBe(first!.batchId);
      expect(second!.recordCount).toBe(2);
      await db.query(`UPDATE ${SCHEMA}.transaction_log_batches SET lease_until = now() - interval '1 second' WHERE batch_id = $1`, [first!.batchId]);
      const retried = await nextBatch(pool, options);
      expect(retried).toEqual(first);
      expect(first!.body.endsWith('\n')).toBe(true);
      expect(first!.body.trimEnd().split('\n').map((l) => JSON.parse(l).type)).toEqual(Array(3).fill('payment-validation-decision'));
      await markBatchLogged(pool, first!.batchId);
      await markBatchLogged(pool, second!.batchId);
      expect(await outboxBacklog(pool)).toEqual({ pending: 0, oldestPendingSeconds: 0 });
    });

    test('concurrent relays: every record in exactly one batch, no batch handed to two relays', async () => {
      const ids: string[] = [];
      await Promise.all(Array.from({ length: 4 }, async () => {
        for (let i = 0; i < 60; i++) {
          const req = payment();
          ids.push(req.paymentId);
          expect((await validate(req)).statusCode).toBe(200);
        }
      }));
      const handed: string[] = [];
      const seen: string[] = [];
      await Promise.all(Array.from({ length: 5 }, async () => {
        for (;;) {
          const batch = await nextBatch(pool, { keyPrefix: 'validation/', region: 'us-east-1', maxRecords: 7, leaseSeconds: 60 });
          if (!batch) return;
          handed.push(batch.batchId);
          seen.push(...batch.body.trimEnd().split('\n').map((l) => JSON.parse(l).paymentId));
          await markBatchLogged(pool, batch.batchId);
        }
      }));
      expect(new Set(handed).size).toBe(handed.length);
      expect(seen).toHaveLength(new Set(seen).size);
      expect(new Set(seen)).toEqual(new Set(ids));
      expect(await outboxBacklog(pool)).toEqual({ pending: 0, oldestPendingSeconds: 0 });
    });
  });
});

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
    try {
      await cr(event('Create') as any);
    } finally {
      process.env.PGPORT = port;
    }
    expect(received[0].body).toMatchObject({ Status: 'FAILED', Reason: expect.stringContaining('ECONNREFUSED') });
  });
});

describe('property: generated requests through the handler and PostgreSQL', () => {
  test('3,000 valid/malformed requests: never a crash or 500, never an invalid request recorded as valid', async () => {
    const seed = Date.now() % 2 ** 31;
    const samples = fc.sample(requestArb, { numRuns: 3_000, seed }).map((input) => {
      // Unique ids for well-formed paymentIds (a collision would be an idempotency case, tested above).
      const event = JSON.parse(JSON.stringify(input ?? null));
      if (event && typeof event === 'object' && !Array.isArray(event) && typeof event.paymentId === 'string' && /^[A-Za-z0-9]/.test(event.paymentId)) {
        event.paymentId = uniqueId('prop');
      }
      for (const run of digitRunsOf(event)) usedPans.add(run);
      return event;
    });
    const results: Array<{ event: any; statusCode: number; body: string }> = new Array(samples.length);
    let next = 0;
    const worker = async () => {
      while (next < samples.length) {
        const i = next++;
        const res = await handler(samples[i]);
        results[i] = { event: samples[i], statusCode: res.statusCode, body: res.body };
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));

    const now = new Date();
    const context = `fast-check seed ${seed}`;
    const counts = new Map<number, number>();
    for (const r of results) {
      counts.set(r.statusCode, (counts.get(r.statusCode) ?? 0) + 1);
      const expected = oracle(r.event, now, ISO_4217_MINOR_UNITS);
      if (expected === 'MALFORMED') {
        expect({ context, status: r.statusCode }).toEqual({ context, status: 400 });
      } else if (expected === 'OK') {
        expect({ context, ok: [200, 422].includes(r.statusCode) }).toEqual({ context, ok: true });
        if (r.statusCode === 422) expect(JSON.parse(r.body).reason).toBe('VELOCITY_LIMIT_EXCEEDED');
      } else {
        expect({ context, status: r.statusCode, reason: JSON.parse(r.body).reason }).toEqual({ context, status: 422, reason: expected });
      }
    }
    expect(counts.get(500)).toBeUndefined();
    expect(counts.get(503)).toBeUndefined();
    expect(counts.get(200)).toBeGreaterThan(300);
    expect(counts.get(400)).toBeGreaterThan(300);
    // Nothing invalid is stored as VALID; malformed requests are not stored at all.
    const ids = results.filter((r) => typeof r.event?.paymentId === 'string').map((r) => r.event.paymentId);
    const { rows } = await db.query(`SELECT payment_id, outcome FROM ${SCHEMA}.payments WHERE payment_id = ANY($1)`, [ids]);
    const stored = new Map(rows.map((row) => [row.payment_id, row.outcome]));
    for (const r of results) {
      const outcome = typeof r.event?.paymentId === 'string' ? stored.get(r.event.paymentId) : undefined;
      const expected = oracle(r.event, now, ISO_4217_MINOR_UNITS);
      if (outcome === 'VALID') expect({ context, expected }).toEqual({ context, expected: 'OK' });
      if (expected === 'MALFORMED' && r.statusCode === 400 && typeof r.event?.paymentId === 'string' && r.event.paymentId.startsWith('prop-')) {
        expect(outcome).toBeUndefined();
      }
    }
  });
});

describe('card number in sinks', () => {
  test('no card number in the logger output, metrics output, any database row or any S3 object', async () => {
    // Requests that put a card number where it does not belong too.
    const pan = makePan('4', 16);
    await validate(payment({}, { number: pan }));
    await validate(payment({ merchantId: pan }));
    await validate(payment({ [pan]: 'x' }));
    await validate(payment({ amount: pan }));
    await validate(payment({}, { number: `${pan}x` }));
    usedPans.add(pan);

    const output = capture.text;
    // The sinks are really captured: decisions are logged and metrics are flushed (EMF) in this output.
    expect(output).toContain('"message":"payment decided"');
    expect(output).toContain('"_aws"');
    expect(output).toContain('PaymentsAccepted');
    const dbText = await allDatabaseText(db);
    expect(dbText).toContain(pan.slice(-4));
    // Every record pending so far goes to S3.
    expect(await relay()).toMatchObject({ failed: 0, pending: 0 });
    const s3Text = s3.allFilesText();
    expect(s3Text).toContain(pan.slice(-4));
    expect(s3Text.split('"type":"payment-validation-decision"').length - 1).toBeGreaterThan(1000);
    expect(usedPans.size).toBeGreaterThan(1000);
    expect(findPans(output, usedPans)).toEqual([]);
    expect(findPans(dbText, usedPans)).toEqual([]);
    expect(findPans(s3Text, usedPans)).toEqual([]);
    expect(output).not.toContain(FINGERPRINT_KEY);
  });
});

describe('database restarted mid-run', () => {
  test('no acknowledged payment lost, 503 while down, no false valid, retries converge', async () => {
    const sent = new Map<string, Record<string, any>>();
    const log: Array<{ id: string; statusCode: number; body: string; phase: string }> = [];
    let phase = 'before';
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const req = payment();
        sent.set(req.paymentId, req);
        const res = await validate(req);
        log.push({ id: req.paymentId, statusCode: res.statusCode, body: res.body, phase });
        await sleep(phase === 'down' ? 20 : 2);
      }
    };
    const workers = [worker(), worker(), worker(), worker()];
    await sleep(500);
    phase = 'going-down';
    await serverControl('down');
    phase = 'down';
    await sleep(700);
    // The scheduled relay does not fail the invocation while the database is unreachable (e.g. in the standby).
    const relayWhileDown = await relay();
    expect(relayWhileDown).toEqual({ written: 0, batches: 0, failed: 0, pending: -1, oldestPendingSeconds: -1 });
    await sleep(800);
    phase = 'coming-up';
    await serverControl('up');
    phase = 'after';
    await sleep(1500);
    stop = true;
    await Promise.all(workers);
    await db.end().catch(() => undefined);
    db = await pgClient(); // the previous connection died with the server

    // Only 200 (committed) or 503 (retryable); 503 says it is retryable and never "VALID".
    expect(new Set(log.map((l) => l.statusCode))).toEqual(new Set([200, 503]));
    for (const l of log.filter((x) => x.statusCode === 503)) {
      expect(JSON.parse(l.body)).toMatchObject({ error: 'DATABASE_UNAVAILABLE', retryable: true });
    }
    expect(log.filter((l) => l.phase === 'down').every((l) => l.statusCode === 503)).toBe(true);
    expect(log.filter((l) => l.phase === 'down').length).toBeGreaterThan(0);
    expect(log.filter((l) => l.phase === 'before' && l.statusCode === 200).length).toBeGreaterThan(0);
    expect(log.filter((l) => l.phase === 'after' && l.statusCode === 200).length).toBeGreaterThan(0);

    // Every acknowledged payment is in the database, with the acknowledged body.
    const acknowledged = log.filter((l) => l.statusCode === 200);
    const ids = acknowledged.map((l) => l.id);
    const { rows } = await db.query(`SELECT payment_id, outcome, response_body FROM ${SCHEMA}.payments WHERE payment_id = ANY($1)`, [ids]);
    const byId = new Map(rows.map((r) => [r.payment_id, r]));
    for (const l of acknowledged) {
      expect(byId.get(l.id)).toEqual({ payment_id: l.id, outcome: 'VALID', response_body: l.body });
    }
    // A client retrying its 503s with the same request gets exactly one decision each.
    const retried = log.filter((l) => l.statusCode === 503);
    for (const l of retried) {
      const res = await validate(sent.get(l.id)!);
      expect(res.statusCode).toBe(200);
    }
    const all = await db.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.payments WHERE payment_id = ANY($1)`, [[...sent.keys()]]);
    expect(all.rows[0].n).toBe(new Set(log.map((l) => l.id)).size);
  });
});
