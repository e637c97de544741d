/** Database cases: the transaction-log relay handler and the batches in the database. */
import { createHash } from 'crypto';
import { Pool } from 'pg';
import { db, relay, relayHandler, s3, SCHEDULED_EVENT, validate } from './harness';
import { powertools } from '../../../src/validation/runtime/handler-support';
import { SCHEMA } from '../../../src/validation/runtime/migrations';
import { TransactionLogRelay } from '../../../src/validation/runtime/relay';
import { relayS3Client } from '../../../src/validation/runtime/relay-transaction-log.lambda';
import { markBatchLogged, nextBatch, outboxBacklog } from '../../../src/validation/runtime/repository';
import { payment } from '../support';

export function relayCases(): void {
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

    test('Object Lock: a failed batch is re-written with the same key, the same bytes and the same SHA-256 checksum', async () => {
      // What the relay's S3 client sends: every PUT, with its checksum headers and body, as it leaves the client.
      const puts: Array<{ path: string; body: string; headers: Record<string, string> }> = [];
      const client = relayS3Client(process.env);
      client.middlewareStack.add((next: any) => async (args: any) => {
        if (args.request?.method === 'PUT') puts.push({ path: args.request.path, body: String(args.request.body), headers: { ...args.request.headers } });
        return next(args);
      }, { step: 'finalizeRequest', name: 'capturePuts' });
      const pool = new Pool({ max: 2 });
      const { logger, metrics } = powertools();
      const relayOf = new TransactionLogRelay({ pool, s3: client, bucketName: 'transaction-log-test', keyPrefix: 'validation/', region: 'us-east-1', logger, metrics });
      try {
        const req = payment();
        expect((await validate(req)).statusCode).toBe(200);
        await s3.stop();
        let failed;
        try {
          failed = await relayOf.run();
        } finally {
          await s3.start();
        }
        expect(failed).toMatchObject({ written: 0, failed: 1 });
        expect(puts.length).toBeGreaterThanOrEqual(1);
        const attempted = puts.length;
        expect(await relayOf.run()).toMatchObject({ written: 1, batches: 1, failed: 0, pending: 0 });
        expect(puts.length).toBeGreaterThan(attempted);

        // Every attempt (the failed ones and the one that succeeded) is the same object: key, bytes, checksum.
        expect(new Set(puts.map((p) => p.path)).size).toBe(1);
        expect(new Set(puts.map((p) => p.body)).size).toBe(1);
        const sha256 = createHash('sha256').update(puts[0].body).digest('base64');
        for (const p of puts) {
          expect(p.headers['x-amz-sdk-checksum-algorithm']).toBe('SHA256');
          expect(p.headers['x-amz-checksum-sha256']).toBe(sha256);
        }
        const key = decodeURIComponent(puts[0].path.replace(/^\/transaction-log-test\//, ''));
        expect(logObjects().get(key)).toEqual([expect.objectContaining({ paymentId: req.paymentId })]);
        expect(s3.objects().get(key)).toBe(puts[0].body);
      } finally {
        client.destroy();
        await pool.end();
      }
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
}
