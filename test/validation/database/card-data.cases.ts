/**
 * Database cases: a possible card number planted in any field but card.number, in every separator and digit form,
 * answers 400 CARD_DATA_IN_FIELD, and reaches no sink: no row in any table (payments, outbox, batches), no S3 object
 * after a relay run, no line of the captured logger and metrics output, not the response.
 */
import * as fc from 'fast-check';
import { capture, db, handler, relay, s3, usedPans } from './harness';
import { SCHEMA } from '../../../src/validation/runtime/migrations';
import { CARD_DATA_PROBLEM } from '../../../src/validation/runtime/rules';
import { oracle, validishRequestArb } from '../arbitraries';
import { luhnValidPanArb, normalizedDigits, PanForm, panFormArb, SEPARATORS, writePan } from '../card-data.oracle';
import { allDatabaseText, findPans, payment, uniqueId } from '../support';

/** Where a card number is planted, and the field path the response must name. */
const PLACES: Array<[string, (r: any, v: unknown) => void]> = [
  ['paymentId', (r, v) => (r.paymentId = v)],
  ['merchantId', (r, v) => (r.merchantId = v)],
  ['amount', (r, v) => (r.amount = v)],
  ['currency', (r, v) => (r.currency = v)],
  ['card.expiryMonth', (r, v) => (r.card.expiryMonth = v)],
  ['card.expiryYear', (r, v) => (r.card.expiryYear = v)],
  ['card.holder', (r, v) => (r.card.holder = v)],
  ['note', (r, v) => (r.note = v)],
  ['order.lines[0].sku', (r, v) => (r.order = { lines: [{ sku: v }] })],
  ['<unprintable field name>', (r, v) => (r[String(v)] = 'x')],
];

const FORMS: Array<[string, PanForm]> = [
  ['contiguous', { zeros: [0x30], groups: [], separators: [' '] }],
  ...SEPARATORS.map((s): [string, PanForm] => [`groups of 4, U+${s.codePointAt(0)!.toString(16).padStart(4, '0')}`, { zeros: [0x30], groups: [4], separators: [s] }]),
  ['4-6-5', { zeros: [0x30], groups: [4, 6, 5], separators: ['-'] }],
  ['full-width', { zeros: [0xff10], groups: [], separators: [' '] }],
  ['Arabic-Indic, spaces', { zeros: [0x660], groups: [4], separators: [' '] }],
  ['Devanagari, dashes', { zeros: [0x966], groups: [4], separators: ['-'] }],
  ['mixed scripts and separators', { zeros: [0x30, 0xff10, 0x6f0, 0x1d7ce], groups: [4, 3, 5], separators: ['.', '_', '/'] }],
];

const PANS = ['5425233430109903', '4222222222222', '378282246310005', '6011000990139424123'];
/** Every card number planted by these cases, in ASCII. */
const planted = new Set<string>();

async function plantAndValidate(base: Record<string, any>, place: number, value: unknown, pan: string) {
  const request = JSON.parse(JSON.stringify(base));
  PLACES[place][1](request, value);
  planted.add(pan);
  usedPans.add(pan);
  const res = await handler(request);
  return { request, res };
}

function expectRejected(res: { statusCode: number; body: string }, field: string, pan: string, context: string): void {
  expect({ context, statusCode: res.statusCode, body: JSON.parse(res.body) }).toEqual({
    context,
    statusCode: 400,
    body: { error: 'MALFORMED_REQUEST', reason: 'CARD_DATA_IN_FIELD', errors: [{ field, problem: CARD_DATA_PROBLEM }] },
  });
  expect(normalizedDigits(res.body)).not.toContain(pan);
}

export function cardDataCases(): void {
  describe('card data outside card.number', () => {
    const bases: string[] = [];

    test(`every field x every form (${PLACES.length} x ${FORMS.length + 1} requests per card number): 400, named field, nothing recorded`, async () => {
      for (const pan of PANS) {
        for (let place = 0; place < PLACES.length; place++) {
          const values: Array<[string, unknown]> = FORMS.map(([name, form]) => [name, writePan(pan, form)]);
          if (Number.isSafeInteger(Number(pan))) values.push(['a JSON number', Number(pan)]);
          for (const [formName, value] of values) {
            const base = payment();
            bases.push(base.paymentId);
            const { res } = await plantAndValidate(base, place, value, pan);
            expectRejected(res, PLACES[place][0], pan, `${pan} as ${formName} in ${PLACES[place][0]}`);
          }
        }
      }
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.payments WHERE payment_id = ANY($1)`, [bases]);
      expect(rows[0].n).toBe(0);
      const outbox = await db.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.transaction_log_outbox WHERE payment_id = ANY($1)`, [bases]);
      expect(outbox.rows[0].n).toBe(0);
    });

    test('property: any well-formed request, any card number in any form planted anywhere in any field (400 requests)', async () => {
      const glue = fc.constantFrom('', '-', ':', '_', ' ');
      const arb = fc.record({
        base: validishRequestArb.filter((r) => oracle(r, new Date(), {}) !== 'CARD_DATA'),
        place: fc.integer({ min: 0, max: PLACES.length - 1 }),
        pan: luhnValidPanArb,
        form: panFormArb,
        position: fc.constantFrom('whole', 'before', 'after'),
        glue,
      });
      const seed = Date.now() % 2 ** 31;
      for (const sample of fc.sample(arb, { numRuns: 400, seed })) {
        const base = { ...sample.base, paymentId: uniqueId('card-data') };
        bases.push(base.paymentId);
        const written = writePan(sample.pan, sample.form);
        const field = PLACES[sample.place][0];
        const current = field === 'paymentId' ? base.paymentId : field === 'merchantId' ? base.merchantId : 'x';
        const value = sample.position === 'whole' ? written : sample.position === 'before' ? `${written}${sample.glue}${current}` : `${current}${sample.glue}${written}`;
        const { res } = await plantAndValidate(base, sample.place, value, sample.pan);
        expectRejected(res, field, sample.pan, `fast-check seed ${seed}: ${JSON.stringify(sample)}`);
      }
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.payments WHERE payment_id = ANY($1)`, [bases]);
      expect(rows[0].n).toBe(0);
    });

    test('no planted card number in any table, any S3 object after a relay run, the logs or the metrics', async () => {
      expect(planted.size).toBeGreaterThan(300);
      // A well-formed payment still goes through, so the sinks below really hold this session's records.
      expect((await handler(payment())).statusCode).toBe(200);
      expect(await relay()).toMatchObject({ failed: 0, pending: 0 });
      const output = capture.text;
      expect(output).toContain('"message":"card data outside card.number"');
      expect(output).toContain('RequestsWithCardDataInField');
      expect(output.split('"message":"card data outside card.number"').length - 1).toBeGreaterThanOrEqual(bases.length);
      expect(findPans(normalizedDigits(output), planted)).toEqual([]);
      expect(findPans(normalizedDigits(await allDatabaseText(db)), planted)).toEqual([]);
      const objects = [...s3.objects().values()].join('\n');
      expect(objects).toContain('"type":"payment-validation-decision"');
      expect(findPans(normalizedDigits(s3.allFilesText()), planted)).toEqual([]);
    });
  });
}
