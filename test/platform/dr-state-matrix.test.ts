/**
 * The DR state matrix: the platform synthesized in every state an operator deploys in, its invariants per state, and
 * no replacement of a stateful resource between any two states.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { replacementProperties, statefulDifferences, statefulResources, STATEFUL_TYPES } from './stateful-resources';
import { DrPaymentPlatform, DrPaymentPlatformProps } from '../../src';
import { expectCompliant } from '../compliance/harness';

const PRIMARY = 'us-east-1';
const STANDBY = 'us-west-2';
const BASE: DrPaymentPlatformProps = {
  account: '111111111111',
  primaryRegion: PRIMARY,
  standbyRegion: STANDBY,
  domainName: 'pay.example.com',
  hostedZone: { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' },
  alertEmails: ['oncall@example.com'],
  // Minimums unlike the defaults, so that a default leaking in cannot pass.
  primary: { minCapacity: 6, maxCapacity: 20 },
  standby: { minCapacity: 3, maxCapacity: 20 },
};

interface DrStateCase {
  readonly name: string;
  readonly props: Partial<DrPaymentPlatformProps>;
  readonly context: Record<string, string>;
  readonly active: string;
  readonly suspended: boolean;
}

const STATES: DrStateCase[] = [
  { name: 'normal', props: {}, context: {}, active: PRIMARY, suspended: false },
  { name: 'failed over to the standby', props: { activeRegion: STANDBY }, context: {}, active: STANDBY, suspended: false },
  { name: 'failed back', props: { activeRegion: PRIMARY }, context: {}, active: PRIMARY, suspended: false },
  { name: 'switchover drill', props: {}, context: { 'dr-payment-platform:activeRegion': STANDBY }, active: STANDBY, suspended: false },
  { name: 'standby impaired', props: { rpoGuardrailSuspended: true }, context: {}, active: PRIMARY, suspended: true },
];

function build(c: DrStateCase): { app: App; platform: DrPaymentPlatform } {
  const app = new App({ context: c.context });
  return { app, platform: new DrPaymentPlatform(app, 'Payments', { ...BASE, ...c.props }) };
}

function templatesOf(p: DrPaymentPlatform): Record<string, any> {
  return Object.fromEntries([p.standbyStorageStack, p.primaryStack, p.standbyStack, p.dnsStack]
    .map((s) => [s.stackName, Template.fromStack(s).toJSON()]));
}

function resourcesOfType(template: any, type: string): Array<[string, any]> {
  return Object.entries<any>(template.Resources).filter(([, r]) => r.Type === type);
}

const built = STATES.map((c) => ({ c, ...build(c) }));
const templates = built.map((b) => templatesOf(b.platform));

describe.each(built.map((b, i) => [b.c.name, b, templates[i]] as const))('DR state: %s', (_name, b, t) => {
  const { c, platform } = b;
  const regionStack = (region: string) => (region === PRIMARY ? t['Payments-Primary'] : t['Payments-Standby']);
  const passive = c.active === PRIMARY ? STANDBY : PRIMARY;

  test('declares its state', () => {
    expect([platform.activeRegion, platform.rpoGuardrailSuspended]).toEqual([c.active, c.suspended]);
  });

  test('the active region runs the primary\'s minimum capacity, the passive one the standby\'s', () => {
    const min = (region: string) => resourcesOfType(regionStack(region), 'AWS::ApplicationAutoScaling::ScalableTarget')
      .map(([, r]) => [r.Properties.MinCapacity, r.Properties.MaxCapacity]);
    expect(min(c.active)).toEqual([[6, 20]]);
    expect(min(passive)).toEqual([[3, 20]]);
  });

  test('the running-task alarm and the dashboard follow the minimum capacity', () => {
    for (const [region, minimum] of [[c.active, 6], [passive, 3]] as const) {
      const alarms = resourcesOfType(regionStack(region), 'AWS::CloudWatch::Alarm')
        .filter(([id]) => id.includes('RunningTasksAlarm')).map(([, r]) => r.Properties.Threshold);
      expect(alarms).toEqual([minimum]);
      const body = JSON.stringify(resourcesOfType(regionStack(region), 'AWS::CloudWatch::Dashboard')[0][1].Properties.DashboardBody);
      expect(body).toContain(`\\"value\\":${minimum},\\"label\\":\\"minimum capacity\\"`);
    }
  });

  test('the schema migration is in the active stack only, against its own cluster\'s writer', () => {
    expect(resourcesOfType(regionStack(c.active), 'Custom::PaymentValidationSchema')).toHaveLength(1);
    expect(resourcesOfType(regionStack(passive), 'Custom::PaymentValidationSchema')).toHaveLength(0);
    const migrationFunctions = resourcesOfType(regionStack(c.active), 'AWS::Lambda::Function')
      .filter(([, r]) => String(r.Properties.Description).includes('applies the schema migrations'));
    expect(migrationFunctions).toHaveLength(1);
    const host = JSON.stringify(migrationFunctions[0][1].Properties.Environment.Variables.DB_HOST);
    // The primary cluster's endpoint in the primary stack; the secondary cluster's in the standby stack.
    expect(host).toMatch(c.active === PRIMARY ? /DatabasePrimaryCluster.*Endpoint\.Address/ : /DatabaseCluster.*Endpoint\.Address/);
    expect(host).not.toContain('GlobalEndpointLookup');
  });

  test('a deploy guard in both regional stacks declares the active region; state-dependent resources wait for it', () => {
    for (const region of [PRIMARY, STANDBY]) {
      const template = regionStack(region);
      const guards = resourcesOfType(template, 'Custom::WriterRegionGuard');
      expect(guards.map(([, r]) => [r.Properties.DeclaredActiveRegion, r.Properties.PrimaryRegion, r.Properties.GlobalClusterIdentifier]))
        .toEqual([[c.active, PRIMARY, 'payments-payments']]);
      const guardId = guards[0][0];
      const waiting = ['AWS::ApplicationAutoScaling::ScalableTarget', 'AWS::RDS::DBClusterParameterGroup', 'Custom::PaymentValidationSchema']
        .flatMap((type) => resourcesOfType(template, type)).map(([, r]) => r.DependsOn ?? []);
      expect(waiting.length).toBeGreaterThanOrEqual(2);
      expect(waiting.every((deps) => deps.includes(guardId))).toBe(true);
    }
  });

  test('the RPO guardrail is set, or suspended at its maximum', () => {
    for (const region of [PRIMARY, STANDBY]) {
      const values = resourcesOfType(regionStack(region), 'AWS::RDS::DBClusterParameterGroup')
        .map(([, r]) => r.Properties.Parameters['rds.global_db_rpo']);
      expect(values).toEqual([c.suspended ? '2147483647' : '20']);
    }
  });

  test('the commit-stall alarm watches the active writer; the passive cluster\'s RPO lag is watched while failed over', () => {
    const stall = resourcesOfType(regionStack(c.active), 'AWS::CloudWatch::Alarm').filter(([id]) => id.startsWith('CommitStallAlarm'));
    expect(stall.map(([, r]) => r.Properties.Dimensions)).toEqual([[
      { Name: 'DBClusterIdentifier', Value: c.active === PRIMARY ? 'payments-payments-primary' : 'payments-payments-secondary' },
      { Name: 'Role', Value: 'WRITER' },
    ]]);
    expect(resourcesOfType(regionStack(passive), 'AWS::CloudWatch::Alarm').filter(([id]) => id.startsWith('CommitStallAlarm'))).toEqual([]);
    const passiveLag = resourcesOfType(t['Payments-Primary'], 'AWS::CloudWatch::Alarm').filter(([id]) => id.startsWith('PassiveRpoLagAlarm'));
    expect(passiveLag.map(([, r]) => [r.Properties.MetricName, r.Properties.Threshold])).toEqual(c.active === STANDBY ? [['AuroraGlobalDBRPOLag', 16000]] : []);
  });

  test('passes the compliance harness (cdk-nag, cfn-guard, cfn-lint)', () => {
    const report = expectCompliant(build(c).app);
    expect(report.templates).toHaveLength(4);
  });
});

describe('between any two DR states', () => {
  const { source, properties } = replacementProperties();
  const views = templates.map((t) => statefulResources(t, properties));

  test('the replacement-triggering properties come from the resource specification', () => {
    expect(source).toBe('aws-service-spec');
    expect(properties['AWS::RDS::DBCluster']).toEqual(expect.arrayContaining(['DBClusterIdentifier', 'GlobalClusterIdentifier', 'KmsKeyId']));
  });

  test('every stateful type is in the comparison', () => {
    const types = new Set([...views[0].values()].map((v) => v.type));
    expect([...types].sort()).toEqual([...STATEFUL_TYPES].sort());
  });

  const pairs = STATES.flatMap((a, i) => STATES.slice(i + 1).map((b, j) => [a.name, b.name, i, i + 1 + j] as const));
  test.each(pairs)('%s -> %s: no stateful resource changes logical id, physical name or replacement property', (_a, _b, i, j) => {
    expect(statefulDifferences(views[i], views[j])).toEqual([]);
  });

  test('the comparison sees a change of a stateful resource', () => {
    const changed = JSON.parse(JSON.stringify(templates[0]));
    const [id] = resourcesOfType(changed['Payments-Primary'], 'AWS::RDS::DBCluster')[0];
    changed['Payments-Primary'].Resources[id].Properties.DBClusterIdentifier = 'renamed';
    expect(statefulDifferences(views[0], statefulResources(changed, properties))).toEqual([
      `Payments-Primary/${id}.DBClusterIdentifier: "payments-payments-primary" -> "renamed"`,
    ]);
  });

  test('failing back restores the normal templates exactly; the drill (context) equals the failover (prop)', () => {
    expect(templates[2]).toEqual(templates[0]);
    expect(templates[3]).toEqual(templates[1]);
  });
});
