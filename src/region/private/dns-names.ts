import { Token } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { isDnsName } from '../../private/names';

/** Lower case without the trailing dot; tokens are left as they are. */
export function normalizeDnsName(name: string): string {
  return Token.isUnresolved(name) ? name : name.replace(/\.$/, '').toLowerCase();
}

/** Throws unless `name` (normalized) is a DNS name inside `zoneName` (normalized); tokens pass. */
export function validateDnsName(propName: string, name: string, zoneName: string): void {
  if (Token.isUnresolved(name)) {
    return;
  }
  if (!isDnsName(name)) {
    throw new Error(`${propName} must be a valid DNS name, got: '${name}'`);
  }
  if (!Token.isUnresolved(zoneName) && name !== zoneName && !name.endsWith(`.${zoneName}`)) {
    throw new Error(`${propName} must be inside the hosted zone ${zoneName}, got: ${name}`);
  }
}

/** The payment domain and the region's own name, normalized and checked against the hosted zone. */
export interface EndpointNames {
  readonly domainName: string;
  readonly regionalDomainName: string;
}

/**
 * Normalizes and validates the payment domain and the region's own name (`<region>.<domainName>` unless given):
 * both inside `hostedZone`, and different (the failover records own the payment domain).
 */
export function resolveEndpointNames(
  rawDomainName: string,
  rawRegionalDomainName: string | undefined,
  hostedZone: route53.IHostedZone,
  region: string,
): EndpointNames {
  const zoneName = normalizeDnsName(zoneNameOf(hostedZone));
  const domainName = normalizeDnsName(rawDomainName);
  validateDnsName('domainName', domainName, zoneName);
  if (!rawRegionalDomainName && Token.isUnresolved(region)) {
    throw new Error(`regionalDomainName is needed when the stack has no concrete region, got: ${region}`);
  }
  const regionalDomainName = normalizeDnsName(rawRegionalDomainName ?? `${region}.${domainName}`);
  validateDnsName('regionalDomainName', regionalDomainName, zoneName);
  if (!Token.isUnresolved(domainName) && regionalDomainName === domainName) {
    throw new Error(`regionalDomainName must differ from domainName (the failover records own it), got: ${regionalDomainName}`);
  }
  return { domainName, regionalDomainName };
}

/** The zone's name; imported zones without one (`fromHostedZoneId`) throw. */
function zoneNameOf(hostedZone: route53.IHostedZone): string {
  try {
    return hostedZone.zoneName;
  } catch {
    throw new Error(
      `hostedZone needs its zone name (import it with HostedZone.fromHostedZoneAttributes), got: ${hostedZone.hostedZoneId}`,
    );
  }
}
