/**
 * Checks of the platform's props whose errors name the user's prop path (`DrPaymentPlatformProps.standby.minCapacity`)
 * and the value. Pure functions, no CDK import: the area validators (validate-props.ts, validate-region-options.ts,
 * validate-options.ts) call them before any construct is built, so no lower-level name reaches a user.
 */

/** The root of every prop path. */
export const PROPS = 'DrPaymentPlatformProps';

/** `DrPaymentPlatformProps.<path>`. */
export function propPath(path: string): string {
  return `${PROPS}.${path}`;
}

/** A value as an error message shows it: strings as they are (quoted when empty or padded), others as JSON. */
export function shown(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return value.length === 0 || value.trim() !== value ? `'${value}'` : value;
  if (typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Throws `<path> <requirement>, got: <value>`. */
export function fail(path: string, requirement: string, value: unknown): never {
  throw new Error(`${propPath(path)} ${requirement}, got: ${shown(value)}`);
}

/** Plain JavaScript callers may omit a required prop: an Error naming it, never a TypeError further down. */
export function requirePresent(path: string, value: unknown, what: string): void {
  if (value === undefined || value === null) {
    fail(path, `is required (${what})`, value);
  }
}

/** An object (a nested props block), when given. */
export function requireObject(path: string, value: unknown): void {
  if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    fail(path, 'must be an object', value);
  }
}

/** A non-empty string. */
export function requireNonEmptyString(path: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim().length === 0) {
    fail(path, 'must be a non-empty string', value);
  }
}

/** An integer `>= min` (and `<= max` when given), when given. */
export function requireInteger(path: string, value: unknown, min: number, max?: number): void {
  if (value === undefined) return;
  const ok = typeof value === 'number' && Number.isInteger(value) && value >= min && (max === undefined || value <= max);
  if (!ok) {
    fail(path, max === undefined ? `must be an integer >= ${min}` : `must be an integer between ${min} and ${max}`, value);
  }
}

/** One of `allowed`, when given. */
export function requireOneOf(path: string, value: unknown, allowed: readonly (number | string)[]): void {
  if (value !== undefined && !allowed.includes(value as number | string)) {
    fail(path, `must be one of ${allowed.join(', ')}`, value);
  }
}

/** A boolean, when given. */
export function requireBoolean(path: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    fail(path, 'must be true or false', value);
  }
}

/** A non-empty array, when required. */
export function requireNonEmptyArray(path: string, value: unknown, what: string): void {
  if (!Array.isArray(value)) {
    fail(path, `must be an array (${what})`, value);
  }
  if (value.length === 0) {
    fail(path, `must name at least one ${what}`, value);
  }
}
