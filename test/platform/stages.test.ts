/**
 * Two Stages (beta and prod) of the platform in one account and one app: no physical name is shared, and two
 * platforms with the same prefix or the same domain are detected at synthesis.
 */
import { App, Stage } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { BASE } from './base-props';
import { DrPaymentPlatform } from '../../src';

/**
 * Property keys that are not physical names (labels, metric names, endpoint services, DNS data), and resource types
 * whose names are scoped to another resource: an inline AWS::IAM::Policy's name is unique within its role only.
 */
const SCOPED_TYPES = new Set(['AWS::Route53::RecordSet', 'AWS::IAM::Policy']);
const NOT_NAMES = new Set(['DisplayName', 'MetricName', 'Namespace', 'DatabaseName', 'ServiceName', 'SetIdentifier', 'Description']);

/** Every physical name of an assembly: its stack names and each literal `...Name`/`...Identifier` property. */
function physicalNames(assembly: cxapi.CloudAssembly): Map<string, string> {
  const names = new Map<string, string>();
  for (const stack of assembly.stacks) {
    names.set(`stack=${stack.stackName}`, stack.stackName);
    for (const [logicalId, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
      for (const [key, value] of Object.entries<any>(resource.Properties ?? {})) {
        if (typeof value === 'string' && /(Name|Identifier)$/.test(key) && !NOT_NAMES.has(key) && !SCOPED_TYPES.has(resource.Type)) {
          names.set(`${resource.Type}.${key}=${value}`, `${stack.stackName}/${logicalId}`);
        }
      }
    }
  }
  return names;
}

function stagesApp(): { app: App; beta: DrPaymentPlatform; prod: DrPaymentPlatform } {
  const app = new App();
  const beta = new DrPaymentPlatform(new Stage(app, 'Beta'), 'Payments', { ...BASE, domainName: 'beta.pay.example.com' });
  const prod = new DrPaymentPlatform(new Stage(app, 'Prod'), 'Payments', BASE);
  return { app, beta, prod };
}

describe('beta and prod Stages in one account', () => {
  const { app, beta, prod } = stagesApp();
  const assembly = app.synth();
  const nested = (id: string) => assembly.getNestedAssembly(`assembly-${id}`);
  const betaNames = physicalNames(nested('Beta'));
  const prodNames = physicalNames(nested('Prod'));

  test('every explicit physical name derives from the Stage path', () => {
    expect(beta.physicalNamePrefix).toBe('Beta-Payments');
    expect(prod.physicalNamePrefix).toBe('Prod-Payments');
    expect(nested('Beta').stacks.map((s) => s.stackName).sort()).toEqual([
      'Beta-Payments-Dns', 'Beta-Payments-Primary', 'Beta-Payments-Standby', 'Beta-Payments-StandbyStorage',
    ]);
    expect(beta.database.globalClusterIdentifier).toBe('beta-payments-payments');
    expect(prod.failoverPlan!.planName).toBe('prod-payments-payments');
  });

  test('the scan sees every kind of physical name the platform sets', () => {
    const kinds = new Set([...prodNames.keys()].map((k) => k.split('=')[0]));
    expect([...kinds]).toEqual(expect.arrayContaining([
      'stack',
      'AWS::RDS::GlobalCluster.GlobalClusterIdentifier',
      'AWS::RDS::DBCluster.DBClusterIdentifier',
      'AWS::SecretsManager::Secret.Name',
      'AWS::Logs::LogGroup.LogGroupName',
      'AWS::ARCRegionSwitch::Plan.Name',
    ]));
  });

  test('no physical name (stack, cluster, secret, log group, plan, role, bucket) is shared', () => {
    const shared = [...betaNames.keys()].filter((name) => prodNames.has(name));
    expect(shared).toEqual([]);
  });

  test('roles and buckets carry no fixed name (CloudFormation derives them from the distinct stack names)', () => {
    const fixed = [...betaNames.keys(), ...prodNames.keys()].filter((k) => /^AWS::(IAM::Role|S3::Bucket)\./.test(k));
    expect(fixed).toEqual([]);
  });
});

describe('two platforms that would collide in one app', () => {
  test('the same prefix fails, naming both construct paths', () => {
    const app = new App();
    new DrPaymentPlatform(app, 'Payments', BASE);
    expect(() => new DrPaymentPlatform(new Stage(app, 'Other'), 'Payments', { ...BASE, domainName: 'other.example.com', stackNamePrefix: 'Payments' }))
      .toThrow(new Error(
        "two DrPaymentPlatforms have the same stackNamePrefix 'Payments' (their stacks, Aurora identifiers and secrets would collide): "
        + 'Payments and Other/Payments; set DrPaymentPlatformProps.stackNamePrefix on one of them',
      ));
  });

  test('prefixes that differ only in case collide too (the Aurora identifiers are lowercase)', () => {
    const app = new App();
    new DrPaymentPlatform(app, 'Payments', BASE);
    expect(() => new DrPaymentPlatform(app, 'Payments2', { ...BASE, domainName: 'two.example.com', stackNamePrefix: 'payments' }))
      .toThrow(/same stackNamePrefix 'payments'.*: Payments and Payments2;/);
  });

  test('the same domain fails, naming both construct paths', () => {
    const app = new App();
    new DrPaymentPlatform(new Stage(app, 'Beta'), 'Payments', BASE);
    expect(() => new DrPaymentPlatform(new Stage(app, 'Prod'), 'Payments', BASE)).toThrow(new Error(
      "two DrPaymentPlatforms serve the same domainName 'pay.example.com' (their failover and regional records would collide): "
      + 'Beta/Payments and Prod/Payments',
    ));
  });

  test('an explicit stackNamePrefix keeps the names a Stage deployment had before Stage paths were prefixed', () => {
    const p = new DrPaymentPlatform(new Stage(new App(), 'Prod'), 'Payments', { ...BASE, stackNamePrefix: 'Payments' });
    expect(p.primaryStack.stackName).toBe('Payments-Primary');
    expect(p.database.globalClusterIdentifier).toBe('payments-payments');
  });

  test('a nested Stage path joins its segments with hyphens; characters a stack name refuses become hyphens', () => {
    const app = new App();
    const p = new DrPaymentPlatform(new Stage(new Stage(app, 'Pipeline'), 'eu_beta'), 'Pay', BASE);
    expect(p.physicalNamePrefix).toBe('Pipeline-eu-beta-Pay');
    expect(p.dnsStack.stackName).toBe('Pipeline-eu-beta-Pay-Dns');
  });

  test('a default prefix too long for the Aurora identifiers asks for stackNamePrefix', () => {
    const app = new App();
    expect(() => new DrPaymentPlatform(new Stage(app, 'AVeryLongPipelineStageNameForEurope'), 'PaymentsPlatform', BASE))
      .toThrow(/^DrPaymentPlatformProps.stackNamePrefix is needed: its default 'AVeryLongPipelineStageNameForEurope-PaymentsPlatform' /);
  });
});
