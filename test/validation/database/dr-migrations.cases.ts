/**
 * Database cases of the DR states: the schema migration is idempotent when it runs twice and after the writer moves
 * to the other region (a simulated role swap), and it retries connection errors for a bounded time.
 */
import { createServer, Server, Socket } from 'net';
import { db } from './harness';
import { runMigrationsWithRetry } from '../../../src/validation/runtime/migrate-schema.lambda';
import { LATEST_SCHEMA_VERSION, migrate, MIGRATIONS, SCHEMA } from '../../../src/validation/runtime/migrations';
import { pgClient } from '../support';

/** Run `work` with some libpq variables changed (pg reads PG* from process.env when a pool is created). */
async function withPgEnv<T>(vars: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await work();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  }
}

/** A TCP proxy to the test server that accepts connections only once `open()` is called. */
class LateProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  // The real server, read before a test points PGPORT at the proxy.
  private readonly upstreamPort = Number(process.env.PGPORT);
  private readonly upstreamHost = process.env.PGHOST!;
  constructor(public readonly port: number) {}
  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = new Socket();
      this.sockets.add(client).add(upstream);
      upstream.connect(this.upstreamPort, this.upstreamHost);
      client.pipe(upstream).pipe(client);
      const close = () => { client.destroy(); upstream.destroy(); };
      client.on('error', close);
      upstream.on('error', close);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A TCP port nothing listens on (bound once, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function drMigrationCases(): void {
  describe('schema migration in every DR state', () => {
    const suffix = `${process.pid}_${Date.now()}`;
    const database = `drswap_${suffix}`;
    // One login per "region": what the migration of that region's stack connects as, to that region's cluster.
    const regionA = `region_a_${suffix}`;
    const regionB = `region_b_${suffix}`;

    beforeAll(async () => {
      await db.query(`CREATE DATABASE ${database}`);
      for (const role of [regionA, regionB]) {
        await db.query(`CREATE ROLE ${role} LOGIN SUPERUSER`);
      }
    });
    afterAll(async () => {
      await db.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      for (const role of [regionA, regionB]) {
        await db.query(`DROP ROLE IF EXISTS ${role}`);
      }
    });

    test('runs twice, then after a simulated role swap: nothing applied twice, the old writer refused', async () => {
      const asRegion = (role: string, budgetMs: number) => withPgEnv({ PGUSER: role, PGDATABASE: database }, () => runMigrationsWithRetry(budgetMs));
      // Normal: the primary region's stack migrates its own writer, twice (a second deployment).
      expect(await asRegion(regionA, 5_000)).toBe(LATEST_SCHEMA_VERSION);
      expect(await asRegion(regionA, 5_000)).toBe(LATEST_SCHEMA_VERSION);

      // Role swap: the old writer becomes read-only (a secondary), the other region's cluster the writer.
      await db.query(`ALTER ROLE ${regionA} IN DATABASE ${database} SET default_transaction_read_only = on`);
      const started = Date.now();
      await expect(asRegion(regionA, 1_500)).rejects.toMatchObject({ code: '25006' });
      expect(Date.now() - started).toBeLessThan(8_000);
      // The new active region's stack migrates against its writer: the schema is there, nothing is applied again.
      expect(await asRegion(regionB, 5_000)).toBe(LATEST_SCHEMA_VERSION);

      const client = await pgClient({ user: regionB, database });
      try {
        const next = { version: LATEST_SCHEMA_VERSION + 1, name: 'after the swap', sql: `CREATE TABLE ${SCHEMA}.after_swap_probe (a int)` };
        expect(await migrate(client, [...MIGRATIONS, next])).toEqual({ applied: [next.version], version: next.version });
        expect(await migrate(client, [...MIGRATIONS, next])).toEqual({ applied: [], version: next.version });
        const { rows } = await client.query(`SELECT version FROM ${SCHEMA}.schema_migrations ORDER BY version`);
        expect(rows.map((r) => r.version)).toEqual([...MIGRATIONS.map((m) => m.version), next.version]);
      } finally {
        await client.end();
      }
    });

    test('retries connection errors with backoff until the database answers', async () => {
      const proxy = new LateProxy(await freePort());
      const retries: string[] = [];
      const warn = jest.spyOn(console, 'warn').mockImplementation((line: string) => { retries.push(line); });
      const opening = new Promise<void>((resolve) => setTimeout(() => resolve(proxy.open()), 1_500));
      try {
        const version = await withPgEnv({ PGPORT: String(proxy.port), PGDATABASE: database }, () => runMigrationsWithRetry(20_000));
        // The swapped database of the test above: it holds one migration more than the library's.
        expect(version).toBe(LATEST_SCHEMA_VERSION + 1);
        expect(retries.length).toBeGreaterThan(0);
        expect(JSON.parse(retries[0])).toMatchObject({ message: 'schema migration: database unavailable, retrying', attempt: 1 });
      } finally {
        warn.mockRestore();
        await opening;
        await proxy.close();
      }
    });

    test('gives up after the time budget when the database never answers', async () => {
      const port = await freePort();
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      const started = Date.now();
      try {
        await expect(withPgEnv({ PGPORT: String(port) }, () => runMigrationsWithRetry(2_000))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      } finally {
        warn.mockRestore();
      }
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(2_000);
      expect(elapsed).toBeLessThan(12_000);
    });
  });
}
