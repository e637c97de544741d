/** Database cases: the validate-payment handler, alone and under concurrency. */
import { createHmac } from 'crypto';
import { db, rowsOf, sleep, validate } from './harness';
import { SCHEMA } from '../../../src/validation/runtime/migrations';
import { FINGERPRINT_KEY, makePan, payment, uniqueId } from '../support';

export function handlerCases(): void {
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
}

export function concurrencyCases(): void {
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
}
