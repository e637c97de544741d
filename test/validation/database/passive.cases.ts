/**
 * Database cases: a passive region. Before promotion the standby's database is the read-only Aurora secondary: every
 * write gets SQLSTATE 25006 (read_only_sql_transaction), as a `default_transaction_read_only` session of the real
 * PostgreSQL does here. The validation answers 503 with a retryable reason and never 200 for a new payment; the relay
 * skips its run without failing.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { Pool } from 'pg';
import { rowsOf, s3, track, validate } from './harness';
import { powertools } from '../../../src/validation/runtime/handler-support';
import { TransactionLogRelay } from '../../../src/validation/runtime/relay';
import { rulesConfigFromEnv } from '../../../src/validation/runtime/runtime-config';
import { PaymentValidationService } from '../../../src/validation/runtime/service';
import { BUCKET, FINGERPRINT_KEY, payment } from '../support';

/** A pool whose sessions are read-only, like every session on an Aurora secondary cluster before promotion. */
function readOnlyPool(): Pool {
  const pool = new Pool({ max: 2, options: '-c default_transaction_read_only=on' });
  pool.on('error', () => undefined);
  return pool;
}

export function passiveRegionCases(): void {
  describe('a passive region (read-only database)', () => {
    let pool: Pool;
    let service: PaymentValidationService;
    beforeAll(() => {
      pool = readOnlyPool();
      const { logger, metrics } = powertools();
      service = new PaymentValidationService({
        pool, fingerprintKey: Buffer.from(FINGERPRINT_KEY), rules: rulesConfigFromEnv(), region: 'us-west-2', logger, metrics,
      });
    });
    afterAll(() => service.close());

    test('the session really is read-only: a write fails with SQLSTATE 25006', async () => {
      await expect(pool.query('CREATE TEMP TABLE passive_probe (x int)')).rejects.toMatchObject({ code: '25006' });
    });

    test('a new payment is answered 503 REGION_PASSIVE (retryable), never 200, and nothing is recorded', async () => {
      const req = track(payment());
      const res = await service.validate(req);
      expect(res.statusCode).toBe(503);
      expect(JSON.parse(res.body)).toEqual({ error: 'REGION_PASSIVE', retryable: true, paymentId: req.paymentId });
      expect(await rowsOf(req.paymentId)).toEqual([]);
    });

    test('a declined payment is not recorded either: 503, not 422', async () => {
      const req = track(payment({ currency: 'XXX' }));
      const res = await service.validate(req);
      expect(res.statusCode).toBe(503);
      expect(JSON.parse(res.body).error).toBe('REGION_PASSIVE');
    });

    test('the same payment is accepted once the database takes writes (after promotion), with the same id', async () => {
      const req = track(payment());
      expect((await service.validate(req)).statusCode).toBe(503);
      const res = await validate(req);
      expect(res.statusCode).toBe(200);
      expect(await rowsOf(req.paymentId)).toHaveLength(1);
    });

    test('the relay skips its run in the passive region: no error, nothing claimed', async () => {
      const { logger, metrics } = powertools();
      const relay = new TransactionLogRelay({
        pool: readOnlyPool(),
        s3: new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1' }),
        bucketName: BUCKET,
        keyPrefix: 'validation/',
        region: 'us-west-2',
        logger,
        metrics,
      });
      try {
        await expect(relay.run()).resolves.toEqual({ written: 0, batches: 0, failed: 0, pending: -1, oldestPendingSeconds: -1 });
      } finally {
        await relay.close();
      }
    });
  });
}
