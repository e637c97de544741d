import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { PaymentNetwork, PaymentRole } from '../../region';
import { PaymentRegionOptions } from '../dr-payment-platform-props';
import { newRegionNetwork } from './region-assembly';

/** A region's VPC and, when the platform created it, its network. */
export interface RegionVpc {
  /** The network the platform created; undefined with the team's own `vpc`. */
  readonly network?: PaymentNetwork;
  /** The VPC the region's parts are placed in. */
  readonly vpc: ec2.IVpc;
}

/** The team's own VPC when given (checked by validate-region-options.ts), else a new PaymentNetwork on `cidr`. */
export function regionVpc(stack: Stack, role: PaymentRole, options: PaymentRegionOptions | undefined, cidr: string): RegionVpc {
  if (options?.vpc) {
    return { vpc: options.vpc };
  }
  const network = newRegionNetwork(stack, role, options, cidr);
  return { network, vpc: network.vpc };
}
