/**
 * Checks of one region's options (`primary` or `standby`): capacity, NAT gateways, Fargate task size, availability
 * zones and the parts a team brings (VPC, transaction-log key, alert topic). Every error names the prop path.
 */
import { IResource, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { fargateMemoryChoices, FARGATE_CPU_VALUES, isFargateCpu, isFargateSize } from '../../private/fargate';
import { PaymentRegionOptions } from '../dr-payment-platform-props';
import { fail, propPath, requireBoolean, requireInteger, requireObject } from './prop-checks';

/** Which region: its prop name, its region, and the capacity defaults of its role. */
export interface RegionUnderCheck {
  /** `primary` or `standby`. */
  readonly name: 'primary' | 'standby';
  /** The region name (`primaryRegion` or `standbyRegion`). */
  readonly region: string;
  /** The AWS account of the platform. */
  readonly account: string;
  /** The options, when given. */
  readonly options?: PaymentRegionOptions;
}

/** Default minimum tasks: 10 in the primary, 2 in the standby (as PaymentService's role defaults). */
const DEFAULT_MIN_CAPACITY = { primary: 10, standby: 2 };
const DEFAULT_MAX_CAPACITY = 50;

/** Checks one region's options. */
export function validateRegionOptions(r: RegionUnderCheck): void {
  requireObject(r.name, r.options);
  const o = r.options ?? {};
  checkCapacity(r, o);
  requireInteger(`${r.name}.natGateways`, o.natGateways, 0, 3);
  checkTaskSize(r.name, o.cpu, o.memoryMiB);
  checkAvailabilityZones(r, o.availabilityZones);
  requireBoolean(`${r.name}.loadBalancerDeletionProtection`, o.loadBalancerDeletionProtection);
  if (o.vpc !== undefined) {
    if (o.natGateways !== undefined) {
      fail(`${r.name}.natGateways`, `configures the network the platform creates, not the given ${r.name}.vpc`, o.natGateways);
    }
    if (o.vpcCidr !== undefined) {
      fail(`${r.name}.vpcCidr`, `configures the network the platform creates, not the given ${r.name}.vpc`, o.vpcCidr);
    }
    checkVpc(`${r.name}.vpc`, o.vpc, r);
  }
  checkOwnedResource(`${r.name}.transactionLogKey`, o.transactionLogKey, r.region, r.account);
  checkOwnedResource(`${r.name}.alertTopic`, o.alertTopic, r.region, r.account);
}

function checkCapacity(r: RegionUnderCheck, o: PaymentRegionOptions): void {
  requireInteger(`${r.name}.minCapacity`, o.minCapacity, 1);
  requireInteger(`${r.name}.maxCapacity`, o.maxCapacity, 1);
  const min = o.minCapacity ?? DEFAULT_MIN_CAPACITY[r.name];
  const max = o.maxCapacity ?? DEFAULT_MAX_CAPACITY;
  if (min > max) {
    throw new Error(
      `${propPath(`${r.name}.minCapacity`)} must be <= ${propPath(`${r.name}.maxCapacity`)} in the ${r.name} region ${r.region}, `
      + `got: ${min} > ${max}`,
    );
  }
}

/** The task size Fargate accepts (the documented table, src/private/fargate.ts). */
function checkTaskSize(name: string, cpu: number | undefined, memoryMiB: number | undefined): void {
  const taskCpu = cpu ?? 1024;
  if (cpu !== undefined && !isFargateCpu(cpu)) {
    fail(`${name}.cpu`, `must be a Fargate task CPU value (${FARGATE_CPU_VALUES.join(', ')})`, cpu);
  }
  requireInteger(`${name}.memoryMiB`, memoryMiB, 1);
  const memory = memoryMiB ?? 2048;
  if (!isFargateSize(taskCpu, memory)) {
    throw new Error(
      `${propPath(`${name}.memoryMiB`)} must be a size Fargate accepts with ${propPath(`${name}.cpu`)} ${taskCpu} `
      + `(${fargateMemoryChoices(taskCpu)}), got: ${memory}`,
    );
  }
}

/** Zones of the region (`<region><letter>`), each once. */
function checkAvailabilityZones(r: RegionUnderCheck, zones: string[] | undefined): void {
  if (zones === undefined) return;
  const path = `${r.name}.availabilityZones`;
  if (!Array.isArray(zones) || zones.length === 0) {
    fail(path, `must list zones of ${r.region}`, zones);
  }
  for (const zone of zones) {
    if (typeof zone !== 'string' || !new RegExp(`^${r.region}[a-z]$`).test(zone)) {
      fail(path, `must be zones of ${r.region} (${r.region}a, ${r.region}b, ...)`, zone);
    }
  }
  if (new Set(zones).size !== zones.length) {
    fail(path, 'must name each zone once', zones);
  }
}

/** The subnet groups the platform places its parts in, each in at least two zones. */
function checkVpc(path: string, vpc: ec2.IVpc, r: RegionUnderCheck): void {
  if (typeof vpc !== 'object' || vpc === null || typeof (vpc as ec2.IVpc).vpcId !== 'string') {
    fail(path, 'must be an ec2.IVpc', vpc);
  }
  checkOwnedResource(path, vpc, r.region, r.account);
  const groups: Array<[string, ec2.ISubnet[]]> = [
    ['public subnets (the internet-facing load balancer)', vpc.publicSubnets],
    ['private subnets with egress (the payment service and the validation functions)', vpc.privateSubnets],
    ['private isolated subnets (the Aurora cluster)', vpc.isolatedSubnets],
  ];
  for (const [what, subnets] of groups) {
    const zones = new Set(subnets.map((s) => s.availabilityZone));
    if (zones.size < 2) {
      throw new Error(
        `${propPath(path)} must have ${what} in at least two availability zones, got: ${subnets.length} such subnets `
        + `in ${zones.size} zones in ${vpc.node.path}`,
      );
    }
  }
}

/** A resource a team brings must live in the region (and account) that uses it, where that is known at synthesis. */
export function checkOwnedResource(path: string, resource: IResource | undefined, region: string, account: string): void {
  if (resource === undefined) return;
  if (typeof resource !== 'object' || resource === null || !resource.env) {
    fail(path, 'must be a construct (an imported or created resource)', resource);
  }
  const where = resource.env;
  if (!Token.isUnresolved(where.region) && where.region !== region) {
    fail(path, `must be in ${region}, where it is used`, `${where.region} (${resource.node.path})`);
  }
  if (!Token.isUnresolved(where.account) && !Token.isUnresolved(account) && where.account !== account) {
    fail(path, `must be in the platform's account ${account}`, `${where.account} (${resource.node.path})`);
  }
}
