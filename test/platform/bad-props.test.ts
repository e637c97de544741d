/**
 * Every validated prop of DrPaymentPlatformProps, nested ones included: a bad value fails at construction with an
 * exact message that names the user's prop path and the value (never an internal name, never a TypeError).
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DrPaymentPlatform, DrPaymentPlatformProps } from '../../src';
import { inPropTerms } from '../../src/platform/private/recovery-budget-inputs';

const ACCOUNT = '111111111111';
const BASE: DrPaymentPlatformProps = {
  account: ACCOUNT,
  primaryRegion: 'us-east-1',
  standbyRegion: 'us-west-2',
  domainName: 'pay.example.com',
  hostedZone: { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' },
  alertEmails: ['oncall@example.com'],
};
const P = 'DrPaymentPlatformProps';

/** A team's VPC imported in a network stack of `region`: public, private-with-egress and isolated subnets in two zones. */
function teamVpc(app: App, region: string, groups: { isolated?: boolean } = {}): ec2.IVpc {
  const stack = new Stack(app, `Network-${region}`, { env: { account: ACCOUNT, region } });
  return ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: [`${region}a`, `${region}b`],
    publicSubnetIds: ['subnet-0a', 'subnet-0b'],
    privateSubnetIds: ['subnet-1a', 'subnet-1b'],
    isolatedSubnetIds: groups.isolated === false ? undefined : ['subnet-2a', 'subnet-2b'],
  });
}

/** A VPC imported in a network stack of another account. */
function teamVpcIn(app: App, region: string, account: string): ec2.IVpc {
  const stack = new Stack(app, `Network-${region}-${account}`, { env: { account, region } });
  return ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: [`${region}a`, `${region}b`],
    publicSubnetIds: ['subnet-0a', 'subnet-0b'],
    privateSubnetIds: ['subnet-1a', 'subnet-1b'],
    isolatedSubnetIds: ['subnet-2a', 'subnet-2b'],
  });
}

function key(app: App, region: string, account = ACCOUNT): kms.IKey {
  const stack = new Stack(app, `Keys-${region}-${account}`, { env: { account: ACCOUNT, region } });
  return kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:${region}:${account}:key/11111111-2222-3333-4444-555555555555`);
}

function topic(app: App, region: string): sns.ITopic {
  const stack = new Stack(app, `Topics-${region}`, { env: { account: ACCOUNT, region } });
  return sns.Topic.fromTopicArn(stack, 'Topic', `arn:aws:sns:${region}:${ACCOUNT}:payments-alerts`);
}

function role(app: App): iam.IRole {
  const stack = new Stack(app, 'Roles', { env: { account: ACCOUNT, region: 'us-east-1' } });
  return iam.Role.fromRoleArn(stack, 'Approver', `arn:aws:iam::${ACCOUNT}:role/approver`);
}

type Overrides = (app: App) => Record<string, unknown>;
const withProps = (overrides: Record<string, unknown>): Overrides => () => overrides;

/** [case, overrides (or a function of the app), exact message]. */
const CASES: Array<[string, Overrides, string]> = [
  // required props, as a plain JavaScript caller may omit them
  ['no primaryRegion', withProps({ primaryRegion: undefined }), `${P}.primaryRegion is required (the region that serves payments), got: undefined`],
  ['no standbyRegion', withProps({ standbyRegion: undefined }), `${P}.standbyRegion is required (the region that takes over), got: undefined`],
  ['no domainName', withProps({ domainName: undefined }), `${P}.domainName is required (the payment domain), got: undefined`],
  ['no hostedZone', withProps({ hostedZone: undefined }), `${P}.hostedZone is required (the Route 53 hosted zone of the domain), got: undefined`],
  ['no alertEmails', withProps({ alertEmails: undefined }), `${P}.alertEmails is required (the addresses alerts go to), got: undefined`],
  // account, regions, zone, domain, e-mails, prefix
  ['account 1234', withProps({ account: '1234' }), `${P}.account must be a 12-digit AWS account id, got: 1234`],
  ['region mars-1', withProps({ primaryRegion: 'mars-1' }), `${P}.primaryRegion must be an AWS region name like us-east-1, got: mars-1`],
  ['region eu-moon-1', withProps({ standbyRegion: 'eu-moon-1' }),
    `${P}.standbyRegion must be a region aws-cdk-lib knows (region-info); set allowUnknownRegions: true for a newer region, got: eu-moon-1`],
  ['same regions', withProps({ standbyRegion: 'us-east-1' }), `${P}.standbyRegion must differ from primaryRegion, got: us-east-1 for both`],
  ['allowUnknownRegions not a boolean', withProps({ allowUnknownRegions: 'yes' }), `${P}.allowUnknownRegions must be true or false, got: yes`],
  ['empty hostedZoneId', withProps({ hostedZone: { hostedZoneId: '', zoneName: 'example.com' } }), `${P}.hostedZone.hostedZoneId must be a non-empty string, got: ''`],
  ['malformed hostedZoneId', withProps({ hostedZone: { hostedZoneId: 'z-123', zoneName: 'example.com' } }),
    `${P}.hostedZone.hostedZoneId must be a Route 53 hosted zone id like Z0123456789ABCDEFGHIJ (uppercase letters and digits), got: z-123`],
  ['empty zoneName', withProps({ hostedZone: { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: '' } }), `${P}.hostedZone.zoneName must be a non-empty string, got: ''`],
  ['domain not a DNS name', withProps({ domainName: 'Pay Example' }), `${P}.domainName must be a lowercase DNS name like pay.example.com, got: Pay Example`],
  ['domain outside the zone', withProps({ domainName: 'pay.example.org' }), `${P}.domainName must be inside the hosted zone example.com, got: pay.example.org`],
  ['no alert address', withProps({ alertEmails: [] }), `${P}.alertEmails must name at least one address, got: []`],
  ['alert address not an e-mail', withProps({ alertEmails: ['oncall@example.com', 'oncall'] }), `${P}.alertEmails[1] must be an e-mail address, got: oncall`],
  ['stackNamePrefix acme_pay', withProps({ stackNamePrefix: 'acme_pay' }),
    `${P}.stackNamePrefix must start with a letter and hold only letters, digits and single hyphens, not end with a hyphen, and be at most 44 `
    + 'characters (a CloudFormation stack name [a-zA-Z][-a-zA-Z0-9]*, and the prefix of the Aurora identifiers), got: acme_pay'],
  ['stackNamePrefix with a double hyphen', withProps({ stackNamePrefix: 'acme--pay' }),
    `${P}.stackNamePrefix must start with a letter and hold only letters, digits and single hyphens, not end with a hyphen, and be at most 44 `
    + 'characters (a CloudFormation stack name [a-zA-Z][-a-zA-Z0-9]*, and the prefix of the Aurora identifiers), got: acme--pay'],
  ['containerImage a string', withProps({ containerImage: 'payments:1.4.2' }),
    `${P}.containerImage must be an ecs.ContainerImage, e.g. ecs.ContainerImage.fromEcrRepository(repository, tag), got: payments:1.4.2`],
  // a region's options
  ['primary not an object', withProps({ primary: 'big' }), `${P}.primary must be an object, got: big`],
  ['standby.minCapacity -2', withProps({ standby: { minCapacity: -2 } }), `${P}.standby.minCapacity must be an integer >= 1, got: -2`],
  ['primary.minCapacity 0', withProps({ primary: { minCapacity: 0 } }), `${P}.primary.minCapacity must be an integer >= 1, got: 0`],
  ['primary.minCapacity 2.5', withProps({ primary: { minCapacity: 2.5 } }), `${P}.primary.minCapacity must be an integer >= 1, got: 2.5`],
  ['primary.maxCapacity 0', withProps({ primary: { maxCapacity: 0 } }), `${P}.primary.maxCapacity must be an integer >= 1, got: 0`],
  ['primary min > max', withProps({ primary: { minCapacity: 20, maxCapacity: 10 } }),
    `${P}.primary.minCapacity must be <= ${P}.primary.maxCapacity in the primary region us-east-1, got: 20 > 10`],
  ['standby min > default max', withProps({ standby: { minCapacity: 60 } }),
    `${P}.standby.minCapacity must be <= ${P}.standby.maxCapacity in the standby region us-west-2, got: 60 > 50`],
  ['primary.natGateways 4', withProps({ primary: { natGateways: 4 } }), `${P}.primary.natGateways must be an integer between 0 and 3, got: 4`],
  ['primary.cpu 1000', withProps({ primary: { cpu: 1000 } }),
    `${P}.primary.cpu must be a Fargate task CPU value (256, 512, 1024, 2048, 4096, 8192, 16384), got: 1000`],
  ['standby.cpu 256 with 8192 MiB', withProps({ standby: { cpu: 256, memoryMiB: 8192 } }),
    `${P}.standby.memoryMiB must be a size Fargate accepts with ${P}.standby.cpu 256 (512, 1024, 2048), got: 8192`],
  ['primary.memoryMiB 1000 with the default cpu', withProps({ primary: { memoryMiB: 1000 } }),
    `${P}.primary.memoryMiB must be a size Fargate accepts with ${P}.primary.cpu 1024 (2048 to 8192 in steps of 1024), got: 1000`],
  ['primary.memoryMiB 0', withProps({ primary: { memoryMiB: 0 } }), `${P}.primary.memoryMiB must be an integer >= 1, got: 0`],
  ['primary zones of another region', withProps({ primary: { availabilityZones: ['us-east-1a', 'us-west-2b'] } }),
    `${P}.primary.availabilityZones must be zones of us-east-1 (us-east-1a, us-east-1b, ...), got: us-west-2b`],
  ['standby zones twice', withProps({ standby: { availabilityZones: ['us-west-2a', 'us-west-2a'] } }),
    `${P}.standby.availabilityZones must name each zone once, got: ["us-west-2a","us-west-2a"]`],
  ['loadBalancerDeletionProtection not a boolean', withProps({ standby: { loadBalancerDeletionProtection: 'no' } }),
    `${P}.standby.loadBalancerDeletionProtection must be true or false, got: no`],
  ['vpc with natGateways', (app) => ({ primary: { vpc: teamVpc(app, 'us-east-1'), natGateways: 2 } }),
    `${P}.primary.natGateways configures the network the platform creates, not the given primary.vpc, got: 2`],
  ['vpc with vpcCidr', (app) => ({ standby: { vpc: teamVpc(app, 'us-west-2'), vpcCidr: '10.9.0.0/16' } }),
    `${P}.standby.vpcCidr configures the network the platform creates, not the given standby.vpc, got: 10.9.0.0/16`],
  ['vpc without isolated subnets', (app) => ({ standby: { vpc: teamVpc(app, 'us-west-2', { isolated: false }) } }),
    `${P}.standby.vpc must have private isolated subnets (the Aurora cluster) in at least two availability zones, got: 0 such subnets in 0 zones in Network-us-west-2/Vpc`],
  ['vpc of another region', (app) => ({ primary: { vpc: teamVpc(app, 'us-west-2') } }),
    `${P}.primary.vpc must be in us-east-1, where it is used, got: us-west-2 (Network-us-west-2/Vpc)`],
  ['standby.vpc of another account', (app) => ({ standby: { vpc: teamVpcIn(app, 'us-west-2', '222222222222') } }),
    `${P}.standby.vpc must be in the platform's account 111111111111, got: 222222222222 (Network-us-west-2-222222222222/Vpc)`],
  ['standby.transactionLogKey of another region', (app) => ({ standby: { transactionLogKey: key(app, 'us-east-1') } }),
    `${P}.standby.transactionLogKey must be in us-west-2, where it is used, got: us-east-1 (Keys-us-east-1-111111111111/Key)`],
  ['transactionLogKey of another region', (app) => ({ primary: { transactionLogKey: key(app, 'us-west-2') } }),
    `${P}.primary.transactionLogKey must be in us-east-1, where it is used, got: us-west-2 (Keys-us-west-2-111111111111/Key)`],
  ['alertTopic of another region', (app) => ({ standby: { alertTopic: topic(app, 'us-east-1') } }),
    `${P}.standby.alertTopic must be in us-west-2, where it is used, got: us-east-1 (Topics-us-east-1/Topic)`],
  ['dnsAlertTopic outside us-east-1', (app) => ({ dnsAlertTopic: topic(app, 'eu-west-1') }),
    `${P}.dnsAlertTopic must be in us-east-1, where it is used, got: eu-west-1 (Topics-eu-west-1/Topic)`],
  // database
  ['database.rpo 10 s', withProps({ database: { rpo: Duration.seconds(10) } }),
    `${P}.database.rpo must be a whole number of seconds between 20 and 2147483647 (the range of rds.global_db_rpo), got: 10 seconds`],
  ['database.rpo 20.5 s', withProps({ database: { rpo: Duration.millis(20500) } }),
    `${P}.database.rpo must be a whole number of seconds between 20 and 2147483647 (the range of rds.global_db_rpo), got: 20.5 seconds`],
  ['database.rpo not a Duration', withProps({ database: { rpo: 30 } }), `${P}.database.rpo must be a Duration, got: 30`],
  ['database.rpoGuardrail false', withProps({ database: { rpoGuardrail: false } }),
    `${P}.database.rpoGuardrail must be true: without the rds.global_db_rpo guardrail the modelled worst-case RPO of a failover is unbounded, `
    + `so ${P}.recoveryObjectives.rpoSeconds 300 cannot be guaranteed, got: false`],
  ['database.rpo without the guardrail', withProps({ database: { rpo: Duration.seconds(30), rpoGuardrail: false } }),
    `${P}.database.rpo sets the RPO guardrail: it needs database.rpoGuardrail true, got: database.rpoGuardrail false`],
  ['database.primaryInstanceType a string', withProps({ database: { primaryInstanceType: 'r6g.xlarge' } }),
    `${P}.database.primaryInstanceType must be an ec2.InstanceType, e.g. ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE), got: r6g.xlarge`],
  ['database.secondaryInstanceType a string', withProps({ database: { secondaryInstanceType: 'r6g.large' } }),
    `${P}.database.secondaryInstanceType must be an ec2.InstanceType, e.g. ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE), got: r6g.large`],
  ['database.primaryReaders 16', withProps({ database: { primaryReaders: 16 } }), `${P}.database.primaryReaders must be an integer between 0 and 15, got: 16`],
  ['database.secondaryInstances -1', withProps({ database: { secondaryInstances: -1 } }),
    `${P}.database.secondaryInstances must be an integer between 0 and 16, got: -1`],
  ['database.deletionProtection not a boolean', withProps({ database: { deletionProtection: 'no' } }),
    `${P}.database.deletionProtection must be true or false, got: no`],
  ['database.removalPolicy unknown', withProps({ database: { removalPolicy: 'keep' } }),
    `${P}.database.removalPolicy must be one of destroy, retain, snapshot, retain-on-update-or-delete, got: keep`],
  ['database.primaryEncryptionKey of another region', (app) => ({ database: { primaryEncryptionKey: key(app, 'us-west-2') } }),
    `${P}.database.primaryEncryptionKey must be in us-east-1, where it is used, got: us-west-2 (Keys-us-west-2-111111111111/Key)`],
  ['database.secondaryEncryptionKey of another account', (app) => ({ database: { secondaryEncryptionKey: key(app, 'us-west-2', '222222222222') } }),
    `${P}.database.secondaryEncryptionKey must be in the platform's account 111111111111, got: 222222222222 (Keys-us-west-2-222222222222/Key)`],
  // validation rules
  ['validation.reservedConcurrency 0', withProps({ validation: { reservedConcurrency: 0 } }),
    `${P}.validation.reservedConcurrency must be an integer >= 1, got: 0`],
  ['validation.currencyLimits twice', withProps({ validation: { currencyLimits: [{ currency: 'EUR', maxAmountMinorUnits: 100 }, { currency: 'EUR', maxAmountMinorUnits: 5 }] } }),
    `${P}.validation.currencyLimits[1].currency must appear once in validation.currencyLimits, got: EUR`],
  ['validation.currencyLimits unknown code', withProps({ validation: { currencyLimits: [{ currency: 'ABC', maxAmountMinorUnits: 100 }] } }),
    `${P}.validation.currencyLimits[0].currency must be an active ISO 4217 code, got: ABC`],
  ['validation.currencyLimits negative amount', withProps({ validation: { currencyLimits: [{ currency: 'USD', maxAmountMinorUnits: -5 }] } }),
    `${P}.validation.currencyLimits[0].maxAmountMinorUnits must be a positive integer (ISO 4217 minor units), got: -5`],
  ['validation.velocity.maxPayments 0', withProps({ validation: { velocity: { maxPayments: 0, window: Duration.minutes(10) } } }),
    `${P}.validation.velocity.maxPayments must be an integer >= 1, got: 0`],
  ['validation.velocity.window 0.5 s', withProps({ validation: { velocity: { maxPayments: 5, window: Duration.millis(500) } } }),
    `${P}.validation.velocity.window must be a whole number of seconds, at least 1, got: 0.5 seconds`],
  // failover and health checks
  ['failover.manualApproval without a role', withProps({ failover: { manualApproval: true } }),
    `${P}.failover.approvalRole is required when failover.manualApproval is true, got: undefined`],
  ['failover.approvalRole without manualApproval', (app) => ({ failover: { approvalRole: role(app) } }),
    `${P}.failover.approvalRole is only used when failover.manualApproval is true, got: Roles/Approver with manualApproval false`],
  ['failover.enabled not a boolean', withProps({ failover: { enabled: 'no' } }), `${P}.failover.enabled must be true or false, got: no`],
  ['failover.automaticTrigger not a boolean', withProps({ failover: { automaticTrigger: 'off' } }), `${P}.failover.automaticTrigger must be true or false, got: off`],
  ['failover.manualApproval not a boolean', withProps({ failover: { manualApproval: 1 } }), `${P}.failover.manualApproval must be true or false, got: 1`],
  ['failover not an object', withProps({ failover: true }), `${P}.failover must be an object, got: true`],
  ['failover.decisionAllowance 1.5 s', withProps({ failover: { automaticTrigger: false, decisionAllowance: Duration.millis(1500) } }),
    `${P}.failover.decisionAllowance must be a whole number of seconds, at least 0, got: 1.5 seconds`],
  ['healthCheckIntervalSeconds 20', withProps({ healthCheckIntervalSeconds: 20 }), `${P}.healthCheckIntervalSeconds must be one of 10, 30, got: 20`],
  ['healthCheckFailureThreshold 11', withProps({ healthCheckFailureThreshold: 11 }),
    `${P}.healthCheckFailureThreshold must be an integer between 1 and 10, got: 11`],
  // recovery objectives and measurements
  ['recoveryObjectives.rtoSeconds 0', withProps({ recoveryObjectives: { rtoSeconds: 0 } }), `${P}.recoveryObjectives.rtoSeconds must be an integer >= 1, got: 0`],
  ['recoveryObjectives.rpoSeconds 1.5', withProps({ recoveryObjectives: { rpoSeconds: 1.5 } }), `${P}.recoveryObjectives.rpoSeconds must be an integer >= 1, got: 1.5`],
  ['recoveryMeasurements.imagePullSeconds -1', withProps({ recoveryMeasurements: { imagePullSeconds: -1 } }),
    `${P}.recoveryMeasurements.imagePullSeconds must be an integer >= 0, got: -1`],
  ['recoveryMeasurements.databasePromotionSeconds 30', withProps({ recoveryMeasurements: { databasePromotionSeconds: 30 } }),
    `${P}.recoveryMeasurements.databasePromotionSeconds must be an integer >= 60, got: 30`],
  ['recoveryMeasurements.dnsPropagationSeconds 1.5', withProps({ recoveryMeasurements: { dnsPropagationSeconds: 1.5 } }),
    `${P}.recoveryMeasurements.dnsPropagationSeconds must be an integer >= 0, got: 1.5`],
  ['recoveryMeasurements.triggerDispatchSeconds -3', withProps({ recoveryMeasurements: { triggerDispatchSeconds: -3 } }),
    `${P}.recoveryMeasurements.triggerDispatchSeconds must be an integer >= 0, got: -3`],
];

describe('bad props fail at construction with the prop path and the value', () => {
  test('the table covers at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  test.each(CASES)('%s', (_name, overrides, message) => {
    const app = new App();
    const props = { ...BASE, ...overrides(app) } as DrPaymentPlatformProps;
    let error: unknown;
    try {
      new DrPaymentPlatform(app, 'Payments', props);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(message);
  });

  test.each([
    ['a headless secondary', { database: { secondaryInstances: 0 } }],
    ['a tight RTO', { recoveryObjectives: { rtoSeconds: 100 } }],
    ['a loose RPO guardrail', { database: { rpo: Duration.minutes(10) } }],
  ])('the recovery-budget failure of %s names no internal budget field', (_name, overrides) => {
    const internal = /standbyMinTasks|primaryMinTasks|globalDbRpoSeconds|rpoGuardrailEnabled|secondaryHeadless|approvalAllowanceSeconds/;
    expect(() => new DrPaymentPlatform(new App(), 'Payments', { ...BASE, ...overrides } as DrPaymentPlatformProps))
      .toThrow(/^recovery objectives cannot be met/);
    try {
      new DrPaymentPlatform(new App(), 'Payments', { ...BASE, ...overrides } as DrPaymentPlatformProps);
    } catch (e) {
      expect((e as Error).message).not.toMatch(internal);
    }
  });
});

describe('escape hatches and accepted values', () => {
  test('allowUnknownRegions lets a region newer than aws-cdk-lib through', () => {
    const p = new DrPaymentPlatform(new App(), 'Payments', { ...BASE, standbyRegion: 'eu-moon-1', allowUnknownRegions: true });
    expect(p.standbyStack.region).toBe('eu-moon-1');
  });

  test.each([[256, 512], [512, 4096], [2048, 16384], [4096, 30720], [8192, 61440], [16384, 122880]])(
    'the Fargate size cpu %d with %d MiB is accepted', (cpu, memoryMiB) => {
      expect(() => new DrPaymentPlatform(new App(), 'Payments', { ...BASE, primary: { cpu, memoryMiB } })).not.toThrow();
    });
});

describe('budget messages in prop terms', () => {
  test('the budget model\'s input names are rewritten to the props they come from', () => {
    expect(inPropTerms('enable rpoGuardrailEnabled with globalDbRpoSeconds <= rpoSeconds; standbyMinTasks 0'))
      .toBe(`enable ${P}.database.rpoGuardrail with ${P}.database.rpo <= rpoSeconds; ${P}.standby.minCapacity 0`);
  });
});
