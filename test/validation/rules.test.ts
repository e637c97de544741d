import {
  amountLimit,
  canonicalRequest,
  configErrors,
  DeclineReason,
  evaluateStatelessRules,
  evaluateVelocity,
  ISO_4217_MINOR_UNITS,
  isExpired,
  lastFour,
  luhnValid,
  CARD_DATA_PROBLEM,
  MalformedReason,
  minorUnitExponent,
  parseRequest,
  PaymentRequest,
} from '../../src/validation/runtime/rules';

const NOW = new Date('2026-11-24T12:00:00Z');
const CONFIG = { currencyLimits: { USD: 500_000, JPY: 100_000 }, velocityMaxPayments: 3, velocityWindowSeconds: 600 };

function valid(overrides: Record<string, unknown> = {}, card: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    paymentId: 'pay_001',
    merchantId: 'merchant-42',
    amount: 1999,
    currency: 'USD',
    card: { number: '4111111111111111', expiryMonth: 12, expiryYear: 2027, ...card },
    ...overrides,
  };
}

function errorsOf(input: unknown) {
  const r = parseRequest(input);
  if (r.ok) throw new Error('expected a malformed request');
  return r.errors;
}

function parsed(input: unknown): PaymentRequest {
  const r = parseRequest(input);
  if (!r.ok) throw new Error(`expected a well-formed request, got ${JSON.stringify(r.errors)}`);
  return r.request;
}

describe('ISO 4217 table', () => {
  test('has the minor-unit exponents of the reference currencies', () => {
    expect(minorUnitExponent('JPY')).toBe(0);
    expect(minorUnitExponent('USD')).toBe(2);
    expect(minorUnitExponent('EUR')).toBe(2);
    expect(minorUnitExponent('BHD')).toBe(3);
    expect(minorUnitExponent('KWD')).toBe(3);
    expect(minorUnitExponent('CLP')).toBe(0);
    expect(minorUnitExponent('UYW')).toBe(4);
  });
  test('lists active currencies only (no funds, metals, withdrawn codes)', () => {
    for (const code of ['XAU', 'XDR', 'XTS', 'XXX', 'CLF', 'USN', 'HRK', 'SLL', 'ZWL', 'ANG', 'BGN']) {
      expect(minorUnitExponent(code)).toBeUndefined();
    }
    expect(Object.keys(ISO_4217_MINOR_UNITS).length).toBeGreaterThan(150);
    for (const [code, exp] of Object.entries(ISO_4217_MINOR_UNITS)) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(exp);
    }
  });
  test('does not resolve prototype properties as currencies', () => {
    expect(minorUnitExponent('constructor')).toBeUndefined();
    expect(minorUnitExponent('__proto__')).toBeUndefined();
  });
});

describe('parseRequest (shape and types: 400)', () => {
  test('accepts a well-formed request', () => {
    expect(parsed(valid())).toEqual(valid());
  });
  test.each([null, 'x', 42, [], true])('rejects a non-object request %p', (input) => {
    expect(errorsOf(input)).toEqual([{ field: '', problem: 'request must be a JSON object' }]);
  });
  test('rejects unknown fields at both levels', () => {
    expect(errorsOf(valid({ note: 'x' }, { cvv: '123' }))).toEqual([
      { field: 'note', problem: 'unknown field' },
      { field: 'card.cvv', problem: 'unknown field' },
    ]);
  });
  test('never echoes an unknown field name that could be a card number', () => {
    const errors = errorsOf(valid({ 4111111111111111: 1 }));
    expect(JSON.stringify(errors)).not.toContain('4111111111111111');
    expect(errors).toEqual([{ field: '<unprintable field name>', problem: CARD_DATA_PROBLEM }]);
    // A long digit run that is no card number is an unknown field, still not echoed.
    expect(errorsOf(valid({ x123456789012: 1 }))).toEqual([{ field: '<unprintable field name>', problem: 'unknown field' }]);
  });
  test.each([
    ['paymentId', { paymentId: 'order-4111-1111-1111-1111' }, {}],
    ['merchantId', { merchantId: '5425 2334 3010 9903' }, {}],
    ['amount', { amount: 4111111111111111 }, {}],
    ['currency', { currency: '４１１１１１１１１１１１１１１１' }, {}],
    ['card.expiryYear', {}, { expiryYear: 4111111111111111 }],
  ])('rejects a possible card number in %s with reason CARD_DATA_IN_FIELD, before any other check', (field, overrides, card) => {
    const result = parseRequest(valid(overrides, card));
    expect(result).toEqual({ ok: false, reason: MalformedReason.CARD_DATA_IN_FIELD, errors: [{ field, problem: CARD_DATA_PROBLEM }] });
  });
  test('ids with digit runs that are no card number are accepted (the detector replaced the 12-digit rule)', () => {
    expect(parsed(valid({ paymentId: 'order-123456789012' })).paymentId).toBe('order-123456789012'); // 12 digits
    expect(parsed(valid({ paymentId: 'pay-1764682134123' })).paymentId).toBe('pay-1764682134123'); // epoch ms
    expect(parsed(valid({ merchantId: '4111111111111112' })).merchantId).toBe('4111111111111112'); // no window passes Luhn
  });
  test('requires every field', () => {
    expect(errorsOf({}).map((e) => e.field)).toEqual(['paymentId', 'merchantId', 'amount', 'currency', 'card']);
    expect(errorsOf(valid({ card: {} })).map((e) => e.field)).toEqual(['card.number', 'card.expiryMonth', 'card.expiryYear']);
  });
  test.each([
    ['', 'must be 1-64'],
    ['a'.repeat(65), 'must be 1-64'],
    ['pay 1', 'must be 1-64'],
    ['pay/1', 'must be 1-64'],
    ["pay'1", 'must be 1-64'],
    ['-pay', 'must be 1-64'],
  ])('rejects paymentId %p', (id, problem) => {
    const errors = errorsOf(valid({ paymentId: id }));
    expect(errors).toHaveLength(1);
    expect(errors[0].field).toBe('paymentId');
    expect(errors[0].problem).toContain(problem);
  });
  test('accepts ids at the bounds and with the safe punctuation', () => {
    expect(parsed(valid({ paymentId: 'a'.repeat(64), merchantId: 'M' })).paymentId).toHaveLength(64);
    expect(parsed(valid({ paymentId: 'A1.b_2:c-3' })).paymentId).toBe('A1.b_2:c-3');
    expect(parsed(valid({ paymentId: 'order-12345678901' })).paymentId).toBe('order-12345678901'); // 11 digits
  });
  test('rejects a merchantId of the wrong type', () => {
    expect(errorsOf(valid({ merchantId: 7 }))).toEqual([{ field: 'merchantId', problem: 'must be a string' }]);
  });
  test.each([[19.99], ['1999'], [Number.NaN], [Infinity], [2 ** 53], [true]])('rejects amount %p (not an integer)', (amount) => {
    expect(errorsOf(valid({ amount }))).toEqual([{ field: 'amount', problem: 'must be an integer number of minor units' }]);
  });
  test.each([[0], [-1]])('rejects amount %p (not > 0)', (amount) => {
    expect(errorsOf(valid({ amount }))).toEqual([{ field: 'amount', problem: 'must be greater than 0' }]);
  });
  test.each([['usd'], ['US'], ['USDX'], [840], ['']])('rejects currency %p', (currency) => {
    expect(errorsOf(valid({ currency }))[0].field).toBe('currency');
  });
  test.each([
    ['4111 1111 1111 1111', 'digits only'],
    ['4111-1111-1111-1111', 'digits only'],
    [4111111111111111, 'digits only'],
    ['41111111111', '12 to 19'],
    ['41111111111111111111', '12 to 19'],
    ['', 'digits only'],
  ])('rejects card number %p', (number, problem) => {
    const errors = errorsOf(valid({}, { number }));
    expect(errors[0].field).toBe('card.number');
    expect(errors[0].problem).toContain(problem);
  });
  test.each([[0], [13], [1.5], ['12']])('rejects expiryMonth %p', (expiryMonth) => {
    expect(errorsOf(valid({}, { expiryMonth }))).toEqual([{ field: 'card.expiryMonth', problem: 'must be an integer from 1 to 12' }]);
  });
  test.each([[27], [1999], [2100], [2027.5]])('rejects expiryYear %p', (expiryYear) => {
    expect(errorsOf(valid({}, { expiryYear }))[0].field).toBe('card.expiryYear');
  });
  test('errors never contain the submitted values', () => {
    const errors = errorsOf(valid({ amount: 'x4111111111111111' }, { number: '4111111111111111x' }));
    expect(JSON.stringify(errors)).not.toContain('4111111111111111');
  });
});

describe('Luhn', () => {
  test.each(['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '4222222222222', '6759649826438453'])(
    'accepts %s',
    (pan) => expect(luhnValid(pan)).toBe(true),
  );
  test.each(['4111111111111112', '1234567890123', '5555555555554440'])('rejects %s', (pan) => expect(luhnValid(pan)).toBe(false));
  test('rejects non-digits', () => expect(luhnValid('4111a11111111111')).toBe(false));
});

describe('expiry (month granularity, injected clock)', () => {
  test('a card is valid through its expiry month', () => {
    expect(isExpired(11, 2026, NOW)).toBe(false);
    expect(isExpired(11, 2026, new Date('2026-11-30T23:59:59Z'))).toBe(false);
  });
  test('a card is expired from the first day of the next month', () => {
    expect(isExpired(11, 2026, new Date('2026-12-01T00:00:00Z'))).toBe(true);
    expect(isExpired(10, 2026, NOW)).toBe(true);
    expect(isExpired(12, 2025, NOW)).toBe(true);
  });
  test('future cards are not expired', () => {
    expect(isExpired(1, 2027, NOW)).toBe(false);
  });
});

describe('stateless business rules (422)', () => {
  test('accept a valid request', () => {
    expect(evaluateStatelessRules(parsed(valid()), CONFIG, NOW)).toBeUndefined();
  });
  test('decline an unknown currency', () => {
    expect(evaluateStatelessRules(parsed(valid({ currency: 'XAU' })), CONFIG, NOW)).toBe(DeclineReason.UNSUPPORTED_CURRENCY);
  });
  test('apply the configured limit, inclusive', () => {
    expect(evaluateStatelessRules(parsed(valid({ amount: 500_000 })), CONFIG, NOW)).toBeUndefined();
    expect(evaluateStatelessRules(parsed(valid({ amount: 500_001 })), CONFIG, NOW)).toBe(DeclineReason.AMOUNT_OVER_LIMIT);
    expect(evaluateStatelessRules(parsed(valid({ currency: 'JPY', amount: 100_001 })), CONFIG, NOW)).toBe(DeclineReason.AMOUNT_OVER_LIMIT);
  });
  test('default limit is 1,000,000 major units in minor units of the currency', () => {
    expect(amountLimit('BHD', CONFIG)).toBe(1_000_000_000);
    expect(amountLimit('EUR', CONFIG)).toBe(100_000_000);
    expect(amountLimit('KRW', CONFIG)).toBe(1_000_000);
    expect(amountLimit('XAU', CONFIG)).toBeUndefined();
    expect(evaluateStatelessRules(parsed(valid({ currency: 'BHD', amount: 1_000_000_001 })), CONFIG, NOW)).toBe(DeclineReason.AMOUNT_OVER_LIMIT);
  });
  test('decline a card number failing Luhn', () => {
    expect(evaluateStatelessRules(parsed(valid({}, { number: '4111111111111112' })), CONFIG, NOW)).toBe(DeclineReason.CARD_NUMBER_INVALID);
  });
  test('decline an expired card', () => {
    expect(evaluateStatelessRules(parsed(valid({}, { expiryMonth: 10, expiryYear: 2026 })), CONFIG, NOW)).toBe(DeclineReason.CARD_EXPIRED);
  });
  test('first failing rule wins: currency, limit, Luhn, expiry', () => {
    const all = parsed(valid({ amount: 900_000 }, { number: '4111111111111112', expiryYear: 2020 }));
    expect(evaluateStatelessRules(all, CONFIG, NOW)).toBe(DeclineReason.AMOUNT_OVER_LIMIT);
  });
});

describe('velocity', () => {
  test('allows payments while the count is below the maximum', () => {
    expect(evaluateVelocity(0, CONFIG)).toBeUndefined();
    expect(evaluateVelocity(2, CONFIG)).toBeUndefined();
  });
  test('declines once the maximum is reached', () => {
    expect(evaluateVelocity(3, CONFIG)).toBe(DeclineReason.VELOCITY_LIMIT_EXCEEDED);
    expect(evaluateVelocity(4, CONFIG)).toBe(DeclineReason.VELOCITY_LIMIT_EXCEEDED);
  });
});

describe('helpers', () => {
  test('lastFour', () => expect(lastFour('4111111111111234')).toBe('1234'));
  test('canonicalRequest ignores key order', () => {
    const a = parsed(valid());
    const b = parsed(JSON.parse('{"card":{"expiryYear":2027,"expiryMonth":12,"number":"4111111111111111"},"currency":"USD","amount":1999,"merchantId":"merchant-42","paymentId":"pay_001"}'));
    expect(canonicalRequest(a)).toBe(canonicalRequest(b));
    expect(canonicalRequest(a)).not.toBe(canonicalRequest(parsed(valid({ amount: 2000 }))));
  });
  test('configErrors names the setting and shows the value', () => {
    expect(configErrors({ currencyLimits: { XAU: 5, USD: 0 }, velocityMaxPayments: 0, velocityWindowSeconds: 0 })).toEqual([
      'currencyLimits currency must be an active ISO 4217 code, got: XAU',
      'currencyLimits maxAmountMinorUnits must be a positive integer, got: USD 0',
      'velocity maxPayments must be a positive integer, got: 0',
      'velocity window must be at least 1 second, got: 0',
    ]);
    expect(configErrors(CONFIG)).toEqual([]);
  });
});
