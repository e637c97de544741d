/**
 * An independent oracle of the card-data rule, written from the contract (docs/validation.md, "Card data outside
 * card.number"), not from src/validation/runtime/card-data.ts: a table of every Unicode decimal digit built by
 * scanning all code points, regular expressions for the runs, and a plain Luhn check of every window. Slow and
 * simple on purpose. Also the forms a card number can be written in, for the property tests.
 */
import * as fc from 'fast-check';
import { luhnCheckDigit } from './support';

/** Every Unicode decimal digit (Nd) as its ASCII digit: each script's digits are ten consecutive code points 0–9. */
const ND_TO_ASCII = new Map<string, string>();
/** The code points of every Nd digit zero. */
export const DIGIT_ZEROS: number[] = [];
for (let cp = 0, runStart = -1; cp <= 0x10ffff; cp++) {
  const isNd = (cp < 0xd800 || cp > 0xdfff) && /\p{Nd}/u.test(String.fromCodePoint(cp));
  if (!isNd) {
    runStart = -1;
    continue;
  }
  if (runStart < 0) runStart = cp;
  const value = (cp - runStart) % 10;
  if (value === 0) DIGIT_ZEROS.push(cp);
  ND_TO_ASCII.set(String.fromCodePoint(cp), String(value));
}

/** Separators that may stand, one at a time, between the digits of a written card number. */
export const SEPARATORS = [' ', '-', '.', '/', '_', '\u00a0', '\u202f', '\u2009', '\u3000', '\u2010', '\u2013', '\u2212', '\uff0e', '\uff0f', '\uff3f', '\uff0d'];
const SEPARATOR_CLASS = /^[\p{Zs}\p{Pd}\u2212._/\uff0e\uff0f\uff3f]$/u;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Does `text` hold a possible card number (the contract's definition, brute force)? */
export function oracleHasCardNumber(value: string | number): boolean {
  let text = typeof value === 'number' ? String(value) : value;
  // Canonical UUIDs (whole tokens) do not join their groups.
  text = text.replace(/(?<![0-9A-Fa-f])[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}(?![0-9A-Fa-f])/g, (u) => u.split('-').join('~'));
  // Code point by code point: D for a digit (its value kept aside), S for a separator, X otherwise.
  const chars = Array.from(text);
  const digits = chars.map((c) => ND_TO_ASCII.get(c) ?? '');
  const shape = chars.map((c, i) => (digits[i] !== '' ? 'D' : SEPARATOR_CLASS.test(c) ? 'S' : 'X')).join('');
  for (const run of shape.matchAll(/D(?:S?D)*/g)) {
    const runDigits = digits.slice(run.index, run.index + run[0].length).join('');
    for (let start = 0; start < runDigits.length; start++) {
      for (let length = 13; length <= 19 && start + length <= runDigits.length; length++) {
        const window = runDigits.slice(start, start + length);
        if (luhn(window) && (length > 13 || '456'.includes(window[0]))) return true;
      }
    }
  }
  return false;
}

/** Does any field of a request but `card.number` hold a possible card number, in its value or its name? */
export function oracleHasCardDataInField(request: unknown): boolean {
  const walk = (value: unknown, isCard: boolean): boolean => {
    if (typeof value === 'string' || typeof value === 'number') return oracleHasCardNumber(value);
    if (Array.isArray(value)) return value.some((v) => walk(v, false));
    if (typeof value === 'object' && value !== null) {
      return Object.entries(value).some(([k, v]) => oracleHasCardNumber(k) || (!(isCard && k === 'number') && walk(v, false)));
    }
    return false;
  };
  if (typeof request === 'object' && request !== null && !Array.isArray(request)) {
    return Object.entries(request).some(([k, v]) => oracleHasCardNumber(k) || walk(v, k === 'card'));
  }
  return walk(request, false);
}

/** Map every decimal digit of `text` to ASCII and drop every separator: how the sinks are searched. */
export function normalizedDigits(text: string): string {
  return text.replace(/[^\x00-\x2f\x3a-\x7f]/gu, (c) => ND_TO_ASCII.get(c) ?? (SEPARATOR_CLASS.test(c) ? '' : c)).replace(/[ ._/-]/g, '');
}

/** A Luhn-valid card number: 14–19 digits with any first digit, or 13 digits starting with 4, 5 or 6. */
export const luhnValidPanArb = fc
  .tuple(fc.integer({ min: 13, max: 19 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 18, maxLength: 18 }), fc.integer({ min: 1, max: 9 }))
  .map(([length, digits, first]) => {
    const lead = length === 13 ? 4 + (first % 3) : first;
    const body = `${lead}${digits.slice(0, length - 2).join('')}`;
    return body + luhnCheckDigit(body);
  });

/** How a card number is written: its digits in one script or mixed scripts, grouped by one kind of separator or any. */
export interface PanForm {
  readonly zeros: readonly number[];
  readonly groups: readonly number[];
  readonly separators: readonly string[];
}

export const panFormArb: fc.Arbitrary<PanForm> = fc.record({
  // One script for every digit (an index into DIGIT_ZEROS), or a mix.
  zeros: fc.oneof(
    fc.constant([0x30]),
    fc.constantFrom(...DIGIT_ZEROS).map((z) => [z]),
    fc.array(fc.constantFrom(...DIGIT_ZEROS), { minLength: 2, maxLength: 4 }),
  ),
  // Contiguous, the usual groups of four, or any grouping.
  groups: fc.oneof(fc.constant([]), fc.constant([4]), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 6 })),
  separators: fc.oneof(fc.constantFrom(...SEPARATORS).map((s) => [s]), fc.array(fc.constantFrom(...SEPARATORS), { minLength: 2, maxLength: 4 })),
});

/** A card number written in a form; every digit and separator chosen by position (deterministic). */
export function writePan(pan: string, form: PanForm): string {
  let out = '';
  let groupIndex = 0;
  let inGroup = 0;
  for (let i = 0; i < pan.length; i++) {
    out += String.fromCodePoint(form.zeros[i % form.zeros.length] + Number(pan[i]));
    inGroup++;
    const size = form.groups.length === 0 ? Infinity : form.groups[groupIndex % form.groups.length];
    if (inGroup >= size && i < pan.length - 1) {
      out += form.separators[groupIndex % form.separators.length];
      groupIndex++;
      inGroup = 0;
    }
  }
  return out;
}
