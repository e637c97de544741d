/**
 * The card-data detector (src/validation/runtime/card-data.ts): unit cases, every Unicode digit form, agreement
 * with an independent oracle, detection of planted card numbers in any form, and ordinary ids that must pass.
 */
import * as fc from 'fast-check';
import { DIGIT_ZEROS, luhnValidPanArb, normalizedDigits, oracleHasCardDataInField, oracleHasCardNumber, panFormArb, SEPARATORS, writePan } from './card-data.oracle';
import { ORDINARY_IDS, ordinaryIdArb, ORDINARY_ID_KINDS } from './ordinary-ids';
import { makePan } from './support';
import { containsCardNumber, decimalDigitValue, fieldsWithCardData, MAX_REPORTED_FIELDS } from '../../src/validation/runtime/card-data';

/** The digits of an ASCII number written in the script whose zero is `zero`. */
const inScript = (digits: string, zero: number) => Array.from(digits).map((d) => String.fromCodePoint(zero + Number(d))).join('');

describe('containsCardNumber', () => {
  test.each([
    ['5425233430109903'],
    ['5425-2334-3010-9903'],
    ['5425 2334 3010 9903'],
    ['5425.2334.3010.9903'],
    ['5425/2334/3010/9903'],
    ['5425_2334_3010_9903'],
    ['3782-822463-10005'], // Amex, 4-6-5
    ['m-acme-5425233430109903'],
    ['order:5425233430109903:1'],
    ['12345425233430109903999'], // digits glued on both sides
    ['4222222222222'], // 13-digit Visa
    ['6011000990139424123'], // 19 digits
    ['5425\u00a02334\u00a03010\u00a09903'], // no-break spaces
    ['5425\u20132334\u20133010\u20139903'], // en dashes
  ])('finds %p', (text) => {
    expect(containsCardNumber(text)).toBe(true);
  });

  test.each([
    ['5425233430109901'], // Luhn fails, and so does every 13-15-digit window
    ['5425--2334-3010-9903'], // two separators end the run
    ['5425 - 2334 - 3010 - 9903'],
    ['542523343010'], // 12 digits
    ['1764682134123'], // epoch milliseconds: 13 digits, Luhn-valid, starts with 1
    ['2000000000008'], // 13 digits, Luhn-valid, starts with 2
    ['550e8400-e29b-41d4-a716-446655440000'],
    ['12345678-1234-4123-8123-123456789012'], // an all-digit UUID: its dashes do not join
    ['5425:2334:3010:9903'], // a colon is not a separator
    [''],
    ['m-acme-01'],
  ])('does not find %p', (text) => {
    expect(containsCardNumber(text)).toBe(false);
  });

  test('screens numbers through their decimal form', () => {
    expect(containsCardNumber(5425233430109903)).toBe(true);
    expect(containsCardNumber(4.222222222222e12)).toBe(true); // 4222222222222
    expect(containsCardNumber(1999)).toBe(false);
    expect(containsCardNumber(Number.MAX_SAFE_INTEGER)).toBe(false); // 9007199254740991 fails Luhn
  });

  test('the UUID exception holds for whole UUIDs only', () => {
    expect(containsCardNumber('pay-12345678-1234-4123-8123-123456789012')).toBe(false);
    // A longer hexadecimal string is not a UUID: its dashes join digit groups as anywhere else.
    expect(containsCardNumber('a12345678-1234-5678-9123-123456789012')).toBe(oracleHasCardNumber('a12345678-1234-5678-9123-123456789012'));
    expect(containsCardNumber('54252334-3010-9903')).toBe(true);
  });
});

describe('Unicode decimal digits', () => {
  test('the oracle found every script (at least 70 sets of ten digits)', () => {
    expect(DIGIT_ZEROS.length).toBeGreaterThanOrEqual(70);
    expect(DIGIT_ZEROS).toEqual(expect.arrayContaining([0x30, 0x660, 0x6f0, 0x966, 0xe50, 0xff10, 0x1d7ce, 0x1d7d8, 0x1d7f6]));
  });

  test('decimalDigitValue gives the value of every Nd code point, and -1 for others', () => {
    for (const zero of DIGIT_ZEROS) {
      for (let v = 0; v <= 9; v++) expect([zero + v, decimalDigitValue(zero + v)]).toEqual([zero + v, v]);
    }
    // Digits with compatibility decompositions agree with Unicode's own mapping.
    expect(Number('\uff17'.normalize('NFKD'))).toBe(decimalDigitValue(0xff17));
    expect(Number('\u{1d7e1}'.normalize('NFKD'))).toBe(decimalDigitValue(0x1d7e1));
    for (const other of [0x2f, 0x3a, 0xb2 /* ² */, 0x2460 /* ① */, 0x4e00 /* 一 */, 0x41, 0x65f, 0x66a]) {
      expect(decimalDigitValue(other)).toBe(-1);
    }
  });

  test('a card number is found in every script and in mixed scripts; a Luhn-invalid one never', () => {
    for (const zero of DIGIT_ZEROS) {
      expect(containsCardNumber(inScript('5425233430109903', zero))).toBe(true);
      expect(containsCardNumber(inScript('5425233430109901', zero))).toBe(false);
    }
    expect(containsCardNumber('54٢٥２３34-३०१०-9903')).toBe(true);
  });
});

describe('containsCardNumber (property-based)', () => {
  test('finds any Luhn-valid 13-19-digit number in any form, anywhere in a value (5,000 cases)', () => {
    const surroundings = fc.oneof(fc.constant(''), ordinaryIdArb.map((o) => o.id), fc.stringMatching(/^[g-zG-Z:~]{0,6}$/));
    fc.assert(
      fc.property(luhnValidPanArb, panFormArb, surroundings, surroundings, fc.constantFrom('', '-', ' ', ':'), (pan, form, before, after, glue) => {
        const written = writePan(pan, form);
        expect(normalizedDigits(written)).toBe(pan);
        expect(containsCardNumber(`${before}${glue}${written}${glue}${after}`)).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  test('agrees with the oracle on strings of digits, separators and letters (20,000 cases)', () => {
    const char = fc.oneof(
      { weight: 12, arbitrary: fc.integer({ min: 0, max: 9 }).map(String) },
      {
        weight: 2,
        arbitrary: fc.tuple(fc.constantFrom(...DIGIT_ZEROS), fc.integer({ min: 0, max: 9 })).map(([z, d]) => String.fromCodePoint(z + d)),
      },
      { weight: 2, arbitrary: fc.constantFrom(...SEPARATORS) },
      { weight: 1, arbitrary: fc.constantFrom('a', 'f', 'x', ':', '~', '\u00b2') },
    );
    let hits = 0;
    fc.assert(
      fc.property(fc.array(char, { minLength: 8, maxLength: 40, size: 'max' }).map((cs) => cs.join('')), (text) => {
        const expected = oracleHasCardNumber(text);
        if (expected) hits++;
        expect(containsCardNumber(text)).toBe(expected);
      }),
      { numRuns: 20_000 },
    );
    expect(hits).toBeGreaterThan(2_000); // both outcomes really occur
    expect(hits).toBeLessThan(18_000);
  });

  test(`lets at least 10,000 generated ordinary ids through (${ORDINARY_ID_KINDS.length} kinds, 2,000 each)`, () => {
    const seen = new Map<string, number>();
    for (const kind of ORDINARY_ID_KINDS) {
      fc.assert(
        fc.property(ORDINARY_IDS[kind] as fc.Arbitrary<string>, (id) => {
          seen.set(kind, (seen.get(kind) ?? 0) + 1);
          expect({ id, hit: containsCardNumber(id) }).toEqual({ id, hit: false });
        }),
        { numRuns: 2_000 },
      );
    }
    expect([...seen.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(10_000);
    expect([...seen.keys()].sort()).toEqual([...ORDINARY_ID_KINDS].sort());
  });
});

describe('fieldsWithCardData', () => {
  const pan = '5425233430109903';
  const request = (extra: Record<string, unknown> = {}, card: Record<string, unknown> = {}) => ({
    paymentId: 'pay_001',
    merchantId: 'm-acme-01',
    amount: 1999,
    currency: 'USD',
    card: { number: makePan(), expiryMonth: 12, expiryYear: 2030, ...card },
    ...extra,
  });

  test('a valid request has none (card.number is where a card number belongs)', () => {
    expect(fieldsWithCardData(request())).toEqual([]);
  });

  test.each([
    [{ paymentId: `pay-${pan}` }, {}, ['paymentId']],
    [{ merchantId: '5425-2334-3010-9903' }, {}, ['merchantId']],
    [{ amount: Number(pan) }, {}, ['amount']],
    [{ currency: pan }, {}, ['currency']],
    [{}, { expiryMonth: pan }, ['card.expiryMonth']],
    [{}, { expiryYear: Number(pan) }, ['card.expiryYear']],
    [{}, { holder: `J DOE ${pan}` }, ['card.holder']],
    [{ note: { lines: ['x', { text: pan }] } }, {}, ['note.lines[1].text']],
    [{ [pan]: 1 }, {}, ['<unprintable field name>']],
    [{ [`x${pan}`]: 1 }, {}, ['<unprintable field name>']],
    [{ x_5425_2334_3010_9903: 1 }, {}, ['<unprintable field name>']], // identifier-like, yet a card number
    [{ merchantId: pan, paymentId: pan }, { cvv: pan }, ['card.cvv', 'merchantId', 'paymentId']],
  ])('names the field of %p %p', (extra, card, fields) => {
    const input = request(extra, card);
    expect(fieldsWithCardData(input)).toEqual(fields);
    expect(oracleHasCardDataInField(input)).toBe(true);
  });

  test('a card that is not an object, or a request that is not an object, is screened whole', () => {
    expect(fieldsWithCardData(request({ card: '5425 2334 3010 9903' }))).toEqual(['card']);
    expect(fieldsWithCardData(pan)).toEqual(['']);
    expect(fieldsWithCardData([1, pan])).toEqual(['[1]']);
    // `number` is only exempt inside the top-level card.
    expect(fieldsWithCardData(request({ number: pan }))).toEqual(['number']);
    expect(fieldsWithCardData(request({ note: { card: { number: pan } } }))).toEqual(['note.card.number']);
  });

  test('reports at most 20 fields and survives any nesting depth', () => {
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}`, pan]));
    expect(fieldsWithCardData(many)).toHaveLength(MAX_REPORTED_FIELDS);
    let deep: unknown = pan;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(fieldsWithCardData(deep)).toHaveLength(1);
  });

  test('agrees with the oracle on generated requests with planted card numbers (3,000 cases)', () => {
    const field = fc.constantFrom('paymentId', 'merchantId', 'amount', 'currency', 'card.expiryMonth', 'card.expiryYear', 'card.holder', 'extra', 'key');
    fc.assert(
      fc.property(luhnValidPanArb, panFormArb, field, fc.boolean(), (pan13to19, form, where, plant) => {
        const written = writePan(pan13to19, form);
        const input: any = request();
        if (plant) {
          if (where.startsWith('card.')) input.card[where.slice(5)] = written;
          else if (where === 'key') input[written] = 1;
          else input[where] = written;
        }
        const fields = fieldsWithCardData(input);
        expect(fields.length > 0).toBe(oracleHasCardDataInField(input));
        expect(fields.length > 0).toBe(plant);
        // The paths never carry the value.
        expect(normalizedDigits(fields.join(' '))).not.toContain(pan13to19);
      }),
      { numRuns: 3_000 },
    );
  });
});
