import { Annotations, Arn, ArnFormat, Aws, Duration, Fn, Names, Stack, Token } from 'aws-cdk-lib';
import * as arcregionswitch from 'aws-cdk-lib/aws-arcregionswitch';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { FailoverDns } from '../dns/failover-dns';
import { acknowledge } from '../private/compliance';
import { isRegionName } from '../private/names';

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

/** An opt-in trigger: CloudWatch alarms whose ALARM state ("red") starts the plan. */
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
   * @default - "activate <targetRegion> when <n> alarm(s) are in ALARM"
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
   * region. When the topic's customer-managed key is known (`topic.masterKey`), its policy lets `events.amazonaws.com`
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

/** Minimum of every execution block's `TimeoutMinutes` (AWS::ARCRegionSwitch::Plan schema and API: minimum 1). */
const MIN_TIMEOUT_MINUTES = 1;
/** RecoveryTimeObjectiveMinutes range (AWS::ARCRegionSwitch::Plan schema: 1-10080). */
const RTO_MINUTES_RANGE = [1, 10080] as const;

/** Step names: stable, they appear in the console, in execution events and in `approve-plan-execution-step`. */
export const STEP_NAMES = {
  approval: 'approve',
  prepare: 'prepare-region',
  compute: 'scale-compute',
  database: 'promote-database',
  traffic: 'shift-traffic',
} as const;

/**
 * An ARC Region switch plan (active/passive) wired to the platform's real resources, with two workflows:
 * activate the standby region (failover when executed ungracefully, planned switchover when gracefully) and
 * activate the primary region (failback). Each workflow runs: optional manual approval; then in parallel the ECS
 * capacity block and the Aurora global database block (switchover when graceful, failover with data loss allowed
 * when ungraceful); then the Route 53 health check block that flips the health checks the failover records use.
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
  /** Id of the Route 53 health check Region switch created for the primary region (see {@link healthCheckIdFor}). */
  public readonly primaryHealthCheckId: string;
  /** Id of the Route 53 health check Region switch created for the standby region (see {@link healthCheckIdFor}). */
  public readonly standbyHealthCheckId: string;

  private readonly primaryRegion: string;
  private readonly standbyRegion: string;

  constructor(scope: Construct, id: string, props: RegionSwitchPlanProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // ---- validation ------------------------------------------------------------------------------------------
    for (const [name, r] of [['primary', props.primary], ['standby', props.standby]] as const) {
      if (Token.isUnresolved(r.region) || !isRegionName(r.region)) {
        throw new Error(`${name}.region must be a literal region name such as us-east-1, got: '${r.region}'`);
      }
    }
    if (props.primary.region === props.standby.region) {
      throw new Error(`primary.region and standby.region must differ, got: ${props.primary.region}`);
    }
    this.primaryRegion = props.primary.region;
    this.standbyRegion = props.standby.region;
    this.manualApproval = props.manualApproval ?? false;
    if (this.manualApproval && !props.approvalRole) {
      throw new Error('approvalRole is required when manualApproval is true, got: undefined');
    }
    if (!this.manualApproval && props.approvalRole) {
      throw new Error('approvalRole is only used when manualApproval is true, got: manualApproval false');
    }
    if (!this.manualApproval && props.approvalTimeoutMinutes !== undefined) {
      throw new Error(`approvalTimeoutMinutes is only used when manualApproval is true, got: ${props.approvalTimeoutMinutes}`);
    }
    this.approvalTimeoutMinutes = this.manualApproval ? timeout('approvalTimeoutMinutes', props.approvalTimeoutMinutes, 30) : 0;
    this.computeTimeoutMinutes = timeout('computeTimeoutMinutes', props.computeTimeoutMinutes, 20);
    this.databaseTimeoutMinutes = timeout('databaseTimeoutMinutes', props.databaseTimeoutMinutes, 30);
    this.trafficTimeoutMinutes = timeout('trafficTimeoutMinutes', props.trafficTimeoutMinutes, 10);
    this.worstCaseExecutionMinutes =
      this.approvalTimeoutMinutes + Math.max(this.computeTimeoutMinutes, this.databaseTimeoutMinutes) + this.trafficTimeoutMinutes;

    const targetPercent = props.capacityTargetPercent ?? 100;
    if (!Number.isInteger(targetPercent) || targetPercent < 1) {
      throw new Error(`capacityTargetPercent must be an integer >= 1, got: ${targetPercent}`);
    }
    const ungracefulPercent = props.ungracefulCapacitySuccessPercent ?? 50;
    if (!Number.isInteger(ungracefulPercent) || ungracefulPercent < 0 || ungracefulPercent > 99) {
      throw new Error(`ungracefulCapacitySuccessPercent must be an integer between 0 and 99, got: ${ungracefulPercent}`);
    }
    const rtoMinutes = (props.recoveryTimeObjective ?? Duration.minutes(15)).toMinutes({ integral: false });
    if (!Number.isInteger(rtoMinutes) || rtoMinutes < RTO_MINUTES_RANGE[0] || rtoMinutes > RTO_MINUTES_RANGE[1]) {
      throw new Error(`recoveryTimeObjective must be a whole number of minutes between 1 and 10080, got: ${rtoMinutes}`);
    }
    if (!Token.isUnresolved(props.globalClusterIdentifier) && !/^[A-Za-z][0-9A-Za-z-:._]{0,254}$/.test(props.globalClusterIdentifier)) {
      throw new Error(`globalClusterIdentifier must start with a letter and contain only letters, digits and -:._, got: '${props.globalClusterIdentifier}'`);
    }
    this.planName = props.planName ?? Names.uniqueResourceName(this, { maxLength: 32, separator: '-', allowedSpecialCharacters: '-' }).toLowerCase();
    if (!Token.isUnresolved(this.planName) && !/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/.test(this.planName)) {
      throw new Error(`planName must be 1-32 letters, digits or hyphens, starting and ending with a letter or digit, got: '${this.planName}'`);
    }
    const triggers = props.triggers ?? [];
    for (const [i, t] of triggers.entries()) {
      if (t.alarms.length < 1 || t.alarms.length > 10) {
        throw new Error(`triggers[${i}].alarms must have 1 to 10 alarms, got: ${t.alarms.length}`);
      }
      if (t.targetRegion !== this.primaryRegion && t.targetRegion !== this.standbyRegion) {
        throw new Error(`triggers[${i}].targetRegion must be ${this.primaryRegion} or ${this.standbyRegion}, got: '${t.targetRegion}'`);
      }
      const delay = (t.minDelayBetweenExecutions ?? Duration.hours(1)).toMinutes({ integral: false });
      if (!Number.isInteger(delay) || delay < 1) {
        throw new Error(`triggers[${i}].minDelayBetweenExecutions must be a whole number of minutes >= 1, got: ${delay}`);
      }
    }
    this.triggered = triggers.length > 0;

    // ---- execution role (least privilege per block; ARC sample policies, scoped to the real resources) -----------
    const partition = Aws.PARTITION;
    // The plan ARN carries a random suffix (arn:aws:arc-region-switch::<account>:plan/<name>:<suffix>) and the plan
    // needs the role first, so statements about the plan itself are scoped by name.
    const planArnPattern = Arn.format({
      service: 'arc-region-switch',
      region: '',
      resource: 'plan',
      resourceName: `${this.planName}:*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    }, stack);
    this.role = new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('arc-region-switch.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: `ARC Region switch execution role of plan ${this.planName}`,
    });
    const regions = [props.primary, props.standby];
    const serviceArns = regions.map((r) => r.service.serviceArn);
    const clusterArns = regions.map((r) => r.service.cluster.clusterArn);
    const dbClusterArns = regions.map((r) => r.databaseCluster.clusterArn);
    const globalClusterArn = `arn:${partition}:rds::${stack.account}:global-cluster:${props.globalClusterIdentifier}`;

    const policy = new iam.ManagedPolicy(this, 'ExecutionPolicy', {
      description: 'ARC Region switch plan execution: least privilege per execution block',
      statements: [
        // Plan evaluation and execution bookkeeping (AmazonApplicationRecoveryControllerRegionSwitchPlanExecutionPolicy, scoped).
        new iam.PolicyStatement({
          sid: 'PlanRead',
          actions: ['arc-region-switch:GetPlan', 'arc-region-switch:GetPlanExecution', 'arc-region-switch:ListPlanExecutions'],
          resources: [planArnPattern],
        }),
        new iam.PolicyStatement({ sid: 'PlanEvaluation', actions: ['iam:SimulatePrincipalPolicy'], resources: [this.role.roleArn] }),
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
          resources: [`arn:${partition}:route53:::hostedzone/${props.hostedZone.hostedZoneId}`],
        }),
      ],
    });
    const alarmArns = [...triggers.flatMap((t) => t.alarms), ...(props.applicationHealthAlarms ?? [])].map((a) => a.alarmArn);
    if (alarmArns.length > 0) {
      // Triggers and application health alarms: Region switch reads the alarms with the execution role.
      policy.addStatements(new iam.PolicyStatement({
        sid: 'PlanAlarms', actions: ['cloudwatch:DescribeAlarms', 'cloudwatch:DescribeAlarmHistory'], resources: alarmArns,
      }));
    }
    policy.attachToRole(this.role);
    const planArnFinding = `Resource::arn:<AWS::Partition>:arc-region-switch::${Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account}:plan/${this.planName}:*`;
    acknowledge(policy, [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Region switch plan execution role: ecs:ListServices, application-autoscaling:Describe/RegisterScalableTarget and ' +
          'cloudwatch:GetMetricStatistics support no resource-level permissions (the first two are narrowed by the ' +
          'ecs:cluster and service-namespace condition keys); the plan ARN ends with a random suffix assigned at creation, ' +
          'so it is matched as plan/<name>:*',
        appliesTo: ['Resource::*', planArnFinding],
      },
    ]);

    // ---- steps --------------------------------------------------------------------------------------------------
    const recordSets = regions.map((r) => ({
      recordSetIdentifier: r.recordSetIdentifier ?? FailoverDns.recordSetIdentifierFor(r.region),
      region: r.region,
    }));
    const steps = (target: string): arcregionswitch.CfnPlan.StepProperty[] => {
      const list: arcregionswitch.CfnPlan.StepProperty[] = [];
      if (this.manualApproval) {
        list.push({
          name: STEP_NAMES.approval,
          description: `An operator approves activating ${target}`,
          executionBlockType: 'ManualApproval',
          executionBlockConfiguration: {
            executionApprovalConfig: { approvalRole: props.approvalRole!.roleArn, timeoutMinutes: this.approvalTimeoutMinutes },
          },
        });
      }
      list.push({
        name: STEP_NAMES.prepare,
        description: `Scale the payment service and promote the database in ${target}, in parallel`,
        executionBlockType: 'Parallel',
        executionBlockConfiguration: {
          parallelConfig: {
            steps: [
              {
                name: STEP_NAMES.compute,
                description: `Scale the ECS service in ${target} to ${targetPercent}% of the other region's capacity`,
                executionBlockType: 'ECSServiceScaling',
                executionBlockConfiguration: {
                  ecsCapacityIncreaseConfig: {
                    services: regions.map((r) => ({ clusterArn: r.service.cluster.clusterArn, serviceArn: r.service.serviceArn })),
                    targetPercent,
                    capacityMonitoringApproach: 'sampledMaxInLast24Hours',
                    timeoutMinutes: this.computeTimeoutMinutes,
                    ungraceful: { minimumSuccessPercentage: ungracefulPercent },
                  },
                },
              },
              {
                name: STEP_NAMES.database,
                description: `Aurora global database: switchover to ${target} (graceful) or failover with data loss allowed (ungraceful)`,
                executionBlockType: 'AuroraGlobalDatabase',
                executionBlockConfiguration: {
                  globalAuroraConfig: {
                    behavior: 'switchoverOnly',
                    ungraceful: { ungraceful: 'failover' },
                    globalClusterIdentifier: props.globalClusterIdentifier,
                    databaseClusterArns: dbClusterArns,
                    timeoutMinutes: this.databaseTimeoutMinutes,
                  },
                },
              },
            ],
          },
        },
      });
      list.push({
        name: STEP_NAMES.traffic,
        description: `Route 53: mark ${target} healthy and the other region unhealthy (data plane only)`,
        executionBlockType: 'Route53HealthCheck',
        executionBlockConfiguration: {
          route53HealthCheckConfig: {
            hostedZoneId: props.hostedZone.hostedZoneId,
            recordName: props.recordName,
            recordSets,
            timeoutMinutes: this.trafficTimeoutMinutes,
          },
        },
      });
      return list;
    };

    const associatedAlarms: Record<string, arcregionswitch.CfnPlan.AssociatedAlarmProperty> = {};
    const cfnTriggers: arcregionswitch.CfnPlan.TriggerProperty[] = [];
    for (const [i, t] of triggers.entries()) {
      const names = t.alarms.map((alarm, j) => {
        const key = `trigger-${i}-${j}`;
        associatedAlarms[key] = { alarmType: 'trigger', resourceIdentifier: alarm.alarmArn };
        return key;
      });
      cfnTriggers.push({
        action: 'activate',
        targetRegion: t.targetRegion,
        minDelayMinutesBetweenExecutions: (t.minDelayBetweenExecutions ?? Duration.hours(1)).toMinutes({ integral: false }),
        description: t.description ?? `activate ${t.targetRegion} when ${t.alarms.length} alarm(s) are in ALARM`,
        conditions: names.map((associatedAlarmName) => ({ associatedAlarmName, condition: 'red' })),
      });
    }
    for (const [i, alarm] of (props.applicationHealthAlarms ?? []).entries()) {
      associatedAlarms[`health-${i}`] = { alarmType: 'applicationHealth', resourceIdentifier: alarm.alarmArn };
    }

    this.plan = new arcregionswitch.CfnPlan(this, 'Resource', {
      name: this.planName,
      description: `Active/passive Region switch for ${props.recordName}: ${this.primaryRegion} (primary) <-> ${this.standbyRegion}`,
      recoveryApproach: 'activePassive',
      primaryRegion: this.primaryRegion,
      regions: [this.primaryRegion, this.standbyRegion],
      executionRole: this.role.roleArn,
      recoveryTimeObjectiveMinutes: rtoMinutes,
      workflows: [
        {
          workflowTargetAction: 'activate',
          workflowTargetRegion: this.standbyRegion,
          workflowDescription: `Fail over (ungraceful) or switch over (graceful) to ${this.standbyRegion}`,
          steps: steps(this.standbyRegion),
        },
        {
          workflowTargetAction: 'activate',
          workflowTargetRegion: this.primaryRegion,
          workflowDescription: `Fail back to ${this.primaryRegion}`,
          steps: steps(this.primaryRegion),
        },
      ],
      associatedAlarms: Object.keys(associatedAlarms).length > 0 ? associatedAlarms : undefined,
      triggers: cfnTriggers.length > 0 ? cfnTriggers : undefined,
    });
    // Region switch evaluates the plan with the role as soon as it exists: create the policy first.
    this.plan.node.addDependency(policy);
    this.planArn = this.plan.attrArn;
    this.primaryHealthCheckId = this.healthCheckIdFor(this.primaryRegion);
    this.standbyHealthCheckId = this.healthCheckIdFor(this.standbyRegion);

    if (props.approvalRole) {
      // Manual approval execution block sample policy (security_iam_region_switch_manual_approval), scoped to this plan.
      this.approvalPolicy = new iam.ManagedPolicy(this, 'ApprovalPolicy', {
        description: `Approve steps of ARC Region switch plan ${this.planName}`,
        statements: [new iam.PolicyStatement({
          actions: ['arc-region-switch:ApprovePlanExecutionStep'],
          resources: [planArnPattern],
        })],
        roles: [props.approvalRole],
      });
      acknowledge(this.approvalPolicy, [{
        id: 'AwsSolutions-IAM5',
        reason: 'the plan ARN ends with a random suffix assigned at creation, so this plan is matched as plan/<name>:*',
        appliesTo: [planArnFinding],
      }]);
    }

    if (props.alarmTopic) {
      this.notificationRule = new PlanExecutionNotifications(this, 'Notifications', {
        topic: props.alarmTopic,
      }).rule;
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
   * Resolved at deploy time from the plan's `PlanHealthChecks` attribute, whose entries read
   * `<hostedZoneId>:<recordName>:<region>:<healthCheckId>`. The entry is selected by its region field, not by its
   * position (the list order is not documented): the joined list is split at `:<region>:` and the id is what follows,
   * up to the next entry. A region without an entry fails the deployment (Fn::Select out of range), loudly.
   */
  public healthCheckIdFor(region: string): string {
    if (region !== this.primaryRegion && region !== this.standbyRegion) {
      throw new Error(`region must be ${this.primaryRegion} or ${this.standbyRegion}, got: '${region}'`);
    }
    const joined = Fn.join(',', this.plan.attrPlanHealthChecks);
    return Fn.select(0, Fn.split(',', Fn.select(1, Fn.split(`:${region}:`, joined))));
  }
}

/** Props of {@link PlanExecutionNotifications}. */
export interface PlanExecutionNotificationsProps {
  /** Topic to notify (in this stack's region). */
  readonly topic: sns.ITopic;
}

/**
 * Forwards Region switch plan execution events (EventBridge source `aws.arc-region-switch`, detail type
 * `ARC Region Switch Plan Execution`) to an SNS topic. The event's fields are not documented beyond source and
 * detail type, so the rule matches the executions of every plan of the account in this region (over-notifying
 * rather than missing one); the message carries the plan ARN. Region switch has no notification execution block;
 * events are delivered in the region where the execution runs, so place one of these in each region of the plan.
 */
export class PlanExecutionNotifications extends Construct {
  /** The EventBridge rule. */
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: PlanExecutionNotificationsProps) {
    super(scope, id);
    this.rule = new events.Rule(this, 'Rule', {
      description: 'ARC Region switch plan execution events to the alert topic',
      eventPattern: {
        source: ['aws.arc-region-switch'],
        detailType: ['ARC Region Switch Plan Execution'],
      },
      targets: [new targets.SnsTopic(props.topic)],
    });
    // EventBridge publishes to a topic encrypted with a customer-managed key only if the key lets it.
    props.topic.masterKey?.grant(new iam.ServicePrincipal('events.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
  }
}

function timeout(name: string, value: number | undefined, defaultValue: number): number {
  const v = value ?? defaultValue;
  if (!Number.isInteger(v) || v < MIN_TIMEOUT_MINUTES) {
    throw new Error(`${name} must be a whole number of minutes >= ${MIN_TIMEOUT_MINUTES} (Region switch minimum), got: ${v}`);
  }
  return v;
}
