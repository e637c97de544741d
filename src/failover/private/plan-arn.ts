/**
 * The plan ARN carries a random suffix (arn:aws:arc-region-switch::<account>:plan/<name>:<suffix>) and the plan
 * needs its execution role first, so IAM statements about the plan itself are scoped by name: plan/<name>:*.
 */
import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';

/** `arn:<partition>:arc-region-switch::<account>:plan/<planName>:*`. */
export function planArnPattern(stack: Stack, planName: string): string {
  return Arn.format({
    service: 'arc-region-switch',
    region: '',
    resource: 'plan',
    resourceName: `${planName}:*`,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  }, stack);
}

/** The pattern as cdk-nag reports it in an `AwsSolutions-IAM5` finding (`appliesTo`). */
export function planArnFinding(stack: Stack, planName: string): string {
  return `Resource::arn:<AWS::Partition>:arc-region-switch::${Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account}:plan/${planName}:*`;
}
