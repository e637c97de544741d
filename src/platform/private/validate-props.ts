import { Stack, Stage, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { isDnsName, isRegionName } from '../../private/names';
import { DrPaymentPlatformProps } from '../dr-payment-platform-props';
import { fail, requireBoolean, requireNonEmptyArray, requireNonEmptyString, requireObject, requirePresent } from './prop-checks';
import { validateRecoveryProps } from './recovery-budget-inputs';
import { validateOptions } from './validate-options';
import { validateRegionOptions } from './validate-region-options';

const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** A Route 53 hosted zone id: up to 32 uppercase letters and digits (Route 53 API `HostedZone.Id`, without `/hostedzone/`). */
const HOSTED_ZONE_ID_PATTERN = /^[A-Z0-9]{1,32}$/;

/** Fails unless the platform is placed in an App or a Stage: it creates its own stacks. */
export function validatePlacement(platform: Construct): void {
  if (platform.node.scopes.some((s) => Stack.isStack(s))) {
    throw new Error('DrPaymentPlatform creates its own stacks: place it in an App or a Stage, not in a Stack');
  }
  if (!Stage.of(platform)) {
    throw new Error('DrPaymentPlatform must be placed in an App or a Stage');
  }
}

/**
 * Checks every prop before anything is built, with errors that name the prop path and the value (the constructs
 * below check their own props too, under their own names, but never see a value the platform has not checked), and
 * returns the account every stack deploys to: `props.account`, else the CDK CLI's `CDK_DEFAULT_ACCOUNT`.
 */
export function validateProps(props: DrPaymentPlatformProps): string {
  if (typeof props !== 'object' || props === null) {
    throw new Error(`DrPaymentPlatformProps are required, got: ${String(props)}`);
  }
  requirePresent('primaryRegion', props.primaryRegion, 'the region that serves payments');
  requirePresent('standbyRegion', props.standbyRegion, 'the region that takes over');
  requirePresent('domainName', props.domainName, 'the payment domain');
  requirePresent('hostedZone', props.hostedZone, 'the Route 53 hosted zone of the domain');
  requirePresent('alertEmails', props.alertEmails, 'the addresses alerts go to');
  const account = validateAccount(props.account);
  validateRegions(props);
  validateHostedZone(props);
  validateDomain(props);
  validateAlertEmails(props.alertEmails);
  const image = props.containerImage as unknown;
  if (image !== undefined && typeof (image as { bind?: unknown }).bind !== 'function') {
    fail('containerImage', 'must be an ecs.ContainerImage, e.g. ecs.ContainerImage.fromEcrRepository(repository, tag)', image);
  }
  validateRegionOptions({ name: 'primary', region: props.primaryRegion, account, options: props.primary });
  validateRegionOptions({ name: 'standby', region: props.standbyRegion, account, options: props.standby });
  validateOptions(props, account);
  validateRecoveryProps(props);
  return account;
}

function validateAccount(propAccount: string | undefined): string {
  const account = propAccount ?? process.env.CDK_DEFAULT_ACCOUNT;
  if (!account || (!Token.isUnresolved(account) && !/^\d{12}$/.test(account))) {
    const source = propAccount === undefined ? ' (or set CDK_DEFAULT_ACCOUNT)' : '';
    fail('account', `must be a 12-digit AWS account id${source}`, account);
  }
  return account;
}

/** The regions aws-cdk-lib knows (region-info), unless `allowUnknownRegions` lets a newer one through. */
function validateRegions(props: DrPaymentPlatformProps): void {
  requireBoolean('allowUnknownRegions', props.allowUnknownRegions);
  const known = new Set(RegionInfo.regions.map((r) => r.name));
  for (const name of ['primaryRegion', 'standbyRegion'] as const) {
    const region = props[name];
    if (typeof region !== 'string' || !isRegionName(region)) {
      fail(name, 'must be an AWS region name like us-east-1', region);
    }
    if (!known.has(region) && !props.allowUnknownRegions) {
      fail(name, 'must be a region aws-cdk-lib knows (region-info); set allowUnknownRegions: true for a newer region', region);
    }
  }
  if (props.primaryRegion === props.standbyRegion) {
    fail('standbyRegion', 'must differ from primaryRegion', `${props.standbyRegion} for both`);
  }
}

function validateHostedZone(props: DrPaymentPlatformProps): void {
  requireObject('hostedZone', props.hostedZone);
  const { hostedZoneId, zoneName } = props.hostedZone;
  requireNonEmptyString('hostedZone.hostedZoneId', hostedZoneId);
  if (!Token.isUnresolved(hostedZoneId) && !HOSTED_ZONE_ID_PATTERN.test(hostedZoneId)) {
    fail('hostedZone.hostedZoneId', 'must be a Route 53 hosted zone id like Z0123456789ABCDEFGHIJ (uppercase letters and digits)', hostedZoneId);
  }
  requireNonEmptyString('hostedZone.zoneName', zoneName);
  if (!isDnsName(zoneName.replace(/\.$/, ''))) {
    fail('hostedZone.zoneName', 'must be a lowercase DNS name like example.com', zoneName);
  }
}

/** The payment domain must be a DNS name inside the hosted zone. */
function validateDomain(props: DrPaymentPlatformProps): void {
  requireNonEmptyString('domainName', props.domainName);
  const domain = props.domainName.replace(/\.$/, '');
  if (!isDnsName(domain)) {
    fail('domainName', 'must be a lowercase DNS name like pay.example.com', props.domainName);
  }
  const zone = props.hostedZone.zoneName.replace(/\.$/, '');
  if (domain !== zone && !domain.endsWith(`.${zone}`)) {
    fail('domainName', `must be inside the hosted zone ${zone}`, props.domainName);
  }
}

function validateAlertEmails(alertEmails: string[]): void {
  requireNonEmptyArray('alertEmails', alertEmails, 'address');
  alertEmails.forEach((email, i) => {
    if (typeof email !== 'string' || !EMAIL_PATTERN.test(email)) {
      fail(`alertEmails[${i}]`, 'must be an e-mail address', email);
    }
  });
}
