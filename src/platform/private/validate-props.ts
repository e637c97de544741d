import { Stack, Stage, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { isDnsName, isRegionName } from '../../private/names';
import { DrPaymentPlatformProps } from '../dr-payment-platform-props';

const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

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
 * Checks the props that no construct below checks itself (regions, domain, alert e-mails, approval role) and
 * returns the account every stack deploys to: `props.account`, else the CDK CLI's `CDK_DEFAULT_ACCOUNT`.
 */
export function validateProps(props: DrPaymentPlatformProps): string {
  const account = props.account ?? process.env.CDK_DEFAULT_ACCOUNT;
  if (!account || (!Token.isUnresolved(account) && !/^\d{12}$/.test(account))) {
    throw new Error(
      `account must be a 12-digit AWS account id (or set CDK_DEFAULT_ACCOUNT), got: ${account ?? 'undefined'}`,
    );
  }
  for (const [name, region] of [['primaryRegion', props.primaryRegion], ['standbyRegion', props.standbyRegion]]) {
    if (!isRegionName(region)) {
      throw new Error(`${name} must be an AWS region name like us-east-1, got: ${region}`);
    }
  }
  if (props.primaryRegion === props.standbyRegion) {
    throw new Error(`standbyRegion must differ from primaryRegion, got: ${props.standbyRegion} for both`);
  }
  validateDomain(props);
  if (props.alertEmails.length === 0) {
    throw new Error('alertEmails must name at least one address, got: []');
  }
  for (const email of props.alertEmails) {
    if (!EMAIL_PATTERN.test(email)) {
      throw new Error(`alertEmails must hold e-mail addresses, got: ${email}`);
    }
  }
  if (props.failover?.manualApproval && !props.failover.approvalRole) {
    throw new Error('failover.approvalRole is required when failover.manualApproval is true, got: undefined');
  }
  return account;
}

/** The payment domain must be a DNS name inside the hosted zone. */
function validateDomain(props: DrPaymentPlatformProps): void {
  const domain = props.domainName.replace(/\.$/, '');
  if (!isDnsName(domain)) {
    throw new Error(`domainName must be a lowercase DNS name like pay.example.com, got: ${props.domainName}`);
  }
  const zone = props.hostedZone.zoneName.replace(/\.$/, '');
  if (domain !== zone && !domain.endsWith(`.${zone}`)) {
    throw new Error(`domainName must be inside the hosted zone ${zone}, got: ${props.domainName}`);
  }
}
