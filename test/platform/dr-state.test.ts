import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { DrPaymentPlatform, DrPaymentPlatformProps } from '../../src';
import { describeDrState, resolveDrState } from '../../src/platform/private/dr-state';

const REGIONS = { primaryRegion: 'us-east-1', standbyRegion: 'us-west-2' };

describe('resolveDrState (pure)', () => {
  test('defaults to the primary region active, guardrail on, default capacities', () => {
    const s = resolveDrState(REGIONS);
    expect(s).toMatchObject({ activeRegion: 'us-east-1', passiveRegion: 'us-west-2', failedOver: false, rpoGuardrailSuspended: false, source: 'default' });
    expect(s.primary).toEqual({ region: 'us-east-1', active: true, minCapacity: 10, runsMigrations: true });
    expect(s.standby).toEqual({ region: 'us-west-2', active: false, minCapacity: 2, runsMigrations: false });
    expect(describeDrState(s)).toBe('normal: us-east-1 (primary) active');
  });

  test('the standby active: it gets the primary\'s minimum and the migrations; the primary gets the standby\'s minimum', () => {
    const s = resolveDrState({ ...REGIONS, activeRegion: 'us-west-2', primaryMinCapacity: 6, standbyMinCapacity: 3 });
    expect(s.primary).toEqual({ region: 'us-east-1', active: false, minCapacity: 3, runsMigrations: false });
    expect(s.standby).toEqual({ region: 'us-west-2', active: true, minCapacity: 6, runsMigrations: true });
    expect([s.failedOver, s.passiveRegion, s.source]).toEqual([true, 'us-east-1', 'prop']);
  });

  test('the context key works alone, and agrees with the prop', () => {
    expect(resolveDrState({ ...REGIONS, contextActiveRegion: 'us-west-2' })).toMatchObject({ activeRegion: 'us-west-2', source: 'context' });
    expect(resolveDrState({ ...REGIONS, activeRegion: 'us-west-2', contextActiveRegion: 'us-west-2' })).toMatchObject({ source: 'prop' });
  });

  test.each([
    [{ activeRegion: 'eu-west-1' }, 'DrPaymentPlatformProps.activeRegion must be the primaryRegion (us-east-1) or the standbyRegion (us-west-2), got: eu-west-1'],
    [{ contextActiveRegion: 'eu-west-1' }, 'context dr-payment-platform:activeRegion must be the primaryRegion (us-east-1) or the standbyRegion (us-west-2), got: "eu-west-1"'],
    [{ contextActiveRegion: 42 }, 'context dr-payment-platform:activeRegion must be the primaryRegion (us-east-1) or the standbyRegion (us-west-2), got: 42'],
    [{ activeRegion: 'us-east-1', contextActiveRegion: 'us-west-2' }, 'context dr-payment-platform:activeRegion (us-west-2) contradicts DrPaymentPlatformProps.activeRegion (us-east-1): declare the active region in one place, got: both'],
    [{ contextRpoGuardrailSuspended: 'yes' }, 'context dr-payment-platform:rpoGuardrailSuspended must be true or false, got: "yes"'],
    [{ rpoGuardrailSuspended: false, contextRpoGuardrailSuspended: 'true' }, 'context dr-payment-platform:rpoGuardrailSuspended (true) contradicts DrPaymentPlatformProps.rpoGuardrailSuspended (false): declare it in one place, got: both'],
    [{ activeRegion: 'us-west-2', primaryMinCapacity: 30, standbyMaxCapacity: 20 }, 'DrPaymentPlatformProps.standby.maxCapacity must be at least the primary\'s minCapacity (30) while the standby region us-west-2 is active, got: 20'],
  ])('rejects %j', (input, message) => {
    expect(() => resolveDrState({ ...REGIONS, ...input })).toThrow(message);
  });

  test('the guardrail suspension from the prop or the context (strings from -c, booleans from cdk.json)', () => {
    expect(resolveDrState({ ...REGIONS, rpoGuardrailSuspended: true }).rpoGuardrailSuspended).toBe(true);
    expect(resolveDrState({ ...REGIONS, contextRpoGuardrailSuspended: 'true' }).rpoGuardrailSuspended).toBe(true);
    expect(resolveDrState({ ...REGIONS, contextRpoGuardrailSuspended: false }).rpoGuardrailSuspended).toBe(false);
    expect(describeDrState(resolveDrState({ ...REGIONS, activeRegion: 'us-west-2', rpoGuardrailSuspended: true })))
      .toBe('failed over: us-west-2 (standby) active, RPO guardrail suspended');
  });

  test('the module is pure: no aws-cdk-lib or constructs import, nor anything that imports them', () => {
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'platform', 'private', 'dr-state.ts'), 'utf-8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports).toEqual(['../../region/defaults']);
    expect(fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'region', 'defaults.ts'), 'utf-8')).not.toMatch(/from '/);
  });
});

describe('the switch on DrPaymentPlatform', () => {
  const BASE: DrPaymentPlatformProps = {
    account: '111111111111',
    ...REGIONS,
    domainName: 'pay.example.com',
    hostedZone: { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' },
    alertEmails: ['oncall@example.com'],
  };

  test('reads the context key of the app', () => {
    const app = new App({ context: { 'dr-payment-platform:activeRegion': 'us-west-2', 'dr-payment-platform:rpoGuardrailSuspended': 'true' } });
    const p = new DrPaymentPlatform(app, 'Payments', BASE);
    expect([p.activeRegion, p.rpoGuardrailSuspended]).toEqual(['us-west-2', true]);
  });

  test('fails at construction with the prop path and value', () => {
    expect(() => new DrPaymentPlatform(new App(), 'Payments', { ...BASE, activeRegion: 'eu-central-1' }))
      .toThrow('DrPaymentPlatformProps.activeRegion must be the primaryRegion (us-east-1) or the standbyRegion (us-west-2), got: eu-central-1');
  });
});
