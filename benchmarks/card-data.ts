/**
 * False-positive measurement and speed of the card-data detector (run by hand, not a test):
 *
 *   node --import tsx benchmarks/card-data.ts [ids per kind, default 100000]
 *
 * Prints, per kind of ordinary id (test/validation/ordinary-ids.ts), how many generated ids the detector takes for a
 * card number (the target is none); how often a random digit run of 13–19 digits (an order number that long) is
 * taken for one; and the time to screen a whole typical request. Figures go to docs/validation.md.
 */
import { randomInt } from 'crypto';
import { performance } from 'perf_hooks';
import * as fc from 'fast-check';
import { containsCardNumber, fieldsWithCardData } from '../src/validation/runtime/card-data';
import { ORDINARY_ID_KINDS, ORDINARY_IDS } from '../test/validation/ordinary-ids';

// Timed first: after a million generated ids the JIT's view of the detector is not a handler's.
const request = {
  paymentId: 'pay-0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b',
  merchantId: 'm-acme-01',
  amount: 1999,
  currency: 'USD',
  card: { number: '4111111111111111', expiryMonth: 12, expiryYear: 2030 },
};
const runs = 500_000;
for (let i = 0; i < 20_000; i++) fieldsWithCardData(request); // warm-up
const start = performance.now();
for (let i = 0; i < runs; i++) fieldsWithCardData(request);
const micros = ((performance.now() - start) * 1000) / runs;
console.log(`screening a typical request: ${micros.toFixed(2)} µs (${Math.round(1e6 / micros).toLocaleString('en-US')} requests/s)`);

const perKind = Number(process.argv[2] ?? 100_000);
let total = 0;
let hits = 0;
for (const kind of ORDINARY_ID_KINDS) {
  const ids = fc.sample(ORDINARY_IDS[kind] as fc.Arbitrary<string>, { numRuns: perKind, seed: 17 });
  const found = ids.filter((id) => containsCardNumber(id));
  total += ids.length;
  hits += found.length;
  console.log(`${kind}: ${found.length} of ${ids.length.toLocaleString('en-US')} taken for a card number${found.length ? ` (e.g. ${found[0]})` : ''}`);
}
console.log(`ordinary ids: ${hits} of ${total.toLocaleString('en-US')} (${((hits / total) * 100).toFixed(4)} %)`);

for (let length = 13; length <= 19; length++) {
  const n = 20_000;
  let found = 0;
  for (let i = 0; i < n; i++) {
    let digits = String(randomInt(1, 10));
    while (digits.length < length) digits += String(randomInt(0, 10));
    if (containsCardNumber(digits)) found++;
  }
  console.log(`random ${length}-digit run: ${((found / n) * 100).toFixed(1)} % taken for a card number`);
}

