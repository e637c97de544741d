/**
 * Property-based tests of the pure rules: 20,000 generated requests (valid and malformed mixes) against an
 * independent oracle. The handler-level properties (through PostgreSQL) are in database.test.ts.
 */
import * as fc from 'fast-check';
import { digitRunsOf, oracle, requestArb, TEST_LIMITS } from './arbitraries';
import { normalizedDigits } from './card-data.oracle';
import { findPans } from './support';
import { evaluateStatelessRules, ISO_4217_MINOR_UNITS, MalformedReason, parseRequest } from '../../src/validation/runtime/rules';

const NOW = new Date();
const CONFIG = { currencyLimits: TEST_LIMITS, velocityMaxPayments: 3, velocityWindowSeconds: 3600 };

describe('rules (property-based, 20,000 generated requests)', () => {
  test('never throw, agree with the oracle, never echo a card number', () => {
    let wellFormed = 0;
    let malformed = 0;
    let cardData = 0;
    fc.assert(
      fc.property(requestArb, (input) => {
        const expected = oracle(input, NOW, ISO_4217_MINOR_UNITS);
        const parsed = parseRequest(input);
        if (!parsed.ok) {
          malformed += 1;
          if (expected === 'CARD_DATA') cardData += 1;
          expect(expected).toBe(parsed.reason === MalformedReason.CARD_DATA_IN_FIELD ? 'CARD_DATA' : 'MALFORMED');
          expect(parsed.errors.length).toBeGreaterThan(0);
          // No value of the request is echoed: in particular no card number, wherever it was put.
          expect(findPans(normalizedDigits(JSON.stringify(parsed.errors)), digitRunsOf(input))).toEqual([]);
          return;
        }
        wellFormed += 1;
        expect(expected).not.toBe('MALFORMED');
        expect(evaluateStatelessRules(parsed.request, CONFIG, NOW) ?? 'OK').toBe(expected);
      }),
      { numRuns: 20_000 },
    );
    // Both kinds were really generated in numbers.
    expect(wellFormed).toBeGreaterThan(4_000);
    expect(malformed).toBeGreaterThan(4_000);
    expect(cardData).toBeGreaterThan(1_000);
  });
});
