/**
 * A platform built on a team's own VPCs, keys and topics passes the same checks as the reference app (cdk-nag,
 * cfn-guard, cfn-lint) in every stack of its own. The team's network stack holds only imports: its findings (an
 * empty template) are the team's, not the platform's.
 */
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DrPaymentPlatform } from '../../src';
import { checkCompliance } from '../compliance/harness';

const ACCOUNT = '111111111111';
const hex = (n: number) => n.toString(16).padStart(17, '0');

function teamParts(app: App, region: string, base: number) {
  const stack = new Stack(app, `Team-${region}`, { env: { account: ACCOUNT, region } });
  const ids = (offset: number) => [1, 2, 3].map((i) => `subnet-${hex(base + offset + i)}`);
  const routes = (offset: number) => [1, 2, 3].map((i) => `rtb-${hex(base + offset + i)}`);
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: `vpc-${hex(base)}`,
    vpcCidrBlock: '10.20.0.0/16',
    availabilityZones: [`${region}a`, `${region}b`, `${region}c`],
    publicSubnetIds: ids(10),
    publicSubnetRouteTableIds: routes(10),
    privateSubnetIds: ids(20),
    privateSubnetRouteTableIds: routes(20),
    isolatedSubnetIds: ids(30),
    isolatedSubnetRouteTableIds: routes(30),
  });
  const key = (id: string, uuid: string) => kms.Key.fromKeyArn(stack, id, `arn:aws:kms:${region}:${ACCOUNT}:key/${uuid}`);
  const topic = sns.Topic.fromTopicArn(stack, 'Alerts', `arn:aws:sns:${region}:${ACCOUNT}:payments-alerts`);
  return { vpc, key, topic };
}

test('the platform\'s stacks on bring-your-own parts pass cdk-nag, cfn-guard and cfn-lint', () => {
  const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
  const east = teamParts(app, 'us-east-1', 0x100);
  const west = teamParts(app, 'us-west-2', 0x200);
  new DrPaymentPlatform(app, 'Payments', {
    account: ACCOUNT,
    primaryRegion: 'us-east-1',
    standbyRegion: 'us-west-2',
    domainName: 'pay.example.com',
    hostedZone: { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' },
    alertEmails: ['oncall@example.com'],
    primary: { vpc: east.vpc, transactionLogKey: east.key('LogKey', '11111111-1111-1111-1111-111111111111'), alertTopic: east.topic },
    standby: { vpc: west.vpc, transactionLogKey: west.key('LogKey', '22222222-2222-2222-2222-222222222222'), alertTopic: west.topic },
    database: {
      primaryEncryptionKey: east.key('DbKey', '33333333-3333-3333-3333-333333333333'),
      secondaryEncryptionKey: west.key('DbKey', '44444444-4444-4444-4444-444444444444'),
    },
    dnsAlertTopic: east.topic,
  });
  const report = checkCompliance(app);
  const platformTemplates = report.templates.filter((t) => path.basename(t).startsWith('Payments'));
  expect(platformTemplates).toHaveLength(4);
  const ofPlatform = report.findings.filter((f) => f.resource.startsWith('/Payments/') || f.resource.startsWith('Payments'));
  expect(ofPlatform.map((f) => `${f.checker} ${f.rule} ${f.resource}: ${f.message}`)).toEqual([]);
  // the only findings are the team stacks' own: templates with nothing but imports
  expect(report.findings.filter((f) => !ofPlatform.includes(f)).map((f) => `${f.checker} ${f.rule} ${f.resource.split(':')[0]}`).sort())
    .toEqual(['cfn-lint E1001 Team-us-east-1.template.json', 'cfn-lint E1001 Team-us-west-2.template.json']);
}, 600000);
