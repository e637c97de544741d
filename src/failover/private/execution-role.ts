/**
 * The role ARC Region switch assumes to run the plan, with a managed policy of least privilege per execution
 * block (the ARC sample policies, scoped to the plan's real resources).
 */
import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { planArnFinding, planArnPattern } from './plan-arn';
import { acknowledge } from '../../private/compliance';
import { RegionSwitchPlanRegion } from '../region-switch-plan';

/** What the execution role acts on. */
export interface ExecutionRoleInputs {
  readonly planName: string;
  /** The primary, then the standby. */
  readonly regions: RegionSwitchPlanRegion[];
  readonly globalClusterIdentifier: string;
  readonly hostedZone: route53.IHostedZone;
  /** The trigger and application health alarms Region switch reads with the role. */
  readonly alarmArns: string[];
}

/** Creates `ExecutionRole` and its `ExecutionPolicy` in `scope` (the plan). */
export function createExecutionRole(scope: Construct, inputs: ExecutionRoleInputs): { role: iam.Role; policy: iam.ManagedPolicy } {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, 'ExecutionRole', {
    assumedBy: new iam.ServicePrincipal('arc-region-switch.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }),
    description: `ARC Region switch execution role of plan ${inputs.planName}`,
  });
  const policy = new iam.ManagedPolicy(scope, 'ExecutionPolicy', {
    description: 'ARC Region switch plan execution: least privilege per execution block',
    statements: executionStatements(stack, role, inputs),
  });
  if (inputs.alarmArns.length > 0) {
    // Triggers and application health alarms: Region switch reads the alarms with the execution role.
    policy.addStatements(new iam.PolicyStatement({
      sid: 'PlanAlarms', actions: ['cloudwatch:DescribeAlarms', 'cloudwatch:DescribeAlarmHistory'], resources: inputs.alarmArns,
    }));
  }
  policy.attachToRole(role);
  acknowledge(policy, [
    {
      id: 'AwsSolutions-IAM5',
      reason:
        'Region switch plan execution role: ecs:ListServices, application-autoscaling:Describe/RegisterScalableTarget and ' +
        'cloudwatch:GetMetricStatistics support no resource-level permissions (the first two are narrowed by the ' +
        'ecs:cluster and service-namespace condition keys); the plan ARN ends with a random suffix assigned at creation, ' +
        'so it is matched as plan/<name>:*',
      appliesTo: ['Resource::*', planArnFinding(stack, inputs.planName)],
    },
  ]);
  return { role, policy };
}

/** The statements of each execution block, in the order of the plan's steps. */
function executionStatements(stack: Stack, role: iam.Role, inputs: ExecutionRoleInputs): iam.PolicyStatement[] {
  const partition = Aws.PARTITION;
  const serviceArns = inputs.regions.map((r) => r.service.serviceArn);
  const clusterArns = inputs.regions.map((r) => r.service.cluster.clusterArn);
  const dbClusterArns = inputs.regions.map((r) => r.databaseCluster.clusterArn);
  const globalClusterArn = `arn:${partition}:rds::${stack.account}:global-cluster:${inputs.globalClusterIdentifier}`;
  return [
    // Plan evaluation and execution bookkeeping (AmazonApplicationRecoveryControllerRegionSwitchPlanExecutionPolicy, scoped).
    new iam.PolicyStatement({
      sid: 'PlanRead',
      actions: ['arc-region-switch:GetPlan', 'arc-region-switch:GetPlanExecution', 'arc-region-switch:ListPlanExecutions'],
      resources: [planArnPattern(stack, inputs.planName)],
    }),
    new iam.PolicyStatement({ sid: 'PlanEvaluation', actions: ['iam:SimulatePrincipalPolicy'], resources: [role.roleArn] }),
    // ECS service scaling block (security_iam_region_switch_ecs).
    new iam.PolicyStatement({ sid: 'EcsServices', actions: ['ecs:DescribeServices', 'ecs:UpdateService'], resources: serviceArns }),
    new iam.PolicyStatement({ sid: 'EcsClusters', actions: ['ecs:DescribeClusters'], resources: clusterArns }),
    new iam.PolicyStatement({
      sid: 'EcsListServices',
      actions: ['ecs:ListServices'],
      resources: ['*'],
      conditions: { ArnEquals: { 'ecs:cluster': clusterArns } },
    }),
    new iam.PolicyStatement({
      sid: 'EcsScalableTargets',
      actions: ['application-autoscaling:DescribeScalableTargets', 'application-autoscaling:RegisterScalableTarget'],
      resources: ['*'],
      conditions: { StringEquals: { 'application-autoscaling:service-namespace': 'ecs' } },
    }),
    new iam.PolicyStatement({ sid: 'CapacityMetrics', actions: ['cloudwatch:GetMetricStatistics'], resources: ['*'] }),
    // Aurora global database block (security_iam_region_switch_aurora): describes scoped to the real clusters.
    new iam.PolicyStatement({ sid: 'AuroraDescribeGlobal', actions: ['rds:DescribeGlobalClusters'], resources: [globalClusterArn] }),
    new iam.PolicyStatement({ sid: 'AuroraDescribeClusters', actions: ['rds:DescribeDBClusters'], resources: dbClusterArns }),
    new iam.PolicyStatement({
      sid: 'AuroraSwitchoverFailover',
      actions: ['rds:FailoverGlobalCluster', 'rds:SwitchoverGlobalCluster'],
      resources: [globalClusterArn, ...dbClusterArns],
    }),
    // Route 53 health check block (security_iam_region_switch_route53).
    new iam.PolicyStatement({
      sid: 'Route53Records',
      actions: ['route53:ListResourceRecordSets'],
      resources: [`arn:${partition}:route53:::hostedzone/${inputs.hostedZone.hostedZoneId}`],
    }),
  ];
}
