import * as wafv2 from 'aws-cdk-lib/aws-wafv2';

/** Lowest and highest per-IP rate limit (requests in 5 minutes) WAF accepts. */
const RATE_LIMIT_MIN = 100;
const RATE_LIMIT_MAX = 2_000_000_000;

/** Throws unless `rateLimit` is a WAF rate-based-rule limit. */
export function validateRateLimit(rateLimit: number): void {
  if (rateLimit < RATE_LIMIT_MIN || rateLimit > RATE_LIMIT_MAX) {
    throw new Error(`webAclRateLimit must be between 100 and 2000000000, got: ${rateLimit}`);
  }
}

/** CloudWatch metrics and sampled requests on, under `metricName`. */
export function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

/** An AWS managed rule group, with its own actions (no override). */
export function managedRule(name: string, priority: number): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    visibilityConfig: visibility(name),
  };
}

/** Blocks an IP address that sends more than `limit` requests in 5 minutes. */
export function rateLimitPerIpRule(limit: number, priority: number): wafv2.CfnWebACL.RuleProperty {
  return {
    name: 'RateLimitPerIp',
    priority,
    action: { block: {} },
    statement: { rateBasedStatement: { limit, aggregateKeyType: 'IP' } },
    visibilityConfig: visibility('RateLimitPerIp'),
  };
}

/** The payment web ACL's rules: the AWS managed rule groups, then the per-IP rate limit. */
export function paymentWebAclRules(rateLimit: number): wafv2.CfnWebACL.RuleProperty[] {
  return [
    managedRule('AWSManagedRulesCommonRuleSet', 0),
    managedRule('AWSManagedRulesKnownBadInputsRuleSet', 1),
    managedRule('AWSManagedRulesAmazonIpReputationList', 2),
    rateLimitPerIpRule(rateLimit, 3),
  ];
}
