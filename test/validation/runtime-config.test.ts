import { ConfigurationError, fingerprintKeyFromEnv, isDatabaseUnavailable, isReadOnlyDatabase, rulesConfigFromEnv } from '../../src/validation/runtime/runtime-config';

describe('runtime configuration', () => {
  test('rules from the environment, with defaults', () => {
    expect(rulesConfigFromEnv({})).toEqual({ currencyLimits: {}, velocityMaxPayments: 10, velocityWindowSeconds: 3600 });
    expect(rulesConfigFromEnv({ CURRENCY_LIMITS: '{"USD":100}', VELOCITY_MAX_PAYMENTS: '2', VELOCITY_WINDOW_SECONDS: '60' }))
      .toEqual({ currencyLimits: { USD: 100 }, velocityMaxPayments: 2, velocityWindowSeconds: 60 });
  });
  test('fails when the limits are not a JSON object', () => {
    expect(() => rulesConfigFromEnv({ CURRENCY_LIMITS: '[1]' })).toThrow(new ConfigurationError('CURRENCY_LIMITS must be a JSON object, got: [1]'));
    expect(() => rulesConfigFromEnv({ CURRENCY_LIMITS: 'x' })).toThrow('CURRENCY_LIMITS must be a JSON object, got: x');
  });
  test('fails when a limit names an unknown currency', () => {
    expect(() => rulesConfigFromEnv({ CURRENCY_LIMITS: '{"XAU":1}' })).toThrow('currencyLimits currency must be an active ISO 4217 code, got: XAU');
  });
  test('fails when the velocity settings are not integers', () => {
    expect(() => rulesConfigFromEnv({ VELOCITY_MAX_PAYMENTS: 'ten' })).toThrow('VELOCITY_MAX_PAYMENTS must be an integer, got: ten');
  });
  test('fails when the fingerprint key is missing or short', async () => {
    await expect(fingerprintKeyFromEnv({})).rejects.toThrow('FINGERPRINT_KEY_SECRET_ARN (or CARD_FINGERPRINT_KEY in tests) must be set');
    await expect(fingerprintKeyFromEnv({ CARD_FINGERPRINT_KEY: 'short' })).rejects.toThrow('the card fingerprint key must be at least 32 bytes, got: 5');
    expect((await fingerprintKeyFromEnv({ CARD_FINGERPRINT_KEY: 'k'.repeat(32) })).length).toBe(32);
  });
  test.each([
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), true],
    [new Error('connect ECONNREFUSED 127.0.0.1:5432'), true],
    [new Error('Connection terminated unexpectedly'), true],
    [Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), true],
    [Object.assign(new Error('the database system is starting up'), { code: '57P03' }), true],
    [Object.assign(new Error('password authentication failed'), { code: '28P01' }), true],
    [Object.assign(new Error('could not serialize access'), { code: '40001' }), true],
    [Object.assign(new Error('duplicate key'), { code: '23505' }), false],
    [Object.assign(new Error('syntax error'), { code: '42601' }), false],
    [new TypeError('x is undefined'), false],
    ['a string', false],
  ])('isDatabaseUnavailable(%p) is %p', (error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });

  const readOnly = Object.assign(new Error('cannot execute INSERT in a read-only transaction'), { code: '25006' });
  test.each([
    [readOnly, true],
    [{ errors: [readOnly] }, true],
    [Object.assign(new Error('duplicate key'), { code: '23505' }), false],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), false],
    [null, false],
  ])('isReadOnlyDatabase(%p) is %p (a read-only database is unavailable for writes)', (error, expected) => {
    expect(isReadOnlyDatabase(error)).toBe(expected);
    if (expected) expect(isDatabaseUnavailable(error)).toBe(true);
  });
});

describe('handler configuration', () => {
  /** Load a handler module afresh with `env` applied; its invocation's result (or error), stdout silenced. */
  async function invokeWith(module: string, env: Record<string, string | undefined>): Promise<unknown> {
    const saved = { ...process.env };
    try {
      for (const [name, value] of Object.entries(env)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      let handler: (e: unknown) => Promise<unknown> = async () => undefined;
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        handler = require(module).handler;
      });
      const spy = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
      try {
        return await handler({});
      } finally {
        spy.mockRestore();
      }
    } finally {
      process.env = saved;
    }
  }

  test('the validation function fails the invocation (Errors alarm) when misconfigured', async () => {
    await expect(invokeWith('../../src/validation/runtime/validate-payment.lambda', { VELOCITY_MAX_PAYMENTS: 'ten' }))
      .rejects.toThrow('VELOCITY_MAX_PAYMENTS must be an integer, got: ten');
  });

  test('the relay fails the invocation (Errors alarm) without a bucket name', async () => {
    await expect(invokeWith('../../src/validation/runtime/relay-transaction-log.lambda', { LOG_BUCKET_NAME: undefined }))
      .rejects.toThrow('LOG_BUCKET_NAME must be set');
  });
});
