/**
 * Pure payment validation rules: no AWS, database or CDK import, no clock of its own (the clock is a parameter),
 * no I/O. The handler, the tests and the construct (to validate configured limits) share this module.
 */
import { fieldsWithCardData } from './card-data';
import { ISO_4217_MINOR_UNITS, minorUnitExponent } from './iso4217';

export { ISO_4217_MINOR_UNITS, minorUnitExponent };

/** A card as received (the full number only lives in memory for the duration of one invocation). */
export interface CardInput {
  readonly number: string;
  readonly expiryMonth: number;
  readonly expiryYear: number;
}

/** A well-formed payment request (output of {@link parseRequest}). */
export interface PaymentRequest {
  readonly paymentId: string;
  readonly merchantId: string;
  /** Integer amount in the currency's minor units (ISO 4217 exponent). */
  readonly amount: number;
  readonly currency: string;
  readonly card: CardInput;
}

/** Why a well-formed request is declined (HTTP 422). */
export enum DeclineReason {
  /** The currency code is well formed but not an active ISO 4217 currency. */
  UNSUPPORTED_CURRENCY = 'UNSUPPORTED_CURRENCY',
  /** The amount is above the limit of its currency. */
  AMOUNT_OVER_LIMIT = 'AMOUNT_OVER_LIMIT',
  /** The card number fails the Luhn check. */
  CARD_NUMBER_INVALID = 'CARD_NUMBER_INVALID',
  /** The card expired before the current month. */
  CARD_EXPIRED = 'CARD_EXPIRED',
  /** The card already reached the maximum number of payments within the velocity window. */
  VELOCITY_LIMIT_EXCEEDED = 'VELOCITY_LIMIT_EXCEEDED',
}

/** One problem of a malformed request (HTTP 400): the field path and what is wrong, never the value. */
export interface FieldError {
  readonly field: string;
  readonly problem: string;
}

/** Why a request is rejected as malformed (HTTP 400), when it is more than a problem of shape. */
export enum MalformedReason {
  /** A field other than `card.number` holds what could be a card number (card-data.ts): nothing is recorded. */
  CARD_DATA_IN_FIELD = 'CARD_DATA_IN_FIELD',
}

export type ParseResult =
  | { readonly ok: true; readonly request: PaymentRequest }
  | { readonly ok: false; readonly errors: FieldError[]; readonly reason?: MalformedReason };

/** Limits of the rules. */
export interface RulesConfig {
  /** Maximum amount per currency in minor units; currencies not listed use {@link defaultMaxAmountMinorUnits}. */
  readonly currencyLimits: Readonly<Record<string, number>>;
  /** Velocity rule: at most this many accepted payments per card within {@link velocityWindowSeconds}. */
  readonly velocityMaxPayments: number;
  readonly velocityWindowSeconds: number;
}

/** Identifier syntax of paymentId and merchantId: 1–64 characters from a safe set (no spaces, quotes, slashes). */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
/**
 * An unknown field name with a run of 12 or more digits is never echoed (it could hold a card number). Card numbers
 * in ids and every other value are found by the card-data screen (card-data.ts), which runs before anything else.
 */
export const PAN_LIKE_DIGITS = /[0-9]{12,}/;
/** Unknown field names are echoed in 400 responses only when identifier-like and card-number-free. */
const ECHOABLE_FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
export const ID_MAX_LENGTH = 64;
/** Default limit for currencies without a configured one: 1,000,000 major units (the replaced design's cap). */
export const DEFAULT_LIMIT_MAJOR_UNITS = 1_000_000;
export const MIN_PAN_LENGTH = 12;
export const MAX_PAN_LENGTH = 19;
export const MIN_EXPIRY_YEAR = 2000;
export const MAX_EXPIRY_YEAR = 2099;

const REQUEST_FIELDS = ['paymentId', 'merchantId', 'amount', 'currency', 'card'];
const CARD_FIELDS = ['number', 'expiryMonth', 'expiryYear'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function unknownFields(value: Record<string, unknown>, allowed: string[], prefix: string): FieldError[] {
  return Object.keys(value)
    .filter((k) => !allowed.includes(k))
    .sort()
    // The key itself is attacker-controlled: report it only when it is short and safe to echo.
    .map((k) => ({
      field: ECHOABLE_FIELD_NAME.test(k) && !PAN_LIKE_DIGITS.test(k) ? `${prefix}${k}` : `${prefix}<unprintable field name>`,
      problem: 'unknown field',
    }));
}

function checkId(value: unknown, field: string, errors: FieldError[]): void {
  if (typeof value !== 'string') {
    errors.push({ field, problem: 'must be a string' });
  } else if (!ID_PATTERN.test(value)) {
    errors.push({ field, problem: `must be 1-${ID_MAX_LENGTH} characters of A-Z a-z 0-9 . _ : - starting with a letter or digit` });
  }
}

/** The problem reported for a field holding a possible card number. */
export const CARD_DATA_PROBLEM = 'may hold a card number (13-19 digits passing the Luhn check): send card numbers in card.number only';

/**
 * Check the shape and types of a request: first that no field but `card.number` holds a possible card number
 * (reason CARD_DATA_IN_FIELD, the fields named, never their values), then every field present with the right type
 * and syntax, no unknown field. Business rules (known currency, limit, Luhn, expiry, velocity) are not checked
 * here: a request that parses is well formed and is either accepted or declined with a reason.
 */
export function parseRequest(input: unknown): ParseResult {
  const cardDataFields = fieldsWithCardData(input);
  if (cardDataFields.length > 0) {
    return { ok: false, reason: MalformedReason.CARD_DATA_IN_FIELD, errors: cardDataFields.map((field) => ({ field, problem: CARD_DATA_PROBLEM })) };
  }
  return parseShape(input);
}

/** Shape and types of a request free of card data outside card.number (see {@link parseRequest}). */
function parseShape(input: unknown): ParseResult {
  const errors: FieldError[] = [];
  if (!isPlainObject(input)) {
    return { ok: false, errors: [{ field: '', problem: 'request must be a JSON object' }] };
  }
  errors.push(...unknownFields(input, REQUEST_FIELDS, ''));
  for (const f of REQUEST_FIELDS) {
    if (!(f in input) || input[f] === undefined) {
      errors.push({ field: f, problem: 'is required' });
    }
  }
  if ('paymentId' in input) checkId(input.paymentId, 'paymentId', errors);
  if ('merchantId' in input) checkId(input.merchantId, 'merchantId', errors);
  if ('amount' in input) {
    const a = input.amount;
    if (typeof a !== 'number' || !Number.isSafeInteger(a)) {
      errors.push({ field: 'amount', problem: 'must be an integer number of minor units' });
    } else if (a <= 0) {
      errors.push({ field: 'amount', problem: 'must be greater than 0' });
    }
  }
  if ('currency' in input) {
    if (typeof input.currency !== 'string' || !/^[A-Z]{3}$/.test(input.currency)) {
      errors.push({ field: 'currency', problem: 'must be a three-letter upper-case ISO 4217 code' });
    }
  }
  if ('card' in input) {
    const card = input.card;
    if (!isPlainObject(card)) {
      errors.push({ field: 'card', problem: 'must be an object' });
    } else {
      errors.push(...unknownFields(card, CARD_FIELDS, 'card.'));
      for (const f of CARD_FIELDS) {
        if (!(f in card) || card[f] === undefined) {
          errors.push({ field: `card.${f}`, problem: 'is required' });
        }
      }
      if ('number' in card) {
        const n = card.number;
        if (typeof n !== 'string' || !/^[0-9]+$/.test(n)) {
          errors.push({ field: 'card.number', problem: 'must be a string of digits only' });
        } else if (n.length < MIN_PAN_LENGTH || n.length > MAX_PAN_LENGTH) {
          errors.push({ field: 'card.number', problem: `must have ${MIN_PAN_LENGTH} to ${MAX_PAN_LENGTH} digits` });
        }
      }
      if ('expiryMonth' in card) {
        const m = card.expiryMonth;
        if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > 12) {
          errors.push({ field: 'card.expiryMonth', problem: 'must be an integer from 1 to 12' });
        }
      }
      if ('expiryYear' in card) {
        const y = card.expiryYear;
        if (typeof y !== 'number' || !Number.isInteger(y) || y < MIN_EXPIRY_YEAR || y > MAX_EXPIRY_YEAR) {
          errors.push({ field: 'card.expiryYear', problem: `must be a four-digit year from ${MIN_EXPIRY_YEAR} to ${MAX_EXPIRY_YEAR}` });
        }
      }
    }
  }
  if (errors.length > 0) {
    return { ok: false, errors };
  }
  const card = input.card as Record<string, unknown>;
  return {
    ok: true,
    request: {
      paymentId: input.paymentId as string,
      merchantId: input.merchantId as string,
      amount: input.amount as number,
      currency: input.currency as string,
      card: {
        number: card.number as string,
        expiryMonth: card.expiryMonth as number,
        expiryYear: card.expiryYear as number,
      },
    },
  };
}

/** Luhn (mod 10) check of a string of digits. */
export function luhnValid(digits: string): boolean {
  if (!/^[0-9]+$/.test(digits)) {
    return false;
  }
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** A card is valid through the last day of its expiry month (UTC): expired when that month is before `now`'s. */
export function isExpired(expiryMonth: number, expiryYear: number, now: Date): boolean {
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth(); // months since year 0, January = 0
  const expiry = expiryYear * 12 + (expiryMonth - 1);
  return expiry < current;
}

/** The limit of a currency in minor units: the configured one, or 1,000,000 major units. */
export function amountLimit(currency: string, config: Pick<RulesConfig, 'currencyLimits'>): number | undefined {
  const exponent = minorUnitExponent(currency);
  if (exponent === undefined) {
    return undefined;
  }
  if (Object.prototype.hasOwnProperty.call(config.currencyLimits, currency)) {
    return config.currencyLimits[currency];
  }
  return DEFAULT_LIMIT_MAJOR_UNITS * 10 ** exponent;
}

/**
 * The stateless business rules of a well-formed request, in a fixed order (the first failing rule is the reason):
 * currency, amount limit, Luhn, expiry. Returns undefined when all pass (velocity is checked against the database).
 */
export function evaluateStatelessRules(
  request: PaymentRequest,
  config: Pick<RulesConfig, 'currencyLimits'>,
  now: Date,
): DeclineReason | undefined {
  const limit = amountLimit(request.currency, config);
  if (limit === undefined) {
    return DeclineReason.UNSUPPORTED_CURRENCY;
  }
  if (request.amount > limit) {
    return DeclineReason.AMOUNT_OVER_LIMIT;
  }
  if (!luhnValid(request.card.number)) {
    return DeclineReason.CARD_NUMBER_INVALID;
  }
  if (isExpired(request.card.expiryMonth, request.card.expiryYear, now)) {
    return DeclineReason.CARD_EXPIRED;
  }
  return undefined;
}

/**
 * Velocity rule: `acceptedInWindow` accepted payments of the same card fingerprint already exist within the window;
 * one more is allowed only while that count is below the maximum.
 */
export function evaluateVelocity(acceptedInWindow: number, config: Pick<RulesConfig, 'velocityMaxPayments'>): DeclineReason | undefined {
  return acceptedInWindow >= config.velocityMaxPayments ? DeclineReason.VELOCITY_LIMIT_EXCEEDED : undefined;
}

/** The last four digits of a card number (the only part of it that is ever stored or logged). */
export function lastFour(pan: string): string {
  return pan.slice(-4);
}

/**
 * The canonical form of a request used for idempotency comparison: fixed key order, so two JSON documents with
 * the same content but different key order are the same request. Hashed with a key before storage (it holds the PAN).
 */
export function canonicalRequest(request: PaymentRequest): string {
  return JSON.stringify([
    request.paymentId,
    request.merchantId,
    request.amount,
    request.currency,
    request.card.number,
    request.card.expiryMonth,
    request.card.expiryYear,
  ]);
}

/** Check a rules configuration (used by the handler at start and by the construct at synthesis). */
export function configErrors(config: RulesConfig): string[] {
  const errors: string[] = [];
  for (const [currency, limit] of Object.entries(config.currencyLimits)) {
    if (minorUnitExponent(currency) === undefined) {
      errors.push(`currencyLimits currency must be an active ISO 4217 code, got: ${currency}`);
    }
    if (!Number.isSafeInteger(limit) || limit <= 0) {
      errors.push(`currencyLimits maxAmountMinorUnits must be a positive integer, got: ${currency} ${limit}`);
    }
  }
  if (!Number.isSafeInteger(config.velocityMaxPayments) || config.velocityMaxPayments < 1) {
    errors.push(`velocity maxPayments must be a positive integer, got: ${config.velocityMaxPayments}`);
  }
  if (!Number.isSafeInteger(config.velocityWindowSeconds) || config.velocityWindowSeconds < 1) {
    errors.push(`velocity window must be at least 1 second, got: ${config.velocityWindowSeconds}`);
  }
  return errors;
}
