/**
 * `RegionSwitchPlan`: its props and the construct, which composes the pieces in `./private/`: `settings.ts` (props
 * checked, defaults applied), `execution-role.ts` (the role Region switch assumes and its least-privilege policy),
 * `workflows.ts` (the two workflows and their steps, `STEP_NAMES`), `triggers.ts` (associated alarms and triggers),
 * `approval-policy.ts` (the approver's policy). Execution events go through `PlanExecutionNotifications`
 * (`plan-execution-notifications.ts`).
 */
import { Annotations, Duration } from 'aws-cdk-lib';
import * as arcregionswitch from 'aws-cdk-lib/aws-arcregionswitch';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { PlanExecutionNotifications } from './plan-execution-notifications';
import { PlanHealthCheckBinding } from './plan-health-check-binding';
import { createApprovalPolicy } from './private/approval-policy';
import { createExecutionRole } from './private/execution-role';
import { resolvePlanSettings } from './private/settings';
import { planAlarms } from './private/triggers';
import { planWorkflows } from './private/workflows';

export { STEP_NAMES } from './private/workflows';

/** What the plan acts on in one region. */
export interface RegionSwitchPlanRegion {
  /** The region name (a literal, e.g. `us-east-1`). */
  readonly region: string;
  /** The region's payment service (its cluster comes from `service.cluster`). */
  readonly service: ecs.IBaseService;
  /** The region's member cluster of the Aurora global database. */
  readonly databaseCluster: rds.IDatabaseCluster;
  /**
   * Set identifier of this region's failover record.
   * @default FailoverDns.recordSetIdentifierFor(region)
   */
  readonly recordSetIdentifier?: string;
}

/**
 * An opt-in trigger: CloudWatch alarms that start the plan when every one of them is in ALARM ("red"): the API's
 * `Trigger.conditions` are "the conditions that must be met for the trigger to fire". The workflow it starts fails
 * the database over in every execution mode (see docs/operations.md).
 */
export interface RegionSwitchTrigger {
  /** The alarms (1-10), each a trigger condition "red" (in ALARM). */
  readonly alarms: cloudwatch.IAlarm[];
  /** The region the triggered execution activates (the standby, for an automatic failover). */
  readonly targetRegion: string;
  /**
   * Minimum time between two executions started by this trigger.
   * @default Duration.hours(1)
   */
  readonly minDelayBetweenExecutions?: Duration;
  /**
   * Description shown in the console.
   * @default - "activate <targetRegion> when <n> alarm(s) are all in ALARM"
   */
  readonly description?: string;
}

/** Props of {@link RegionSwitchPlan}. */
export interface RegionSwitchPlanProps {
  /**
   * Name of the plan (1-32 letters, digits and hyphens; cannot be changed after creation).
   * @default - a unique name derived from the construct path
   */
  readonly planName?: string;
  /** The primary region (serves traffic normally). */
  readonly primary: RegionSwitchPlanRegion;
  /** The standby region. */
  readonly standby: RegionSwitchPlanRegion;
  /** Identifier of the Aurora global cluster (`CfnGlobalCluster.globalClusterIdentifier`). */
  readonly globalClusterIdentifier: string;
  /** The hosted zone of the payment domain (FailoverDns's). */
  readonly hostedZone: route53.IHostedZone;
  /** The payment domain (FailoverDns's `recordName`). */
  readonly recordName: string;
  /**
   * Whether each workflow starts with a manual approval step.
   * @default false
   */
  readonly manualApproval?: boolean;
  /**
   * The IAM role whose principals approve the manual approval step (required when `manualApproval` is true).
   * It is attached a managed policy allowing `arc-region-switch:ApprovePlanExecutionStep` on this plan.
   * @default - none (no approval step)
   */
  readonly approvalRole?: iam.IRole;
  /**
   * Minutes the approval step waits before it times out (service minimum: 1).
   * @default 30
   */
  readonly approvalTimeoutMinutes?: number;
  /**
   * Timeout of the ECS capacity block in minutes (service minimum: 1).
   * @default 20
   */
  readonly computeTimeoutMinutes?: number;
  /**
   * Timeout of the Aurora global database block in minutes (service minimum: 1).
   * @default 30
   */
  readonly databaseTimeoutMinutes?: number;
  /**
   * Timeout of the Route 53 health check block in minutes (service minimum: 1).
   * @default 10
   */
  readonly trafficTimeoutMinutes?: number;
  /**
   * Capacity the activating region's service is scaled to, as a percentage of the other region's maximum over the
   * last 24 hours (integer >= 1; above 100 over-provisions).
   * @default 100
   */
  readonly capacityTargetPercent?: number;
  /**
   * In ungraceful (unplanned) executions, the ECS block succeeds once this percentage of the target capacity is
   * running (0-99), so traffic moves without waiting for every task.
   * @default 50
   */
  readonly ungracefulCapacitySuccessPercent?: number;
  /**
   * The plan's recovery time objective (1 minute - 7 days); Region switch reports executions against it.
   * @default Duration.minutes(15)
   */
  readonly recoveryTimeObjective?: Duration;
  /**
   * Topic notified of every plan execution event (EventBridge `ARC Region Switch Plan Execution`), in this stack's
   * region only: executions emit their events in the region being activated, so also place a
   * {@link PlanExecutionNotifications} in every other region of the plan (the platform puts one in each region).
   * When the topic's customer-managed key is known (`topic.masterKey`), its policy lets `events.amazonaws.com`
   * use it; for an imported key, add that permission yourself.
   * @default - no notification
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * CloudWatch alarms that start the plan (opt-in).
   * @default - executions are started by an operator only
   */
  readonly triggers?: RegionSwitchTrigger[];
  /**
   * Alarms on application health that Region switch shows with each execution (alarm type `applicationHealth`).
   * @default - none
   */
  readonly applicationHealthAlarms?: cloudwatch.IAlarm[];
}

/**
 * An ARC Region switch plan (active/passive) wired to the platform's real resources, with two workflows:
 * activate the standby region (failover when executed ungracefully, planned switchover when gracefully) and
 * activate the primary region (failback). Each workflow runs: optional manual approval; then in parallel the ECS
 * capacity block and the Aurora global database block (switchover when graceful, failover with data loss allowed
 * when ungraceful; failover in every mode in a workflow a trigger can start); then the Route 53 health check block
 * that flips the health checks the failover records use (read at deploy time by {@link PlanHealthCheckBinding}).
 */
export class RegionSwitchPlan extends Construct {
  /** The plan. */
  public readonly plan: arcregionswitch.CfnPlan;
  /** The plan's ARN. */
  public readonly planArn: string;
  /** The plan's name. */
  public readonly planName: string;
  /** The execution role Region switch assumes. */
  public readonly role: iam.Role;
  /** The managed policy letting the approval role approve this plan's steps (when `approvalRole` is set). */
  public readonly approvalPolicy?: iam.ManagedPolicy;
  /** The rule forwarding execution events to the alert topic (when `alarmTopic` is set). */
  public readonly notificationRule?: events.Rule;
  /** Approval step timeout in minutes (0 when there is no approval step). */
  public readonly approvalTimeoutMinutes: number;
  /** ECS capacity block timeout in minutes. */
  public readonly computeTimeoutMinutes: number;
  /** Aurora global database block timeout in minutes. */
  public readonly databaseTimeoutMinutes: number;
  /** Route 53 health check block timeout in minutes. */
  public readonly trafficTimeoutMinutes: number;
  /** The longest an execution can take before Region switch times it out: approval + max(compute, database) + traffic. */
  public readonly worstCaseExecutionMinutes: number;
  /** Whether the workflows start with a manual approval step. */
  public readonly manualApproval: boolean;
  /** Whether alarms can start the plan. */
  public readonly triggered: boolean;
  /** The deploy-time lookup (and check) of the health checks Region switch created, one per region. */
  public readonly healthCheckBinding: PlanHealthCheckBinding;
  /** Id of the Route 53 health check Region switch created for the primary region (see {@link healthCheckIdFor}). */
  public readonly primaryHealthCheckId: string;
  /** Id of the Route 53 health check Region switch created for the standby region (see {@link healthCheckIdFor}). */
  public readonly standbyHealthCheckId: string;

  private readonly primaryRegion: string;
  private readonly standbyRegion: string;

  constructor(scope: Construct, id: string, props: RegionSwitchPlanProps) {
    super(scope, id);
    const settings = resolvePlanSettings(this, props);
    this.primaryRegion = settings.primaryRegion;
    this.standbyRegion = settings.standbyRegion;
    this.planName = settings.planName;
    this.manualApproval = settings.manualApproval;
    this.approvalTimeoutMinutes = settings.approvalTimeoutMinutes;
    this.computeTimeoutMinutes = settings.computeTimeoutMinutes;
    this.databaseTimeoutMinutes = settings.databaseTimeoutMinutes;
    this.trafficTimeoutMinutes = settings.trafficTimeoutMinutes;
    this.worstCaseExecutionMinutes =
      this.approvalTimeoutMinutes + Math.max(this.computeTimeoutMinutes, this.databaseTimeoutMinutes) + this.trafficTimeoutMinutes;
    this.triggered = settings.triggers.length > 0;

    const regions = [props.primary, props.standby];
    const applicationHealthAlarms = props.applicationHealthAlarms ?? [];
    const execution = createExecutionRole(this, {
      planName: this.planName,
      regions,
      globalClusterIdentifier: props.globalClusterIdentifier,
      hostedZone: props.hostedZone,
      alarmArns: [...settings.triggers.flatMap((t) => t.alarms), ...applicationHealthAlarms].map((a) => a.alarmArn),
    });
    this.role = execution.role;

    const alarms = planAlarms(settings.triggers, applicationHealthAlarms);
    this.plan = new arcregionswitch.CfnPlan(this, 'Resource', {
      name: this.planName,
      description: `Active/passive Region switch for ${props.recordName}: ${this.primaryRegion} (primary) <-> ${this.standbyRegion}`,
      recoveryApproach: 'activePassive',
      primaryRegion: this.primaryRegion,
      regions: [this.primaryRegion, this.standbyRegion],
      executionRole: this.role.roleArn,
      recoveryTimeObjectiveMinutes: settings.recoveryTimeObjectiveMinutes,
      workflows: planWorkflows({
        settings,
        regions,
        approvalRole: props.approvalRole,
        globalClusterIdentifier: props.globalClusterIdentifier,
        hostedZone: props.hostedZone,
        recordName: props.recordName,
      }),
      associatedAlarms: alarms.associatedAlarms,
      triggers: alarms.triggers,
    });
    // Region switch evaluates the plan with the role as soon as it exists: create the policy first.
    this.plan.node.addDependency(execution.policy);
    this.planArn = this.plan.attrArn;
    this.healthCheckBinding = new PlanHealthCheckBinding(this, 'HealthChecks', {
      planArn: this.planArn,
      planName: this.planName,
      hostedZoneId: props.hostedZone.hostedZoneId,
      recordName: props.recordName,
      regions: [this.primaryRegion, this.standbyRegion],
    });
    this.primaryHealthCheckId = this.healthCheckIdFor(this.primaryRegion);
    this.standbyHealthCheckId = this.healthCheckIdFor(this.standbyRegion);

    if (props.approvalRole) {
      this.approvalPolicy = createApprovalPolicy(this, this.planName, props.approvalRole);
    }
    if (props.alarmTopic) {
      this.notificationRule = new PlanExecutionNotifications(this, 'Notifications', { topic: props.alarmTopic }).rule;
    }
    if (this.manualApproval && this.triggered) {
      Annotations.of(this).addInfo(
        'triggers start the plan, but each execution still waits for the manual approval step: ' +
          'the decision time is bounded by approvalTimeoutMinutes, not by the trigger',
      );
    }
  }

  /**
   * Let an operator run the plan: start, follow and cancel executions, read the plan, its evaluation and its health
   * checks (the actions of the runbook, docs/operations.md).
   */
  public grantExecute(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: [
        'arc-region-switch:StartPlanExecution',
        'arc-region-switch:CancelPlanExecution',
        'arc-region-switch:GetPlanExecution',
        'arc-region-switch:ListPlanExecutions',
        'arc-region-switch:ListPlanExecutionEvents',
        'arc-region-switch:GetPlan',
        'arc-region-switch:GetPlanInRegion',
        'arc-region-switch:GetPlanEvaluationStatus',
        'arc-region-switch:ListRoute53HealthChecks',
      ],
      resourceArns: [this.planArn],
    });
  }

  /** Let a principal approve or decline this plan's manual approval steps. */
  public grantApprove(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['arc-region-switch:ApprovePlanExecutionStep'],
      resourceArns: [this.planArn],
    });
  }

  /**
   * The id of the Route 53 health check that Region switch created for `region` (attach it to that region's
   * failover record, e.g. as FailoverDns's `controlHealthCheckId`).
   *
   * Read at deploy time by {@link PlanHealthCheckBinding} with `ListRoute53HealthChecks` (documented shape: one
   * `Route53HealthCheck` with `region` and `healthCheckId` per region and record name). The deployment fails,
   * naming the command to run, unless there is exactly one check per plan region.
   */
  public healthCheckIdFor(region: string): string {
    if (region !== this.primaryRegion && region !== this.standbyRegion) {
      throw new Error(`region must be ${this.primaryRegion} or ${this.standbyRegion}, got: '${region}'`);
    }
    return this.healthCheckBinding.healthCheckIdFor(region);
  }
}
