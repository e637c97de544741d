import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge } from '../../private/compliance';

/** The service role RDS enhanced monitoring writes OS metrics with (the AWS-managed policy RDS prescribes). */
export function newMonitoringRole(scope: Construct): iam.Role {
  return new iam.Role(scope, 'MonitoringRole', {
    assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole')],
    description: 'RDS enhanced monitoring',
  });
}

/** The accepted finding on a role of {@link newMonitoringRole}: it uses the AWS-managed policy. */
export function acknowledgeMonitoringRole(role: iam.IRole): void {
  const reason =
    'AmazonRDSEnhancedMonitoringRole is the AWS-maintained policy for the RDS enhanced-monitoring service role ' +
    '(writes only to the RDSOSMetrics log group), as the RDS documentation prescribes';
  acknowledge(role, [
    {
      id: 'AwsSolutions-IAM4',
      reason,
      appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole'],
    },
  ]);
}
