/**
 * Detector of possible card numbers (primary account numbers, PANs) outside `card.number`: pure, no AWS, database
 * or CDK import, no I/O. rules.ts screens every field of a request with it before anything is persisted or logged.
 *
 * A possible PAN is 13–19 decimal digits passing the Luhn check (ISO/IEC 7812), anywhere in a value:
 * - digits in any Unicode decimal-digit form (General_Category Nd: ASCII, full-width, Arabic-Indic, Devanagari…),
 *   mixed freely;
 * - contiguous, or separated by single spaces (any Unicode space), dashes (any Unicode dash, the minus sign), dots,
 *   slashes or underscores (ASCII or full-width): `5425 2334 3010 9903`, `5425-2334-3010-9903`, `5425.2334…`;
 * - every 13–19-digit window of such a run is checked, so digits glued before or after a card number do not hide it.
 * Two exceptions keep ordinary identifiers from being taken for card numbers (docs/validation.md gives the measured
 * false-positive rates):
 * - a 13-digit window counts only when it starts with 4, 5 or 6: the only 13-digit PANs are Visa's (4) and
 *   Maestro's (5, 6), while a millisecond epoch timestamp is 13 digits starting with 1 (until 2033) and 2 or 3 (until
 *   2096);
 * - the dashes of a canonical UUID (8-4-4-4-12 hexadecimal digits) do not join its groups: every UUID library writes
 *   that shape, and an all-digit run of its groups would otherwise pass Luhn about once per 10,000 UUIDs.
 */

/** Fewest digits of a possible card number (the range; ISO/IEC 7812 PANs are at most 19 digits). */
export const CARD_DATA_MIN_DIGITS = 13;
/** Most digits of a possible card number. */
export const CARD_DATA_MAX_DIGITS = 19;

const NON_ASCII_DECIMAL_DIGIT = /\p{Nd}/u;
/** U+0660 ARABIC-INDIC DIGIT ZERO: the first decimal digit after ASCII's. */
const FIRST_NON_ASCII_DIGIT = 0x660;
const SEPARATOR = /[\p{Zs}\p{Pd}\u2212._/\uff0e\uff0f\uff3f]/u;
const ASCII_SEPARATORS = new Set([0x20, 0x2d, 0x2e, 0x2f, 0x5f]); // space - . / _
const UUID = /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}/g;
const HEX = /[0-9A-Fa-f]/;

/** The digits of the run being scanned (reused: the detector runs once per field of every request). */
const runDigits: number[] = [];
/** Values of the non-ASCII decimal digits met so far (at most the 700 or so Nd code points). */
const digitValues = new Map<number, number>();

function isDecimalDigit(codePoint: number): boolean {
  return NON_ASCII_DECIMAL_DIGIT.test(String.fromCodePoint(codePoint));
}

/**
 * The value (0–9) of a decimal digit in any script, or -1. Unicode encodes each script's decimal digits as ten
 * contiguous code points from zero to nine, and every contiguous range of Nd code points is a whole number of such
 * sets (gc=Nd is limited to digits encoded as contiguous 0..9 sequences: Unicode stability policy,
 * https://www.unicode.org/policies/stability_policy.html#Property_Stability; tested over every code point in
 * test/validation/card-data.test.ts): the value is the distance from the start of the range, modulo 10.
 */
export function decimalDigitValue(codePoint: number): number {
  if (codePoint >= 0x30 && codePoint <= 0x39) {
    return codePoint - 0x30;
  }
  if (codePoint < FIRST_NON_ASCII_DIGIT) {
    return -1;
  }
  const known = digitValues.get(codePoint);
  if (known !== undefined) {
    return known;
  }
  if (!isDecimalDigit(codePoint)) {
    return -1;
  }
  let start = codePoint;
  while (isDecimalDigit(start - 1)) start--;
  const value = (codePoint - start) % 10;
  digitValues.set(codePoint, value);
  return value;
}

function isSeparator(codePoint: number): boolean {
  return ASCII_SEPARATORS.has(codePoint) || (codePoint > 0x7f && SEPARATOR.test(String.fromCodePoint(codePoint)));
}

/** Whether some 13–19-digit window of `digits` passes Luhn (a 13-digit one only when it starts with 4, 5 or 6). */
function runHasCardNumber(digits: number[], n: number): boolean {
  for (let start = 0; start + CARD_DATA_MIN_DIGITS <= n; start++) {
    // Luhn doubles every second digit from the right: for a window of even length the digits at even offsets from
    // its start, for an odd length those at odd offsets. Both sums grow with the window, one digit at a time.
    let evenDoubled = 0;
    let oddDoubled = 0;
    const end = Math.min(n, start + CARD_DATA_MAX_DIGITS);
    for (let i = start; i < end; i++) {
      const d = digits[i];
      const doubled = d * 2 > 9 ? d * 2 - 9 : d * 2;
      if ((i - start) % 2 === 0) {
        evenDoubled += doubled;
        oddDoubled += d;
      } else {
        evenDoubled += d;
        oddDoubled += doubled;
      }
      const length = i - start + 1;
      if (length < CARD_DATA_MIN_DIGITS) continue;
      const sum = length % 2 === 0 ? evenDoubled : oddDoubled;
      if (sum % 10 === 0 && (length > CARD_DATA_MIN_DIGITS || (digits[start] >= 4 && digits[start] <= 6))) {
        return true;
      }
    }
  }
  return false;
}

/** The text with the dashes inside canonical UUIDs replaced by a character that ends a digit run. */
function withoutUuidDashes(text: string): string {
  if (text.length < 36 || !text.includes('-')) {
    return text;
  }
  return text.replace(UUID, (uuid, offset: number) => {
    // Only a whole token: a UUID-shaped match inside a longer hexadecimal string is not a UUID.
    const before = offset > 0 ? text[offset - 1] : '';
    const after = text[offset + uuid.length] ?? '';
    return HEX.test(before) || HEX.test(after) ? uuid : uuid.replace(/-/g, '~');
  });
}

/** Whether a text can hold 13 digits at all: at least 13 ASCII digits, or any non-ASCII character (cheap check). */
function mayHoldCardNumber(text: string): boolean {
  let asciiDigits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return true;
    if (c >= 0x30 && c <= 0x39 && ++asciiDigits >= CARD_DATA_MIN_DIGITS) return true;
  }
  return false;
}

/** Whether a string, or a number's decimal form, holds a possible card number (see the module's comment). */
export function containsCardNumber(value: string | number): boolean {
  const raw = typeof value === 'number' ? String(value) : value;
  if (raw.length < CARD_DATA_MIN_DIGITS || !mayHoldCardNumber(raw) || !scan(raw)) {
    return false;
  }
  // Ending runs at a UUID's dashes can only remove hits: look for UUIDs only when there is one (rare, and cheaper).
  const text = withoutUuidDashes(raw);
  return text === raw || scan(text);
}

/** Whether some run of digits (joined by single separators) of `text` holds a possible card number. */
function scan(text: string): boolean {
  const digits = runDigits;
  let count = 0;
  let afterSeparator = false;
  for (let i = 0; i < text.length; i++) {
    const codePoint = text.codePointAt(i)!; // a lone surrogate is its own code point (no digit, no separator)
    if (codePoint > 0xffff) i++;
    const digit = decimalDigitValue(codePoint);
    if (digit >= 0) {
      digits[count++] = digit;
      afterSeparator = false;
    } else if (count > 0 && !afterSeparator && isSeparator(codePoint)) {
      afterSeparator = true; // one separator between two digits keeps the run going
    } else {
      if (count >= CARD_DATA_MIN_DIGITS && runHasCardNumber(digits, count)) {
        return true;
      }
      count = 0;
      afterSeparator = false;
    }
  }
  return count >= CARD_DATA_MIN_DIGITS && runHasCardNumber(digits, count);
}

/** A field name that is echoed as is (identifier-like, short, no long digit run); any other shows as a placeholder. */
const PRINTABLE_FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
/** How an unprintable field name appears in a field path. */
export const UNPRINTABLE_FIELD_NAME = '<unprintable field name>';
/** At most this many field paths are reported for one request. */
export const MAX_REPORTED_FIELDS = 20;

/** The name of a field as it may appear in a response or a log line: never a name that could hold card data. */
export function printableFieldName(name: string): string {
  return PRINTABLE_FIELD_NAME.test(name) && !/[0-9]{12,}/.test(name) && !containsCardNumber(name) ? name : UNPRINTABLE_FIELD_NAME;
}

interface Visit {
  readonly value: unknown;
  readonly parent: Visit | undefined;
  /** The field name or array index of this value in its parent (undefined for the request itself). */
  readonly key: string | number | undefined;
  readonly depth: number;
}

/** The printable path of a value (`card.holder`, `items[2].sku`), computed only for a hit. */
function pathOf(visit: Visit): string {
  const segments: string[] = [];
  for (let v: Visit | undefined = visit; v && v.key !== undefined; v = v.parent) {
    segments.push(typeof v.key === 'number' ? `[${v.key}]` : `.${printableFieldName(v.key)}`);
  }
  const joined = segments.reverse().join('');
  return joined.startsWith('.') ? joined.slice(1) : joined;
}

/**
 * The paths of the fields of a request (any JSON value) that hold a possible card number, in their value or in
 * their name: every field at any depth except `card.number`, the one place a card number belongs. Paths name the
 * field (`merchantId`, `card.holder`, `items[2].sku`, `<unprintable field name>`), never its value; at most
 * {@link MAX_REPORTED_FIELDS}, sorted. Iterative, so no nesting depth can overflow the stack.
 */
export function fieldsWithCardData(request: unknown): string[] {
  const found = new Set<string>();
  const stack: Visit[] = [{ value: request, parent: undefined, key: undefined, depth: 0 }];
  while (stack.length > 0 && found.size < MAX_REPORTED_FIELDS) {
    const visit = stack.pop()!;
    const value = visit.value;
    if (typeof value === 'string' || typeof value === 'number') {
      if (containsCardNumber(value)) found.add(pathOf(visit));
    } else if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) stack.push({ value: value[index], parent: visit, key: index, depth: visit.depth + 1 });
    } else if (typeof value === 'object' && value !== null) {
      const isCard = visit.depth === 1 && visit.key === 'card';
      for (const name of Object.keys(value)) {
        const child: Visit = { value: (value as Record<string, unknown>)[name], parent: visit, key: name, depth: visit.depth + 1 };
        if (containsCardNumber(name)) found.add(pathOf(child));
        if (!(isCard && name === 'number')) stack.push(child);
      }
    }
  }
  return [...found].sort();
}
