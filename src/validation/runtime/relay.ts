/**
 * The transaction-log relay: delivers the outbox that the validation function commits with each decision to the
 * region's log bucket, in batches (one NDJSON object of up to 1,000 records, one JSON line per decision). The relay
 * function (relay-transaction-log.lambda.ts) builds one from the environment; tests and the benchmark call it.
 */
/* eslint-disable import/no-extraneous-dependencies -- runtime module: esbuild bundles pg and Powertools into assets/,
   the Lambda runtime provides @aws-sdk/*; none of them is a dependency of the construct library */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Pool } from 'pg';
import { METRIC } from './metric-names';
import { markBatchFailed, markBatchLogged, nextBatch, outboxBacklog } from './repository';
import { describe, isDatabaseUnavailable } from './runtime-config';

export interface RelayDependencies {
  readonly pool: Pool;
  readonly s3: S3Client;
  readonly bucketName: string;
  /** Key prefix of transaction-log objects, e.g. `validation/` (batches go to `<prefix>YYYY/MM/DD/HH/<region>-<batch>-<nonce>.ndjson`). */
  readonly keyPrefix: string;
  /** The region in the object keys. */
  readonly region: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** What one relay run did. `pending` and `oldestPendingSeconds` are -1 when the database was unreachable. */
export interface RelayResult {
  /** Records written to S3. */
  readonly written: number;
  /** S3 objects (batches) written. */
  readonly batches: number;
  /** Batch writes that failed (retried by the next run, same key and records). */
  readonly failed: number;
  /** Records not yet in S3 after the run. */
  readonly pending: number;
  /** Age of the oldest record not yet in S3, in seconds. */
  readonly oldestPendingSeconds: number;
}

/** Limits of one relay run. */
export interface RelayOptions {
  /** Records per S3 object. @default 1000 */
  readonly maxRecordsPerBatch?: number;
  /** The run stops starting new batches after this many milliseconds. @default 8000 */
  readonly timeBudgetMs?: number;
  /** Batches written at the same time. @default 4 */
  readonly parallelWrites?: number;
}

export class TransactionLogRelay {
  constructor(private readonly deps: RelayDependencies) {}

  /**
   * Deliver the transaction-log outbox to S3: claim a batch of the oldest pending records (or retry an unlogged
   * batch whose lease expired, with the same key and the same bytes), write it as one NDJSON object, mark it
   * logged; repeat (4 writers in parallel) until nothing is pending, a write fails (the next run retries it) or the
   * time budget is spent.
   * Run every minute by the construct's schedule in each region; an operator can run it by invoking the relay
   * function (any event). Concurrent runs are safe: a batch is leased to one run, and rewriting a batch writes the
   * same object.
   */
  public async run(options: RelayOptions = {}): Promise<RelayResult> {
    const { logger, metrics, pool } = this.deps;
    const maxRecords = options.maxRecordsPerBatch ?? 1000;
    const deadline = Date.now() + (options.timeBudgetMs ?? 8_000);
    let written = 0;
    let batches = 0;
    let failed = 0;
    let stop = false;
    // Writers claim and write batches in parallel (S3 latency, not the database, bounds one writer); the first
    // failed write stops them all: S3 is probably down, the next run retries.
    const writer = async () => {
      while (!stop && Date.now() < deadline) {
        const batch = await nextBatch(pool, { keyPrefix: this.deps.keyPrefix, region: this.deps.region, maxRecords, leaseSeconds: 60 });
        if (!batch) {
          return;
        }
        try {
          await this.deps.s3.send(new PutObjectCommand({
            Bucket: this.deps.bucketName,
            Key: batch.objectKey,
            Body: batch.body,
            ContentType: 'application/x-ndjson',
            // The bucket has Object Lock: S3 requires an integrity checksum (Content-MD5 or a flexible checksum)
            // on every PUT, and the client computes only what an operation requires by default. A retried batch
            // has the same bytes, so the same checksum; S3 stores it as a new version, the locked one stays.
            ChecksumAlgorithm: 'SHA256',
          }));
        } catch (error) {
          stop = true;
          failed += 1;
          logger.warn('transaction-log batch not written; the next run retries it', {
            batchId: batch.batchId,
            records: batch.recordCount,
            error: describe(error),
          });
          await markBatchFailed(pool, batch.batchId, describe(error));
          return;
        }
        await markBatchLogged(pool, batch.batchId);
        written += batch.recordCount;
        batches += 1;
      }
    };
    try {
      const outcomes = await Promise.allSettled(Array.from({ length: options.parallelWrites ?? 4 }, writer));
      const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (rejected) {
        throw rejected.reason;
      }
      const backlog = await outboxBacklog(pool);
      metrics.addMetric(METRIC.LOG_RECORDS_WRITTEN, MetricUnit.Count, written);
      metrics.addMetric(METRIC.LOG_WRITE_FAILURES, MetricUnit.Count, failed);
      metrics.addMetric(METRIC.LOG_PENDING, MetricUnit.Count, backlog.pending);
      metrics.addMetric(METRIC.LOG_OLDEST_PENDING_AGE, MetricUnit.Seconds, backlog.oldestPendingSeconds);
      logger.info('transaction-log relay', { written, batches, failed, ...backlog });
      return { written, batches, failed, ...backlog };
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        // The standby region cannot reach the writer before a failover: not a function error (no alarm); the next
        // run retries. A batch claimed before the failure is retried once its lease expires.
        metrics.addMetric(METRIC.DATABASE_UNAVAILABLE, MetricUnit.Count, 1);
        logger.warn('transaction-log relay skipped: database unavailable', { written, batches, failed, error: describe(error) });
        return { written, batches, failed, pending: -1, oldestPendingSeconds: -1 };
      }
      logger.error('transaction-log relay failed', { written, batches, failed, error: describe(error) });
      throw error;
    }
  }

  /** Close the database pool and the S3 client (tests and benchmarks; Lambda freezes the container instead). */
  public async close(): Promise<void> {
    this.deps.s3.destroy();
    await this.deps.pool.end();
  }
}
