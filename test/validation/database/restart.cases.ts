/** Database cases: the database server restarted while payments are validated (runs last: it stops the server). */
import { db, reconnect, relay, sleep, validate } from './harness';
import { SCHEMA } from '../../../src/validation/runtime/migrations';
import { payment, serverControl } from '../support';

export function restartCases(): void {
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
      await reconnect(); // the previous connection died with the server

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
}
