/**
 * Benchmark of the payment validation handler (run by hand, not a test):
 *
 *   npx projen bundle
 *   PG_TEST_PORT=55440 bash scripts/with-postgres.sh node --import tsx benchmarks/validation.ts
 *
 * Prints: pure-rule throughput; handler throughput and p50/p99 latency at concurrency 1 and 8 against the local
 * PostgreSQL (the bundled handler from assets/, as configured by the construct: a pool of 2 connections unless
 * DB_POOL_MAX is set); the throughput of the transaction-log relay draining what those runs recorded to a local
 * s3rver (`--s3-stub`: an in-process stub answering 200); bundle size; cold `require` time of the bundle. Targets (2-core machine): p99 <= 10 ms at concurrency 8, >= 1,000 payments/s, bundle <= 500 KB,
 * cold require <= 150 ms. Figures go to docs/validation.md.
 */
import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { Client } from 'pg';
import { migrate } from '../src/validation/runtime/migrations';
import { evaluateStatelessRules, parseRequest } from '../src/validation/runtime/rules';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver');

const ROOT = path.resolve(__dirname, '..');
const BUNDLE = path.join(ROOT, 'assets/validation/runtime/validate-payment.lambda/index.js');
const RELAY_BUNDLE = path.join(ROOT, 'assets/validation/runtime/relay-transaction-log.lambda/index.js');
const TARGETS = { p99Ms: 10, throughput: 1000, bundleKb: 500, coldRequireMs: 150 };

function luhnComplete(body: string): string {
  let sum = 0;
  let dbl = true;
  for (let i = body.length - 1; i >= 0; i--) {
    let d = Number(body[i]);
    if (dbl) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    dbl = !dbl;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/** Run-unique prefix of payment ids (ids must not collide with earlier runs against the same database). */
const RUN = randomBytes(6).toString('base64url');
const CARD_BASE = 400_000_000_000_000 + (randomBytes(4).readUInt32BE() % 100_000) * 1_000_000_000;

/** The i-th request: a unique payment id and a distinct valid card per request. Cheap on purpose (no random
 *  bytes per request): the load generator shares the two cores with the handler and PostgreSQL. */
let sequence = 0;

function request(): Record<string, unknown> {
  const i = sequence++;
  return {
    paymentId: `bench-${RUN}-${i}`,
    merchantId: 'merchant-bench',
    amount: 1 + (i % 100_000),
    currency: i % 3 === 0 ? 'JPY' : 'USD',
    card: { number: luhnComplete(String(CARD_BASE + i)), expiryMonth: 1 + (i % 12), expiryYear: new Date().getUTCFullYear() + 2 },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function pureRules(): string {
  const inputs = Array.from({ length: 50_000 }, () => JSON.parse(JSON.stringify(request())));
  const config = { currencyLimits: { USD: 5_000_000 }, velocityMaxPayments: 10, velocityWindowSeconds: 3600 };
  const now = new Date();
  for (let i = 0; i < 5_000; i++) parseRequest(inputs[i]); // warm-up
  const start = performance.now();
  let accepted = 0;
  for (let round = 0; round < 4; round++) {
    for (const input of inputs) {
      const r = parseRequest(input);
      if (r.ok && evaluateStatelessRules(r.request, config, now) === undefined) accepted += 1;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  return `pure rules: ${Math.round((inputs.length * 4) / seconds).toLocaleString('en-US')} requests/s (${accepted} accepted)`;
}

/** Cold require time of the bundle in fresh processes; `preloadSdk` loads the AWS SDK clients first (Lambda's
 *  runtime provides them; here they come from node_modules and dominate the time). */
function coldRequire(preloadSdk: boolean): number[] {
  const times: number[] = [];
  const preload = preloadSdk ? "require('@aws-sdk/client-s3');require('@aws-sdk/client-secrets-manager');" : '';
  for (let i = 0; i < 7; i++) {
    const out = execFileSync(process.execPath, [
      '-e',
      `${preload}const t=process.hrtime.bigint();require(${JSON.stringify(BUNDLE)});process.stdout.write('@@'+String(Number(process.hrtime.bigint()-t)/1e6))`,
    ], { cwd: ROOT, env: { ...process.env, POWERTOOLS_SERVICE_NAME: 'bench' }, stdio: ['ignore', 'pipe', 'ignore'] });
    times.push(Number(out.toString().split('@@').pop()));
  }
  return times.sort((a, b) => a - b);
}

async function handlerRun(handler: (e: unknown) => Promise<any>, concurrency: number, total: number) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < total) {
      next++;
      const event = request();
      const t0 = performance.now();
      const res = await handler(event);
      latencies.push(performance.now() - t0);
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    throughput: total / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    statuses: Object.fromEntries(statuses),
  };
}

/** Drain the transaction-log outbox the handler runs filled with the relay function's handler, as the schedule
 *  does (one run after another). */
async function relayAll(handler: (e: unknown) => Promise<any>) {
  const start = performance.now();
  let records = 0;
  let batches = 0;
  for (;;) {
    const r = await handler({ 'source': 'aws.events', 'detail-type': 'Scheduled Event', 'detail': {} });
    if (r.failed > 0 || r.pending < 0) throw new Error(`relay failed: ${JSON.stringify(r)}`);
    records += r.written;
    batches += r.batches;
    if (r.pending === 0) break;
  }
  return { records, batches, seconds: (performance.now() - start) / 1000 };
}

async function main(): Promise<void> {
  if (!process.env.PGHOST) {
    throw new Error('PGHOST is not set: run with `PG_TEST_PORT=55440 bash scripts/with-postgres.sh node --import tsx benchmarks/validation.ts`');
  }
  if (!fs.existsSync(BUNDLE)) {
    throw new Error(`${BUNDLE} not found: run \`npx projen bundle\` first`);
  }
  const lines: string[] = [`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown cpu'}, Node.js ${process.version}`];
  lines.push(pureRules());

  const bundleKb = fs.statSync(BUNDLE).size / 1024;
  lines.push(`bundle: ${bundleKb.toFixed(1)} KB (target <= ${TARGETS.bundleKb} KB) ${bundleKb <= TARGETS.bundleKb ? 'OK' : 'MISSED'}`);
  const own = coldRequire(true);
  const ownMedian = own[Math.floor(own.length / 2)];
  lines.push(`cold require of the bundle (SDK clients preloaded, as the Lambda runtime provides them; 7 runs): median ${ownMedian.toFixed(1)} ms, max ${own[own.length - 1].toFixed(1)} ms (target <= ${TARGETS.coldRequireMs} ms) ${ownMedian <= TARGETS.coldRequireMs ? 'OK' : 'MISSED'}`);
  const all = coldRequire(false);
  lines.push(`cold require including @aws-sdk/client-s3 + client-secrets-manager from node_modules: median ${all[Math.floor(all.length / 2)].toFixed(1)} ms`);

  const db = new Client();
  await db.connect();
  await migrate(db);
  await db.end();
  // S3 for the relay: s3rver (a full local S3 writing files) or a stub answering 200 at once (isolates the relay + database).
  const useStub = process.argv.includes('--s3-stub');
  const s3dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-s3-'));
  let port: number;
  let closeS3: () => Promise<void>;
  if (useStub) {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { ETag: '"bench"' });
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as any).port;
    closeS3 = () => new Promise<void>((r) => server.close(() => r()));
  } else {
    const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3dir, configureBuckets: [{ name: 'bench-log' }] });
    port = (await s3.run()).port;
    closeS3 = () => new Promise<void>((r) => s3.close(() => r()));
  }
  lines.push(`S3 (used by the relay only; the request path makes no S3 call): ${useStub ? 'in-process stub answering 200 (--s3-stub)' : 's3rver (files on disk)'}`);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}`,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: 'us-east-1',
    CARD_FINGERPRINT_KEY: randomBytes(32).toString('hex'),
    LOG_BUCKET_NAME: 'bench-log',
    VELOCITY_MAX_PAYMENTS: '1000',
    VELOCITY_WINDOW_SECONDS: '3600',
    // The pool size the construct gives each function instance (2) unless DB_POOL_MAX is set.
    DB_POOL_MAX: process.env.DB_POOL_MAX ?? '2',
    POWERTOOLS_SERVICE_NAME: 'payment-validation-bench',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(BUNDLE);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const relayMod = require(RELAY_BUNDLE);
  // The handler logs and flushes EMF metrics on stdout per invocation (as in Lambda): serialised, not printed here.
  const write = process.stdout.write.bind(process.stdout);
  (process.stdout as any).write = () => true;
  let c1;
  let c8;
  let relay;
  try {
    await handlerRun(mod.handler, 4, 400); // warm-up: connections, JIT
    c1 = await handlerRun(mod.handler, 1, 5_000);
    c8 = await handlerRun(mod.handler, 8, 20_000);
    relay = await relayAll(relayMod.handler);
    // Every request was a new decision (no replay), so each has exactly one record.
    if (relay.records !== sequence - 50_000) {
      throw new Error(`expected ${sequence - 50_000} transaction-log records, the relay wrote ${relay.records}`);
    }
  } finally {
    (process.stdout as any).write = write;
  }
  for (const [name, r] of [['concurrency 1', c1], ['concurrency 8', c8]] as const) {
    lines.push(
      `handler ${name}: ${Math.round(r.throughput).toLocaleString('en-US')} payments/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, statuses ${JSON.stringify(r.statuses)}`,
    );
  }
  lines.push(
    `transaction-log relay (relay function, S3 = ${useStub ? 'stub' : 's3rver'}): ${relay.records.toLocaleString('en-US')} records in ${relay.batches} objects, ` +
    `${Math.round(relay.records / relay.seconds).toLocaleString('en-US')} records/s`,
  );
  lines.push(`targets at concurrency 8: p99 <= ${TARGETS.p99Ms} ms ${c8.p99 <= TARGETS.p99Ms ? 'OK' : 'MISSED'}, >= ${TARGETS.throughput} payments/s ${c8.throughput >= TARGETS.throughput ? 'OK' : 'MISSED'}`);
  await mod.shutdown();
  await relayMod.shutdown();
  await closeS3();
  fs.rmSync(s3dir, { recursive: true, force: true });
  console.log(lines.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
