/**
 * The IPv4 ranges of the two regions' VPCs: different by default (10.0.0.0/16 primary, 10.1.0.0/16 standby), so that
 * the networks can later be peered, joined by a Transit Gateway or routed to an on-premises network; configurable
 * (`primary.vpcCidr`, `standby.vpcCidr`) and checked for overlap at synthesis. No construct here.
 */
import { Token } from 'aws-cdk-lib';
import { DrPaymentPlatformProps } from '../dr-payment-platform-props';

/** Default range of the primary region's VPC. */
export const PRIMARY_VPC_CIDR = '10.0.0.0/16';
/** Default range of the standby region's VPC (before this default, both regions used 10.0.0.0/16). */
export const STANDBY_VPC_CIDR = '10.1.0.0/16';

/** The smallest and largest VPC the payment network's subnet layout fits (3 × /24 public, 3 × /20 application, 3 × /24 data). */
const MIN_PREFIX = 16;
const MAX_PREFIX = 18;

/** One range with the prop path it came from. */
export interface NamedCidr {
  /** E.g. `DrPaymentPlatformProps.standby.vpcCidr`. */
  readonly path: string;
  readonly cidr: string;
}

/** First and last address of an IPv4 CIDR as unsigned integers, or undefined when it is not one. */
export function cidrRange(cidr: string): { first: number; last: number; prefix: number } | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) {
    return undefined;
  }
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) {
    return undefined;
  }
  const address = octets.reduce((value, octet) => value * 256 + octet, 0);
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) {
    return undefined; // host bits set: 10.0.1.0/16 is not a network address
  }
  return { first: address, last: address + size - 1, prefix };
}

/** True when the two ranges share an address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const ra = cidrRange(a);
  const rb = cidrRange(b);
  return ra !== undefined && rb !== undefined && ra.first <= rb.last && rb.first <= ra.last;
}

/** Fails unless `named.cidr` is an IPv4 network of /16 to /18 (what the payment network's subnets need). */
export function requireVpcCidr(named: NamedCidr): void {
  if (Token.isUnresolved(named.cidr)) {
    return;
  }
  const range = cidrRange(named.cidr);
  if (!range || range.prefix < MIN_PREFIX || range.prefix > MAX_PREFIX) {
    throw new Error(
      `${named.path} must be an IPv4 network address with a /${MIN_PREFIX} to /${MAX_PREFIX} prefix (e.g. 10.1.0.0/16), ` +
      `got: ${named.cidr}`,
    );
  }
}

/** Fails when two ranges overlap, naming both props and values (unless overlap is explicitly allowed). */
export function requireDisjoint(a: NamedCidr, b: NamedCidr, allowOverlap: boolean): void {
  if (allowOverlap || Token.isUnresolved(a.cidr) || Token.isUnresolved(b.cidr) || !cidrsOverlap(a.cidr, b.cidr)) {
    return;
  }
  throw new Error(
    `${a.path} (${a.cidr}) and ${b.path} (${b.cidr}) overlap: the two regions' networks could never be peered or ` +
    'routed to each other. Give them disjoint ranges (the defaults are 10.0.0.0/16 and 10.1.0.0/16); a deployment ' +
    'created with both VPCs on 10.0.0.0/16 keeps them with DrPaymentPlatformProps.allowOverlappingVpcCidrs: true ' +
    '(docs/region.md, "VPC ranges")',
  );
}

/** The two VPC ranges of the platform, validated. */
export function platformVpcCidrs(props: DrPaymentPlatformProps): { primary: string; standby: string } {
  const primary: NamedCidr = { path: 'DrPaymentPlatformProps.primary.vpcCidr', cidr: props.primary?.vpcCidr ?? PRIMARY_VPC_CIDR };
  const standby: NamedCidr = { path: 'DrPaymentPlatformProps.standby.vpcCidr', cidr: props.standby?.vpcCidr ?? STANDBY_VPC_CIDR };
  requireVpcCidr(primary);
  requireVpcCidr(standby);
  requireDisjoint(primary, standby, props.allowOverlappingVpcCidrs ?? false);
  return { primary: primary.cidr, standby: standby.cidr };
}
