/**
 * The small VPC the integ tests deploy into: public, private (with one NAT gateway) and isolated subnets. The
 * platform's own network (PaymentNetwork) is tested by integ.region and integ.platform.
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

export interface IntegVpcOptions {
  /** @default 2 */
  readonly maxAzs?: number;
  /** Whether instances in the public subnets get a public IP. @default - the CDK default */
  readonly mapPublicIpOnLaunch?: boolean;
}

export function newIntegVpc(scope: Construct, options: IntegVpcOptions = {}): ec2.Vpc {
  return new ec2.Vpc(scope, 'Vpc', {
    maxAzs: options.maxAzs ?? 2,
    natGateways: 1,
    subnetConfiguration: [
      {
        name: 'public',
        subnetType: ec2.SubnetType.PUBLIC,
        ...(options.mapPublicIpOnLaunch === undefined ? {} : { mapPublicIpOnLaunch: options.mapPublicIpOnLaunch }),
      },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
}
