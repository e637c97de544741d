/**
 * A platform team brings its own parts: a VPC per region (imported by attributes, or created in a network stack of
 * its own), the KMS keys of the transaction-log buckets and of the database, and the alert topics. The templates use
 * them and create none of their own.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DrPaymentPlatform, DrPaymentPlatformProps } from '../../src';

const ACCOUNT = '111111111111';
const BASE: DrPaymentPlatformProps = {
  account: ACCOUNT,
  primaryRegion: 'us-east-1',
  standbyRegion: 'us-west-2',
  domainName: 'pay.example.com',
  hostedZone: { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' },
  alertEmails: ['oncall@example.com'],
};
const keyArn = (region: string, id: string) => `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`;
const topicArn = (region: string, name: string) => `arn:aws:sns:${region}:${ACCOUNT}:${name}`;
const PRIMARY_SUBNETS = {
  public: ['subnet-0pub0a', 'subnet-0pub0b', 'subnet-0pub0c'],
  private: ['subnet-0app0a', 'subnet-0app0b', 'subnet-0app0c'],
  isolated: ['subnet-0dat0a', 'subnet-0dat0b', 'subnet-0dat0c'],
};

function byoApp() {
  const app = new App();
  // Primary: a network team's VPC, imported by its attributes (IPAM-allocated, Transit Gateway attached).
  const primaryNet = new Stack(app, 'PrimaryNetwork', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const primaryVpc = ec2.Vpc.fromVpcAttributes(primaryNet, 'Vpc', {
    vpcId: 'vpc-0primary000000000',
    vpcCidrBlock: '10.20.0.0/16',
    availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    publicSubnetIds: PRIMARY_SUBNETS.public,
    privateSubnetIds: PRIMARY_SUBNETS.private,
    isolatedSubnetIds: PRIMARY_SUBNETS.isolated,
  });
  // Standby: a VPC created by the team in a network stack of its own, in the standby region.
  const standbyNet = new Stack(app, 'StandbyNetwork', { env: { account: ACCOUNT, region: 'us-west-2' } });
  const standbyVpc = new ec2.Vpc(standbyNet, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('10.30.0.0/16'),
    availabilityZones: ['us-west-2a', 'us-west-2b'],
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  const key = (stack: Stack, id: string) => kms.Key.fromKeyArn(stack, id, keyArn(stack.region, `${id.toLowerCase()}-0000-0000-0000-000000000000`));
  const topic = (stack: Stack, name: string) => sns.Topic.fromTopicArn(stack, name, topicArn(stack.region, name));
  const dnsNet = new Stack(app, 'GlobalOps', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const platform = new DrPaymentPlatform(app, 'Payments', {
    ...BASE,
    primary: { vpc: primaryVpc, transactionLogKey: key(primaryNet, 'LogKey'), alertTopic: topic(primaryNet, 'primary-alerts') },
    standby: { vpc: standbyVpc, transactionLogKey: key(standbyNet, 'LogKey'), alertTopic: topic(standbyNet, 'standby-alerts') },
    database: { primaryEncryptionKey: key(primaryNet, 'DbKey'), secondaryEncryptionKey: key(standbyNet, 'DbKey') },
    dnsAlertTopic: topic(dnsNet, 'dns-alerts'),
  });
  return { app, platform, standbyVpc };
}

describe('bring-your-own VPCs, keys and alert topics', () => {
  const { app, platform, standbyVpc } = byoApp();
  const stacks = [platform.standbyStorageStack, platform.primaryStack, platform.standbyStack, platform.dnsStack];
  const [storage, primary, standby, dns] = stacks.map((s) => Template.fromStack(s));

  test('the whole app synthesizes (cross-stack references to the team\'s network stack resolve)', () => {
    expect(() => app.synth()).not.toThrow();
  });

  test('no VPC, subnet, NAT gateway or flow log of the platform\'s own', () => {
    for (const t of [storage, primary, standby, dns]) {
      for (const type of ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::NatGateway', 'AWS::EC2::FlowLog']) {
        t.resourceCountIs(type, 0);
      }
    }
    expect(platform.primaryNetwork).toBeUndefined();
    expect(platform.standbyNetwork).toBeUndefined();
    expect(platform.standbyVpc).toBe(standbyVpc);
  });

  test('the primary places the load balancer, the service and the database in the team\'s subnets', () => {
    primary.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Subnets: PRIMARY_SUBNETS.public });
    primary.hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ Subnets: PRIMARY_SUBNETS.private }) },
    });
    primary.hasResourceProperties('AWS::RDS::DBSubnetGroup', { SubnetIds: PRIMARY_SUBNETS.isolated });
    primary.hasResourceProperties('AWS::EC2::SecurityGroup', { VpcId: 'vpc-0primary000000000' });
  });

  test('the standby uses the VPC of the team\'s network stack, and its secondary cluster stays in the standby stack', () => {
    const subnetGroups = Object.values(standby.findResources('AWS::RDS::DBSubnetGroup'));
    expect(subnetGroups).toHaveLength(1);
    expect(JSON.stringify(subnetGroups[0].Properties.SubnetIds)).toContain('StandbyNetwork');
    standby.resourceCountIs('AWS::RDS::DBCluster', 1);
    expect(platform.database.secondaryMember.node.scope).toBe(platform.standbyStack);
  });

  test('the transaction-log buckets are encrypted with the team\'s keys', () => {
    primary.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [Match.objectLike({
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn('us-east-1', 'logkey-0000-0000-0000-000000000000') },
        })],
      },
    });
    storage.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [Match.objectLike({
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn('us-west-2', 'logkey-0000-0000-0000-000000000000') },
        })],
      },
    });
    // the replication rule re-encrypts replicas with the standby's key
    primary.hasResourceProperties('AWS::S3::Bucket', {
      ReplicationConfiguration: Match.objectLike({
        Rules: [Match.objectLike({
          Destination: Match.objectLike({ EncryptionConfiguration: { ReplicaKmsKeyID: Match.anyValue() } }),
        })],
      }),
    });
  });

  test('both clusters are encrypted with the team\'s keys', () => {
    primary.hasResourceProperties('AWS::RDS::DBCluster', { KmsKeyId: keyArn('us-east-1', 'dbkey-0000-0000-0000-000000000000') });
    standby.hasResourceProperties('AWS::RDS::DBCluster', { KmsKeyId: keyArn('us-west-2', 'dbkey-0000-0000-0000-000000000000') });
  });

  test('no KMS key of the platform\'s own for the log buckets, the database, the flow logs or the alert topics', () => {
    storage.resourceCountIs('AWS::KMS::Key', 0);
    const descriptions = [primary, standby, dns].flatMap((t) =>
      Object.values(t.findResources('AWS::KMS::Key')).map((k: any) => k.Properties.Description as string));
    expect(descriptions.filter((d) => /transaction logs|Aurora global database|flow logs|alert topic/i.test(d))).toEqual([]);
  });

  test('no topic of the platform\'s own: every alarm notifies the team\'s topic of its region', () => {
    for (const t of [storage, primary, standby, dns]) {
      t.resourceCountIs('AWS::SNS::Topic', 0);
      t.resourceCountIs('AWS::SNS::Subscription', 0);
    }
    const alarmTargets = (t: Template) => new Set(Object.values(t.findResources('AWS::CloudWatch::Alarm'))
      .flatMap((a: any) => a.Properties.AlarmActions ?? []));
    expect([...alarmTargets(primary)]).toEqual([topicArn('us-east-1', 'primary-alerts')]);
    expect([...alarmTargets(standby)]).toEqual([topicArn('us-west-2', 'standby-alerts')]);
    expect([...alarmTargets(dns)]).toEqual([topicArn('us-east-1', 'dns-alerts')]);
  });
});

describe('bring-your-own parts are optional one by one', () => {
  test('only a standby VPC: the primary still builds its own network', () => {
    const app = new App();
    const net = new Stack(app, 'Net', { env: { account: ACCOUNT, region: 'us-west-2' } });
    const vpc = ec2.Vpc.fromVpcAttributes(net, 'Vpc', {
      vpcId: 'vpc-0standby00000000',
      availabilityZones: ['us-west-2a', 'us-west-2b'],
      publicSubnetIds: ['s-1', 's-2'],
      privateSubnetIds: ['s-3', 's-4'],
      isolatedSubnetIds: ['s-5', 's-6'],
    });
    const p = new DrPaymentPlatform(app, 'Payments', { ...BASE, standby: { vpc } });
    Template.fromStack(p.primaryStack).resourceCountIs('AWS::EC2::VPC', 1);
    Template.fromStack(p.standbyStack).resourceCountIs('AWS::EC2::VPC', 0);
    expect(p.primaryNetwork).toBeDefined();
  });
});
