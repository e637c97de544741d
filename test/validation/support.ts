/**
 * Test support of the validation handler tests: the real PostgreSQL (libpq PG* variables, required), a local
 * S3-compatible server (s3rver) on a random loopback port, output capture and card numbers.
 */
import { execFile } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { Client, ClientConfig } from 'pg';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver');

export const BUCKET = 'transaction-log-test';
export const FINGERPRINT_KEY = 'test-fingerprint-key-0123456789abcdef0123456789';

/** Fail (never skip) when no PostgreSQL is configured. */
export function requirePostgres(): void {
  if (!process.env.PGHOST) {
    throw new Error(
      'PGHOST is not set: the handler tests need a PostgreSQL server. Run them with ' +
        '`bash scripts/with-postgres.sh npx jest test/validation` (it starts a throwaway server).',
    );
  }
}

export async function pgClient(config: ClientConfig = {}): Promise<Client> {
  requirePostgres();
  const client = new Client(config);
  // The restart test stops the server under this client: its error event must not crash the test process.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** A local S3 server whose data survives a stop/start on the same port (an "S3 outage"). */
export class LocalS3 {
  public readonly directory = fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-'));
  public port = 0;
  private server: any;

  public async start(): Promise<void> {
    this.server = new S3rver({
      address: '127.0.0.1',
      port: this.port,
      silent: true,
      directory: this.directory,
      configureBuckets: [{ name: BUCKET }],
    });
    const address = await this.server.run();
    this.port = address.port;
  }

  public async stop(): Promise<void> {
    if (this.server) {
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server = undefined;
    }
  }

  public get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Every stored file (objects and their metadata) as text. */
  public allFilesText(): string {
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else out.push(`${full}\n${fs.readFileSync(full, 'utf-8')}`);
      }
    };
    walk(this.directory);
    return out.join('\n');
  }

  /** Stored objects of the bucket: key -> body. */
  public objects(): Map<string, string> {
    const root = path.join(this.directory, BUCKET);
    const result = new Map<string, string>();
    const walk = (dir: string) => {
      if (!fs.existsSync(dir)) return;
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {walk(full);} else if (full.endsWith('._S3rver_object')) {
          result.set(path.relative(root, full).slice(0, -'._S3rver_object'.length), fs.readFileSync(full, 'utf-8'));
        }
      }
    };
    walk(root);
    return result;
  }
}

/** Environment of the handler for tests (S3 through AWS_ENDPOINT_URL_S3; PG* already set by with-postgres.sh). */
export function setHandlerEnv(s3: LocalS3, extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: 'us-east-1',
    CARD_FINGERPRINT_KEY: FINGERPRINT_KEY,
    LOG_BUCKET_NAME: BUCKET,
    LOG_KEY_PREFIX: 'validation/',
    CURRENCY_LIMITS: JSON.stringify({ USD: 5_000_000, JPY: 1_000_000 }),
    VELOCITY_MAX_PAYMENTS: '3',
    VELOCITY_WINDOW_SECONDS: '3600',
    DB_POOL_MAX: '10',
    POWERTOOLS_SERVICE_NAME: 'payment-validation-test',
    POWERTOOLS_METRICS_NAMESPACE: 'PaymentValidationTest',
    ...extra,
  });
}

/** Capture everything written to stdout/stderr (Powertools logger and metrics write there) and the console. */
export class OutputCapture {
  private chunks: string[] = [];
  private restores: Array<() => void> = [];

  public start(): this {
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      (stream as any).write = (chunk: any, ...rest: any[]) => {
        this.chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf-8'));
        const cb = rest.find((r) => typeof r === 'function');
        if (cb) cb();
        return true;
      };
      this.restores.push(() => ((stream as any).write = original));
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        this.chunks.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      });
      this.restores.push(() => spy.mockRestore());
    }
    return this;
  }

  public stop(): string {
    for (const restore of this.restores.reverse()) restore();
    this.restores = [];
    return this.text;
  }

  public get text(): string {
    return this.chunks.join('');
  }
}

/** A Luhn-valid card number of `length` digits starting with `prefix` (random middle digits). */
export function makePan(prefix = '4', length = 16): string {
  let body = prefix;
  while (body.length < length - 1) {
    body += String(randomBytes(1)[0] % 10);
  }
  return body + luhnCheckDigit(body);
}

export function luhnCheckDigit(body: string): string {
  let sum = 0;
  let double = true;
  for (let i = body.length - 1; i >= 0; i--) {
    let d = body.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A unique id (base64url: never 12 consecutive digits, which ids reject as card-number-like). */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(9).toString('base64url')}`;
}

export function payment(overrides: Record<string, unknown> = {}, card: Record<string, unknown> = {}): Record<string, any> {
  return {
    paymentId: uniqueId('pay'),
    merchantId: 'merchant-1',
    amount: 1999,
    currency: 'USD',
    card: { number: makePan(), expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, ...card },
    ...overrides,
  };
}

/** Run scripts/postgres.sh down|up (PG_TEST_SERVER_CONTROL), asynchronously so in-flight requests keep running. */
export async function serverControl(action: 'down' | 'up'): Promise<void> {
  const control = process.env.PG_TEST_SERVER_CONTROL;
  if (!control) {
    throw new Error('PG_TEST_SERVER_CONTROL is not set: run the tests with `bash scripts/with-postgres.sh npx jest test/validation`');
  }
  await promisify(execFile)('bash', [control, action], { env: process.env });
}

/**
 * Every digit run of 12+ characters in `text`, to search many card numbers at once: a PAN occurs in the text iff
 * it is a substring of one of these runs.
 */
export function panCandidates(text: string): string[] {
  return text.match(/[0-9]{12,}/g) ?? [];
}

export function findPans(text: string, pans: Iterable<string>): string[] {
  const runs = panCandidates(text);
  const found: string[] = [];
  for (const pan of pans) {
    if (runs.some((r) => r.includes(pan))) found.push(pan);
  }
  return found;
}

/** Every row of every table of the validation schema, as text. */
export async function allDatabaseText(client: Client): Promise<string> {
  const { rows: tables } = await client.query(
    "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
  );
  const parts: string[] = [];
  for (const t of tables) {
    const { rows } = await client.query(`SELECT t::text AS row FROM "${t.table_schema}"."${t.table_name}" t`);
    for (const r of rows) parts.push(r.row); // no spread: a database reused across runs has more rows than arguments fit
  }
  return parts.join('\n');
}
