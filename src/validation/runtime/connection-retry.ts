/**
 * Bounded retry with exponential backoff and full jitter for work that needs a database connection (the schema
 * migration at deploy time): a DNS blip, a writer restarting or a role swap in progress must not roll back a stack,
 * but a database that never answers must fail the deployment well before CloudFormation's timeout.
 */
import { isDatabaseUnavailable } from './runtime-config';

/** Settings of {@link withConnectionRetry}. */
export interface RetryOptions {
  /** Give up once this much time has passed since the first attempt (the last attempt may still be running). */
  readonly budgetMs: number;
  /** Upper bound of the first backoff; doubles after each failure. @default 500 */
  readonly initialDelayMs?: number;
  /** Upper bound of any backoff. @default 10_000 */
  readonly maxDelayMs?: number;
  /** Injected for tests. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injected for tests. @default Date.now */
  readonly now?: () => number;
  /** Injected for tests: a number in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Called before each backoff with the failed attempt's number and error. */
  readonly onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
}

/** SQLSTATE 25006 read_only_sql_transaction: the endpoint reached a reader (a role swap in progress). */
const READ_ONLY_TRANSACTION = '25006';

/** True for the errors worth another attempt: connection-level failures and a writer that is not (yet) the writer. */
export function isRetryableConnectionError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === READ_ONLY_TRANSACTION || isDatabaseUnavailable(error);
}

/** Run `work` until it succeeds, fails with a non-retryable error, or the time budget is spent. */
export async function withConnectionRetry<T>(work: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const initial = options.initialDelayMs ?? 500;
  const max = options.maxDelayMs ?? 10_000;
  const deadline = now() + options.budgetMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      const remaining = deadline - now();
      if (!isRetryableConnectionError(error) || remaining <= 0) {
        throw error;
      }
      const delay = Math.min(remaining, Math.floor(random() * Math.min(max, initial * 2 ** (attempt - 1))));
      options.onRetry?.(attempt, error, delay);
      await sleep(delay);
    }
  }
}
