/**
 * AuroraGlobalPair on parts its caller owns: existing KMS keys per member, and a secondary VPC that lives in a
 * network stack of its own (`secondaryStack` places the secondary member in the standby stack regardless).
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ACCOUNT, PRIMARY_REGION, STANDBY_REGION, twoRegions } from './fixtures';
import { AuroraGlobalPair } from '../../src';

const keyArn = (region: string) => `arn:aws:kms:${region}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;

function importedVpc(stack: Stack, region: string): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, 'TeamVpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: [`${region}a`, `${region}b`],
    privateSubnetIds: ['subnet-0123456789abcdef1', 'subnet-0123456789abcdef2'],
    isolatedSubnetIds: ['subnet-0123456789abcdef3', 'subnet-0123456789abcdef4'],
  });
}

describe('AuroraGlobalPair with owned parts', () => {
  test('the members use the given keys and create none', () => {
    const r = twoRegions();
    new AuroraGlobalPair(r.primary, 'Database', {
      primaryVpc: r.primaryVpc,
      secondaryVpc: r.standbyVpc,
      globalClusterIdentifier: 'payments-owned',
      primaryEncryptionKey: kms.Key.fromKeyArn(r.primary, 'DbKey', keyArn(PRIMARY_REGION)),
      secondaryEncryptionKey: kms.Key.fromKeyArn(r.standby, 'DbKey', keyArn(STANDBY_REGION)),
    });
    const primary = Template.fromStack(r.primary);
    const standby = Template.fromStack(r.standby);
    primary.hasResourceProperties('AWS::RDS::DBCluster', { KmsKeyId: keyArn(PRIMARY_REGION), StorageEncrypted: true });
    standby.hasResourceProperties('AWS::RDS::DBCluster', { KmsKeyId: keyArn(STANDBY_REGION), StorageEncrypted: true });
    standby.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: keyArn(STANDBY_REGION) });
    const keyDescriptions = [primary, standby].flatMap((t) =>
      Object.values(t.findResources('AWS::KMS::Key')).map((k: any) => k.Properties.Description as string));
    expect(keyDescriptions.filter((d) => d.startsWith('Aurora global database'))).toEqual([]);
  });

  test('secondaryStack places the secondary member in the standby stack when its VPC lives in another stack', () => {
    const r = twoRegions();
    const network = new Stack(r.app, 'StandbyNetwork', { env: { account: ACCOUNT, region: STANDBY_REGION } });
    const pair = new AuroraGlobalPair(r.primary, 'Database', {
      primaryVpc: r.primaryVpc,
      secondaryVpc: importedVpc(network, STANDBY_REGION),
      secondaryStack: r.standby,
      globalClusterIdentifier: 'payments-owned',
    });
    expect(pair.secondaryMember.node.scope).toBe(r.standby);
    Template.fromStack(r.standby).resourceCountIs('AWS::RDS::DBCluster', 1);
    Template.fromStack(network).resourceCountIs('AWS::RDS::DBCluster', 0);
    expect(r.standby.dependencies).toContain(r.primary);
  });

  test('a secondary VPC of another region than secondaryStack fails', () => {
    const r = twoRegions();
    const network = new Stack(r.app, 'EuNetwork', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    expect(() => new AuroraGlobalPair(r.primary, 'Database', {
      primaryVpc: r.primaryVpc,
      secondaryVpc: importedVpc(network, 'eu-west-1'),
      secondaryStack: r.standby,
    })).toThrow(new Error('secondaryVpc must be in the region of secondaryStack (us-west-2), got: eu-west-1'));
  });
});
