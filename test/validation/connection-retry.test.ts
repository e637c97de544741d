import { isRetryableConnectionError, withConnectionRetry } from '../../src/validation/runtime/connection-retry';

/** A fake clock: sleep advances it. */
function clock() {
  let t = 0;
  const sleeps: number[] = [];
  return { now: () => t, sleep: async (ms: number) => { sleeps.push(ms); t += ms; }, sleeps, advance: (ms: number) => (t += ms) };
}
const refused = () => Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('withConnectionRetry', () => {
  test('retries connection errors with exponential backoff (full jitter) and returns the first success', async () => {
    const c = clock();
    let calls = 0;
    const result = await withConnectionRetry(async () => { if (++calls < 4) throw refused(); return 'done'; },
      { budgetMs: 60_000, initialDelayMs: 500, maxDelayMs: 10_000, now: c.now, sleep: c.sleep, random: () => 0.999 });
    expect([result, calls]).toEqual(['done', 4]);
    expect(c.sleeps).toEqual([499, 999, 1998]);
  });

  test('the backoff is capped by maxDelayMs and by the remaining budget; then the last error is thrown', async () => {
    const c = clock();
    let calls = 0;
    await expect(withConnectionRetry(async () => { calls++; c.advance(100); throw refused(); },
      { budgetMs: 5_000, initialDelayMs: 1_000, maxDelayMs: 2_000, now: c.now, sleep: c.sleep, random: () => 0.999 }))
      .rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(Math.max(...c.sleeps)).toBeLessThanOrEqual(2_000);
    expect(c.now()).toBeLessThanOrEqual(5_000 + 100);
    expect(calls).toBeGreaterThan(2);
  });

  test('does not retry other errors', async () => {
    let calls = 0;
    await expect(withConnectionRetry(async () => { calls++; throw Object.assign(new Error('syntax error'), { code: '42601' }); }, { budgetMs: 10_000 }))
      .rejects.toThrow('syntax error');
    expect(calls).toBe(1);
  });

  test('read-only transactions (a role swap in progress) and connection errors are retryable, bugs are not', () => {
    expect(isRetryableConnectionError({ code: '25006' })).toBe(true);
    expect(isRetryableConnectionError(refused())).toBe(true);
    expect(isRetryableConnectionError({ code: 'ENOTFOUND' })).toBe(true);
    expect(isRetryableConnectionError(new Error('relation does not exist'))).toBe(false);
  });
});
