/**
 * fast-check generators of payment requests (valid and malformed mixes) and an independent oracle of the rules,
 * written from the contract (docs/validation.md), not from src/validation/runtime/rules.ts.
 */
import { createHash } from 'crypto';
import * as fc from 'fast-check';
import { luhnValidPanArb, normalizedDigits, oracleHasCardDataInField, panFormArb, writePan } from './card-data.oracle';
import { luhnCheckDigit } from './support';

export const TEST_LIMITS: Record<string, number> = { USD: 5_000_000, JPY: 1_000_000 };
const EXPONENTS: Record<string, number> = { USD: 2, EUR: 2, GBP: 2, JPY: 0, KRW: 0, BHD: 3, KWD: 3, CLP: 0, UYW: 4, CHF: 2 };

/** A card number: Luhn-valid most of the time, 12–19 digits. */
export const panArb = fc
  .tuple(
    fc.integer({ min: 12, max: 19 }),
    fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
    fc.integer({ min: 3, max: 9 }),
  )
  .map(([len, seed, makeValid, first]) => {
    // Digits from a hash of the seed: distinct cards (fast-check's small-value bias would repeat one card).
    const digits = createHash('sha256').update(String(seed)).digest().toString('hex').replace(/[a-f]/g, (c) => String(c.charCodeAt(0) % 10));
    const body = `${first}${digits.slice(0, len - 2)}`;
    const check = luhnCheckDigit(body);
    return body + (makeValid ? check : String((Number(check) + 1) % 10));
  });

const idArb = fc.stringMatching(/^[A-Za-z][A-Za-z0-9._:-]{0,20}$/);
const thisYear = new Date().getUTCFullYear();

export const validishRequestArb = fc.record({
  paymentId: idArb,
  merchantId: idArb,
  amount: fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 1_000_000 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 2_000_000_000 }) },
  ),
  currency: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...Object.keys(EXPONENTS)) }, { weight: 1, arbitrary: fc.constantFrom('XAU', 'XTS', 'ABC', 'ZZZ') }),
  card: fc.record({
    number: panArb,
    expiryMonth: fc.integer({ min: 1, max: 12 }),
    expiryYear: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: thisYear + 1, max: thisYear + 8 }) },
      { weight: 1, arbitrary: fc.integer({ min: thisYear - 3, max: thisYear }) },
    ),
  }),
});

const FIELDS = ['paymentId', 'merchantId', 'amount', 'currency', 'card'];
const CARD_FIELDS = ['number', 'expiryMonth', 'expiryYear'];

/** Valid requests, requests with one field broken, missing or extra, a PAN in the wrong place, and anything. */
export const requestArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: validishRequestArb },
  { weight: 2, arbitrary: fc.tuple(validishRequestArb, fc.constantFrom(...FIELDS), fc.jsonValue()).map(([r, f, v]) => ({ ...r, [f]: v })) },
  {
    weight: 2,
    arbitrary: fc.tuple(validishRequestArb, fc.constantFrom(...CARD_FIELDS), fc.oneof(fc.jsonValue(), fc.string(), fc.double(), fc.integer()))
      .map(([r, f, v]) => ({ ...r, card: { ...r.card, [f]: v } })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(validishRequestArb, fc.constantFrom(...FIELDS)).map(([r, f]) => {
      const c: any = { ...r };
      delete c[f];
      return c;
    }),
  },
  { weight: 1, arbitrary: fc.tuple(validishRequestArb, fc.string({ maxLength: 10 })).map(([r, k]) => ({ ...r, [`x${k}`]: 1 })) },
  { weight: 1, arbitrary: validishRequestArb.map((r) => ({ ...r, card: { ...r.card, cvv: '123' } })) },
  { weight: 1, arbitrary: validishRequestArb.map((r) => ({ ...r, merchantId: r.card.number })) },
  { weight: 1, arbitrary: validishRequestArb.map((r) => ({ ...r, [r.card.number]: r.card.number })) },
  { weight: 1, arbitrary: validishRequestArb.map((r) => ({ ...r, card: { ...r.card, number: `${r.card.number.slice(0, 4)} ${r.card.number.slice(4)}` } })) },
  { weight: 1, arbitrary: validishRequestArb.map((r) => ({ ...r, amount: r.amount + 0.5 })) },
  {
    weight: 1,
    arbitrary: fc.tuple(validishRequestArb, fc.constantFrom(...FIELDS.filter((f) => f !== 'card'), 'card.expiryYear', 'card.extra'), luhnValidPanArb, panFormArb)
      .map(([r, f, pan, form]) => (f.startsWith('card.') ? { ...r, card: { ...r.card, [f.slice(5)]: writePan(pan, form) } } : { ...r, [f]: writePan(pan, form) })),
  },
  { weight: 1, arbitrary: fc.jsonValue() },
);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function luhn(s: string): boolean {
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    let d = Number(s[s.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

const goodId = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(v);

/** 'CARD_DATA' (a possible card number outside card.number), 'MALFORMED', a decline reason, or 'OK' (velocity aside). */
export function oracle(input: unknown, now: Date, exponents: Record<string, number | undefined>): string {
  if (oracleHasCardDataInField(input)) return 'CARD_DATA';
  if (!isObject(input)) return 'MALFORMED';
  const keys = Object.keys(input);
  if (keys.length !== FIELDS.length || !FIELDS.every((f) => keys.includes(f))) return 'MALFORMED';
  const { paymentId, merchantId, amount, currency, card } = input as any;
  if (!goodId(paymentId) || !goodId(merchantId)) return 'MALFORMED';
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1) return 'MALFORMED';
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return 'MALFORMED';
  if (!isObject(card)) return 'MALFORMED';
  const ckeys = Object.keys(card);
  if (ckeys.length !== 3 || !CARD_FIELDS.every((f) => ckeys.includes(f))) return 'MALFORMED';
  const { number, expiryMonth, expiryYear } = card as any;
  if (typeof number !== 'string' || !/^\d{12,19}$/.test(number)) return 'MALFORMED';
  if (!Number.isInteger(expiryMonth) || expiryMonth < 1 || expiryMonth > 12) return 'MALFORMED';
  if (!Number.isInteger(expiryYear) || expiryYear < 2000 || expiryYear > 2099) return 'MALFORMED';
  const exponent = exponents[currency];
  if (exponent === undefined) return 'UNSUPPORTED_CURRENCY';
  const limit = TEST_LIMITS[currency] ?? 1_000_000 * 10 ** exponent;
  if (amount > limit) return 'AMOUNT_OVER_LIMIT';
  if (!luhn(number)) return 'CARD_NUMBER_INVALID';
  if (expiryYear < now.getUTCFullYear() || (expiryYear === now.getUTCFullYear() && expiryMonth < now.getUTCMonth() + 1)) return 'CARD_EXPIRED';
  return 'OK';
}

/**
 * Every digit run of 12+ digits in a JSON-able value (a card number wherever it was put), in ASCII digits, separators
 * removed (normalizedDigits): search texts normalized the same way.
 */
export function digitRunsOf(value: unknown): string[] {
  return normalizedDigits(JSON.stringify(value ?? null)).match(/[0-9]{12,}/g) ?? [];
}
