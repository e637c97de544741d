/** Database cases: generated requests through the handler, and no card number in any sink. */
import * as fc from 'fast-check';
import { capture, db, handler, relay, s3, usedPans, validate } from './harness';
import { SCHEMA } from '../../../src/validation/runtime/migrations';
import { ISO_4217_MINOR_UNITS } from '../../../src/validation/runtime/rules';
import { digitRunsOf, oracle, requestArb } from '../arbitraries';
import { normalizedDigits } from '../card-data.oracle';
import { allDatabaseText, findPans, FINGERPRINT_KEY, makePan, payment, uniqueId } from '../support';

export function propertyCases(): void {
  describe('property: generated requests through the handler and PostgreSQL', () => {
    test('3,000 valid/malformed requests: never a crash or 500, never an invalid request recorded as valid', async () => {
      const seed = Date.now() % 2 ** 31;
      const samples = fc.sample(requestArb, { numRuns: 3_000, seed }).map((input) => {
        // Unique ids for well-formed paymentIds (a collision would be an idempotency case, tested above).
        const event = JSON.parse(JSON.stringify(input ?? null));
        if (event && typeof event === 'object' && !Array.isArray(event) && typeof event.paymentId === 'string' && /^[A-Za-z0-9]/.test(event.paymentId)) {
          event.paymentId = uniqueId('prop');
        }
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

      // What must reach no sink: every digit run of a request that is not recorded (malformed, card data in a
      // field), and the card number of a recorded one; not digits a recorded request sent as its merchantId (not a
      // possible card number, so stored: generated card numbers repeat, here and in earlier runs on this database).
      const { rows: merchants } = await db.query(`SELECT DISTINCT merchant_id FROM ${SCHEMA}.payments`);
      const recordedRuns = merchants.flatMap((row) => digitRunsOf(row.merchant_id)).join(' ');
      for (const event of samples) {
        const expected = oracle(event, new Date(), ISO_4217_MINOR_UNITS);
        const secret = expected === 'MALFORMED' || expected === 'CARD_DATA' ? digitRunsOf(event) : digitRunsOf(event.card.number);
        for (const run of secret) if (!recordedRuns.includes(run)) usedPans.add(run);
      }

      const now = new Date();
      const context = `fast-check seed ${seed}`;
      const counts = new Map<number, number>();
      for (const r of results) {
        counts.set(r.statusCode, (counts.get(r.statusCode) ?? 0) + 1);
        const expected = oracle(r.event, now, ISO_4217_MINOR_UNITS);
        if (expected === 'CARD_DATA') {
          expect({ context, status: r.statusCode, reason: JSON.parse(r.body).reason }).toEqual({ context, status: 400, reason: 'CARD_DATA_IN_FIELD' });
        } else if (expected === 'MALFORMED') {
          expect({ context, status: r.statusCode, reason: JSON.parse(r.body).reason }).toEqual({ context, status: 400, reason: undefined });
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
        if ((expected === 'MALFORMED' || expected === 'CARD_DATA') && r.statusCode === 400 && typeof r.event?.paymentId === 'string' && r.event.paymentId.startsWith('prop-')) {
          expect(outcome).toBeUndefined();
        }
      }
    });
  });
}

export function sinkCases(): void {
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
      // Searched with every digit in ASCII and separators removed (a card number written `5425 2334…` or in
      // full-width digits counts); the card numbers used are in that form.
      expect(findPans(normalizedDigits(output), usedPans)).toEqual([]);
      expect(findPans(normalizedDigits(dbText), usedPans)).toEqual([]);
      expect(findPans(normalizedDigits(s3Text), usedPans)).toEqual([]);
      expect(output).not.toContain(FINGERPRINT_KEY);
    });
  });
}
