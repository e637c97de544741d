import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { acknowledge } from '../../src/private/compliance';
import { PinnedStack } from '../../src/private/stack';

export const ACCOUNT = '111111111111';
export const PRIMARY_REGION = 'us-east-1';
export const STANDBY_REGION = 'us-west-2';

/**
 * A VPC like PaymentRegion's: 3 AZs, public / private with egress / isolated. The network is not this area's
 * product (PaymentRegion's tests check it), so its own findings are acknowledged here, in the fixture only.
 */
export function testVpc(stack: Stack, id = 'Vpc', subnets?: ec2.SubnetConfiguration[]): ec2.Vpc {
  const vpc = new ec2.Vpc(stack, id, {
    maxAzs: 3,
    natGateways: subnets && !subnets.some((s) => s.subnetType === ec2.SubnetType.PRIVATE_WITH_EGRESS) ? 0 : 1,
    subnetConfiguration: subnets ?? [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  const reason = 'test fixture network: the VPC is not built by AuroraGlobalPair (PaymentRegion owns and checks it)';
  acknowledge(vpc, [
    { id: 'AwsSolutions-VPC7', reason },
    { id: 'PCI.DSS.321-VPCFlowLogsEnabled', reason },
    { id: 'NIST.800.53.R5-VPCFlowLogsEnabled', reason },
    { id: 'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW', reason },
    { id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', reason },
    { id: 'PCI.DSS.321-VPCDefaultSecurityGroupClosed', reason },
    { id: 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed', reason },
  ]);
  return vpc;
}

export interface TwoRegions {
  readonly app: App;
  readonly primary: PinnedStack;
  readonly standby: PinnedStack;
  readonly primaryVpc: ec2.Vpc;
  readonly standbyVpc: ec2.Vpc;
}

/** An app with a primary (us-east-1) and a standby (us-west-2) stack, each with a VPC. */
export function twoRegions(standbyRegion = STANDBY_REGION, crossRegionReferences = false): TwoRegions {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const primary = new PinnedStack(app, 'Primary', { env: { account: ACCOUNT, region: PRIMARY_REGION }, crossRegionReferences });
  const standby = new PinnedStack(app, 'Standby', { env: { account: ACCOUNT, region: standbyRegion } });
  return { app, primary, standby, primaryVpc: testVpc(primary), standbyVpc: testVpc(standby) };
}
