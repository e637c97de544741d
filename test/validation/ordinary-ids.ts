/**
 * Generators of ordinary identifiers a merchant sends as paymentId or merchantId, none of which may be taken for a
 * card number: UUIDs (v4, v7, upper case), ULIDs, short slugs (`m-acme-01`), ISO 8601 timestamps, epoch seconds and
 * milliseconds, order numbers under 13 digits, random base-62 ids. Unbiased (fc.noBias): fast-check's bias towards
 * small values would otherwise produce ids no library writes (a ULID of 26 zeros). The same generators measure the
 * false-positive rate (benchmarks/card-data.ts).
 */
import * as fc from 'fast-check';

const unbiased = <T>(arb: fc.Arbitrary<T>) => fc.noBias(arb);
const word = fc.stringMatching(/^[a-z]{2,10}$/);
const digits = (min: number, max: number) => unbiased(fc.integer({ min: 0, max: 10 ** max - 1 })).map((n) => String(n).padStart(min, '0'));
const date = unbiased(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }));
/** Epoch milliseconds are 13 digits from 2001-09-09 and start with 4 from 2096-10-02 (a possible Visa/Maestro length). */
const epochDate = unbiased(fc.date({ min: new Date('2001-09-10T00:00:00Z'), max: new Date('2096-09-30T23:59:59Z'), noInvalidDate: true }));
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const ORDINARY_IDS = {
  'uuid-v4': unbiased(fc.uuid({ version: 4 })),
  'uuid-v7': unbiased(fc.uuid({ version: 7 })).map((u) => `pay-${u}`),
  'uuid-upper': unbiased(fc.uuid()).map((u) => u.toUpperCase()),
  'ulid': unbiased(fc.ulid()),
  'slug': fc.tuple(fc.constantFrom('m', 'merchant', 'shop', 'mch'), word, digits(2, 2)).map(([p, w, n]) => `${p}-${w}-${n}`),
  'iso-timestamp': fc.tuple(date, fc.constantFrom('Z', '+02:00', '-05:30', '.ms')).map(([d, style]) => {
    const iso = d.toISOString();
    return style === '.ms' ? iso : style === 'Z' ? iso.replace(/\.\d{3}Z$/, 'Z') : iso.replace('Z', style);
  }),
  'epoch-ms': fc.tuple(fc.constantFrom('', 'pay-', 'evt:', 'txn.'), epochDate).map(([p, d]) => `${p}${d.getTime()}`),
  'epoch-s': fc.tuple(fc.constantFrom('', 'pay-', 'batch_'), date).map(([p, d]) => `${p}${Math.floor(d.getTime() / 1000)}`),
  'order-number': fc.oneof(
    fc.tuple(fc.constantFrom('ORD-', 'order-', 'PO.', 'inv_', ''), digits(1, 12)).map(([p, n]) => `${p}${n}`),
    fc.tuple(fc.integer({ min: 2000, max: 2099 }), digits(4, 8)).map(([y, n]) => `order-${y}-${n}`),
  ),
  'base62': fc.tuple(fc.constantFrom('pi_', 'ch_', 'cus_', ''), unbiased(fc.array(fc.integer({ min: 0, max: 61 }), { minLength: 24, maxLength: 24 })))
    .map(([p, cs]) => p + cs.map((c) => BASE62[c]).join('')),
} as const;

export type OrdinaryIdKind = keyof typeof ORDINARY_IDS;
export const ORDINARY_ID_KINDS = Object.keys(ORDINARY_IDS) as OrdinaryIdKind[];

/** Any ordinary id, with its kind. */
export const ordinaryIdArb: fc.Arbitrary<{ kind: OrdinaryIdKind; id: string }> = fc.oneof(
  ...ORDINARY_ID_KINDS.map((kind) => (ORDINARY_IDS[kind] as fc.Arbitrary<string>).map((id) => ({ kind, id }))),
);
