import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { defaultAvailabilityZones, PinnedStack } from '../../src/private/stack';

describe('PinnedStack', () => {
  test('pins three availability zones of the region by default, so a VPC never gets dummy zones', () => {
    const stack = new PinnedStack(new App(), 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
    expect(stack.availabilityZones).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
    const subnets = Template.fromStack(stack).findResources('AWS::EC2::Subnet');
    const azs = new Set(Object.values(subnets).map((s: any) => s.Properties.AvailabilityZone));
    expect([...azs].sort()).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });

  test('uses the zones given, and regions whose letters do not start at a', () => {
    expect(defaultAvailabilityZones('ap-northeast-1')).toEqual(['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d']);
    const stack = new PinnedStack(new App(), 'S', {
      env: { account: '111111111111', region: 'us-east-1' },
      availabilityZones: ['us-east-1d', 'us-east-1e', 'us-east-1f'],
    });
    expect(stack.availabilityZones).toEqual(['us-east-1d', 'us-east-1e', 'us-east-1f']);
  });

  test('fails when the env has no account or region', () => {
    expect(() => new PinnedStack(new App(), 'S', { env: { region: 'us-east-1' } })).toThrow(
      'stack S needs an explicit env with account and region, got: {"region":"us-east-1"}',
    );
  });

  test('fails when a zone is not in the region', () => {
    expect(
      () =>
        new PinnedStack(new App(), 'S', {
          env: { account: '111111111111', region: 'us-east-1' },
          availabilityZones: ['us-west-2a'],
        }),
    ).toThrow('availabilityZones must be zones of us-east-1, got: us-west-2a');
  });
});
