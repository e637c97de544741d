import { Match, Template } from 'aws-cdk-lib/assertions';
import { newApp, stack, PRIMARY_REGION } from './fixtures';
import { PaymentNetwork } from '../../src';

describe('PaymentNetwork', () => {
  test('spans the three pinned zones with public, application and data subnets and a NAT per zone', () => {
    const s = stack(newApp(), 'Net', PRIMARY_REGION);
    const network = new PaymentNetwork(s, 'Network');
    const t = Template.fromStack(s);
    expect(network.vpc.availabilityZones).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(network.vpc.publicSubnets).toHaveLength(3);
    expect(network.vpc.privateSubnets).toHaveLength(3);
    expect(network.vpc.isolatedSubnets).toHaveLength(3);
    t.resourceCountIs('AWS::EC2::NatGateway', 3);
    t.resourceCountIs('AWS::EC2::Subnet', 9);
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: Match.objectLike({}) });
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 6);
  });

  test('sends all flow logs to a KMS-encrypted log group kept 365 days', () => {
    const s = stack(newApp(), 'Net', PRIMARY_REGION);
    new PaymentNetwork(s, 'Network');
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('FlowLogKey'), 'Arn'] } });
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'AllowCloudWatchLogs', Principal: { Service: 'logs.eu-west-1.amazonaws.com' } }),
        ]),
      },
    });
  });

  test('a standby may save cost with fewer NAT gateways', () => {
    const s = stack(newApp(), 'Net', PRIMARY_REGION);
    new PaymentNetwork(s, 'Network', { natGateways: 1, interfaceEndpoints: false });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::EC2::NatGateway', 1);
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
  });

  test('without NAT gateways the application subnets are isolated', () => {
    const s = stack(newApp(), 'Net', PRIMARY_REGION);
    const network = new PaymentNetwork(s, 'Network', { natGateways: 0 });
    Template.fromStack(s).resourceCountIs('AWS::EC2::NatGateway', 0);
    expect(network.vpc.privateSubnets).toHaveLength(0);
    expect(network.vpc.isolatedSubnets).toHaveLength(6);
  });

  test.each([-1, 4, 1.5])('fails when natGateways is %p', (natGateways) => {
    const s = stack(newApp(), 'Net', PRIMARY_REGION);
    expect(() => new PaymentNetwork(s, 'Network', { natGateways })).toThrow(`natGateways must be an integer between 0 and 3, got: ${natGateways}`);
  });

  test('fails when flowLogRetentionDays is below 365', () => {
    const s = stack(newApp(), 'Net', PRIMARY_REGION);
    expect(() => new PaymentNetwork(s, 'Network', { flowLogRetentionDays: 30 })).toThrow(
      'flowLogRetentionDays must be at least 365 days (PCI DSS 10.5.1), got: 30',
    );
  });

  test('fails when flowLogRetentionDays is not a CloudWatch Logs retention', () => {
    const s = stack(newApp(), 'Net', PRIMARY_REGION);
    expect(() => new PaymentNetwork(s, 'Network', { flowLogRetentionDays: 500 })).toThrow(
      'flowLogRetentionDays must be one of 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got: 500',
    );
  });
});
