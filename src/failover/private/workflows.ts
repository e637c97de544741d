/**
 * The plan's two workflows, activate the standby (failover / switchover) and activate the primary (failback), and
 * their steps: optional manual approval; then in parallel the ECS capacity block and the Aurora global database
 * block; then the Route 53 health check block.
 */
import * as arcregionswitch from 'aws-cdk-lib/aws-arcregionswitch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { FailoverDns } from '../../dns/failover-dns';
import { RegionSwitchPlanRegion } from '../region-switch-plan';
import { PlanSettings } from './settings';

/** Step names: stable, they appear in the console, in execution events and in `approve-plan-execution-step`. */
export const STEP_NAMES = {
  approval: 'approve',
  prepare: 'prepare-region',
  compute: 'scale-compute',
  database: 'promote-database',
  traffic: 'shift-traffic',
} as const;

/** What the steps act on. */
export interface WorkflowInputs {
  readonly settings: PlanSettings;
  /** The primary, then the standby. */
  readonly regions: RegionSwitchPlanRegion[];
  /** Required when `settings.manualApproval` is true. */
  readonly approvalRole?: iam.IRole;
  readonly globalClusterIdentifier: string;
  readonly hostedZone: route53.IHostedZone;
  readonly recordName: string;
}

export function planWorkflows(inputs: WorkflowInputs): arcregionswitch.CfnPlan.WorkflowProperty[] {
  const { standbyRegion, primaryRegion } = inputs.settings;
  const steps = workflowSteps(inputs);
  return [
    {
      workflowTargetAction: 'activate',
      workflowTargetRegion: standbyRegion,
      workflowDescription: `Fail over (ungraceful) or switch over (graceful) to ${standbyRegion}`,
      steps: steps(standbyRegion),
    },
    {
      workflowTargetAction: 'activate',
      workflowTargetRegion: primaryRegion,
      workflowDescription: `Fail back to ${primaryRegion}`,
      steps: steps(primaryRegion),
    },
  ];
}

/** The steps of the workflow activating `target`. */
function workflowSteps(inputs: WorkflowInputs): (target: string) => arcregionswitch.CfnPlan.StepProperty[] {
  const { settings, regions } = inputs;
  const dbClusterArns = regions.map((r) => r.databaseCluster.clusterArn);
  const recordSets = regions.map((r) => ({
    recordSetIdentifier: r.recordSetIdentifier ?? FailoverDns.recordSetIdentifierFor(r.region),
    region: r.region,
  }));
  return (target) => [
    ...(settings.manualApproval ? [approvalStep(target, inputs.approvalRole!, settings.approvalTimeoutMinutes)] : []),
    {
      name: STEP_NAMES.prepare,
      description: `Scale the payment service and promote the database in ${target}, in parallel`,
      executionBlockType: 'Parallel',
      executionBlockConfiguration: {
        parallelConfig: {
          steps: [computeStep(target, regions, settings), databaseStep(target, inputs.globalClusterIdentifier, dbClusterArns, settings)],
        },
      },
    },
    {
      name: STEP_NAMES.traffic,
      description: `Route 53: mark ${target} healthy and the other region unhealthy (data plane only)`,
      executionBlockType: 'Route53HealthCheck',
      executionBlockConfiguration: {
        route53HealthCheckConfig: {
          hostedZoneId: inputs.hostedZone.hostedZoneId,
          recordName: inputs.recordName,
          recordSets,
          timeoutMinutes: settings.trafficTimeoutMinutes,
        },
      },
    },
  ];
}

function approvalStep(target: string, approvalRole: iam.IRole, timeoutMinutes: number): arcregionswitch.CfnPlan.StepProperty {
  return {
    name: STEP_NAMES.approval,
    description: `An operator approves activating ${target}`,
    executionBlockType: 'ManualApproval',
    executionBlockConfiguration: {
      executionApprovalConfig: { approvalRole: approvalRole.roleArn, timeoutMinutes },
    },
  };
}

function computeStep(target: string, regions: RegionSwitchPlanRegion[], settings: PlanSettings): arcregionswitch.CfnPlan.StepProperty {
  return {
    name: STEP_NAMES.compute,
    description: `Scale the ECS service in ${target} to ${settings.capacityTargetPercent}% of the other region's capacity`,
    executionBlockType: 'ECSServiceScaling',
    executionBlockConfiguration: {
      ecsCapacityIncreaseConfig: {
        services: regions.map((r) => ({ clusterArn: r.service.cluster.clusterArn, serviceArn: r.service.serviceArn })),
        targetPercent: settings.capacityTargetPercent,
        capacityMonitoringApproach: 'sampledMaxInLast24Hours',
        timeoutMinutes: settings.computeTimeoutMinutes,
        ungraceful: { minimumSuccessPercentage: settings.ungracefulCapacitySuccessPercent },
      },
    },
  };
}

/**
 * The Aurora block. A workflow that a trigger can start fails over in every mode (`behavior: failover`, "calls
 * FailoverGlobalCluster with AllowDataLoss set to true ... including during graceful execution", API
 * GlobalAuroraConfiguration): the mode of a triggered execution is not documented, and a graceful switchover
 * against an impaired primary would wait until the block times out. Other workflows switch over when graceful and
 * fail over when ungraceful.
 */
function databaseStep(
  target: string, globalClusterIdentifier: string, dbClusterArns: string[], settings: PlanSettings,
): arcregionswitch.CfnPlan.StepProperty {
  const triggered = isTriggerTarget(settings, target);
  return {
    name: STEP_NAMES.database,
    description: triggered
      ? `Aurora global database: failover to ${target} with data loss allowed, in every mode (a trigger can start this workflow)`
      : `Aurora global database: switchover to ${target} (graceful) or failover with data loss allowed (ungraceful)`,
    executionBlockType: 'AuroraGlobalDatabase',
    executionBlockConfiguration: {
      globalAuroraConfig: {
        behavior: triggered ? 'failover' : 'switchoverOnly',
        ungraceful: { ungraceful: 'failover' },
        globalClusterIdentifier,
        databaseClusterArns: dbClusterArns,
        timeoutMinutes: settings.databaseTimeoutMinutes,
      },
    },
  };
}

/** Whether a trigger of the plan activates `region`. */
export function isTriggerTarget(settings: PlanSettings, region: string): boolean {
  return settings.triggers.some((t) => t.targetRegion === region);
}
