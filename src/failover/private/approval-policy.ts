/** The managed policy letting the approval role approve the plan's manual approval steps. */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { planArnFinding, planArnPattern } from './plan-arn';
import { acknowledge } from '../../private/compliance';

/** Creates `ApprovalPolicy` in `scope` (the plan) and attaches it to `approvalRole`. */
export function createApprovalPolicy(scope: Construct, planName: string, approvalRole: iam.IRole): iam.ManagedPolicy {
  const stack = Stack.of(scope);
  // Manual approval execution block sample policy (security_iam_region_switch_manual_approval), scoped to this plan.
  const policy = new iam.ManagedPolicy(scope, 'ApprovalPolicy', {
    description: `Approve steps of ARC Region switch plan ${planName}`,
    statements: [new iam.PolicyStatement({
      actions: ['arc-region-switch:ApprovePlanExecutionStep'],
      resources: [planArnPattern(stack, planName)],
    })],
    roles: [approvalRole],
  });
  acknowledge(policy, [{
    id: 'AwsSolutions-IAM5',
    reason: 'the plan ARN ends with a random suffix assigned at creation, so this plan is matched as plan/<name>:*',
    appliesTo: [planArnFinding(stack, planName)],
  }]);
  return policy;
}
