/**
 * What the declared DR state (dr-state.ts) changes in the platform's stacks: the RPO guardrail's value, the deploy
 * guard in each regional stack (and what waits for it), and the alarms that follow the active and passive roles.
 * Data resources are never touched: their ids, names and replacement-triggering properties are the same in every
 * state (test/platform/dr-state-matrix.test.ts).
 */
import { createHash } from 'crypto';
import { CfnOutput, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { AuroraGlobalPair } from '../../database';
import { PaymentRegion } from '../../region';
import { MIGRATIONS } from '../../validation/runtime/migrations';
import { ValidationFunction } from '../../validation/validation-function';
import { WriterRegionGuard } from '../../validation/writer-region-guard';
import { DrPaymentPlatformProps } from '../dr-payment-platform-props';
import {
  ACTIVE_REGION_CONTEXT_KEY, DrState, GUARDRAIL_SUSPENDED_CONTEXT_KEY, RegionDrRole, resolveDrState, SUSPENDED_GLOBAL_DB_RPO_SECONDS,
} from './dr-state';

/** The DR state the props and the CDK context (`-c dr-payment-platform:...`) declare. */
export function declaredDrState(scope: Construct, props: DrPaymentPlatformProps): DrState {
  return resolveDrState({
    primaryRegion: props.primaryRegion,
    standbyRegion: props.standbyRegion,
    activeRegion: props.activeRegion,
    contextActiveRegion: scope.node.tryGetContext(ACTIVE_REGION_CONTEXT_KEY),
    rpoGuardrailSuspended: props.rpoGuardrailSuspended,
    contextRpoGuardrailSuspended: scope.node.tryGetContext(GUARDRAIL_SUSPENDED_CONTEXT_KEY),
    primaryMinCapacity: props.primary?.minCapacity,
    primaryMaxCapacity: props.primary?.maxCapacity,
    standbyMinCapacity: props.standby?.minCapacity,
    standbyMaxCapacity: props.standby?.maxCapacity,
  });
}

/** One region as the DR state sees it. */
export interface DrRegionParts {
  readonly stack: Stack;
  readonly role: RegionDrRole;
  readonly service: PaymentRegion;
  readonly validation: ValidationFunction;
  readonly alarmTopic: sns.ITopic;
  /** Identifier of the region's cluster (`<global>-primary` / `<global>-secondary`). */
  readonly clusterIdentifier: string;
  /** The region's cluster parameter group. */
  readonly parameterGroup: rds.IParameterGroup;
}

/** What {@link applyDrState} built. */
export interface DrStateParts {
  /** The deploy guards, primary's then standby's. */
  readonly guards: WriterRegionGuard[];
  /** Alarm: commits on the active writer stall (the guardrail holding them, or the writer overloaded). */
  readonly commitStallAlarm: cloudwatch.Alarm;
  /** Alarm: the passive cluster's RPO lag at 80 % of the RPO, while the roles are swapped (failed over only). */
  readonly passiveRpoLagAlarm?: cloudwatch.Alarm;
}

/** Applies the declared state to both regions. */
export function applyDrState(state: DrState, database: AuroraGlobalPair, regions: DrRegionParts[], props: DrPaymentPlatformProps): DrStateParts {
  const rpo = props.database?.rpo ?? Duration.seconds(20);
  if (state.rpoGuardrailSuspended && (props.database?.rpoGuardrail ?? true)) {
    for (const r of regions) {
      (r.parameterGroup as rds.ParameterGroup).addParameter('rds.global_db_rpo', String(SUSPENDED_GLOBAL_DB_RPO_SECONDS));
    }
  }
  const fingerprint = createHash('sha256').update(JSON.stringify({
    state: [state.activeRegion, state.rpoGuardrailSuspended],
    regions: regions.map((r) => [r.role.region, r.role.minCapacity, r.service.maxCapacity, r.role.runsMigrations]),
    migrations: MIGRATIONS.map((m) => [m.version, m.sql]),
    rpo: rpo.toSeconds(),
  })).digest('hex');
  const guards = regions.map((r) => {
    const guard = new WriterRegionGuard(r.stack, 'WriterRegionGuard', {
      globalClusterIdentifier: database.globalClusterIdentifier,
      declaredActiveRegion: state.activeRegion,
      primaryRegion: props.primaryRegion,
      encryptionKey: r.validation.encryptionKey,
      fingerprint,
    });
    if (r.stack === Stack.of(database.globalCluster)) {
      // The first deployment creates the global cluster in this stack: the guard reads it once it exists.
      guard.resource.node.addDependency(database.globalCluster);
    }
    // Nothing the state decides changes before the guard has agreed with it.
    for (const dependent of stateDependentResources(r)) {
      dependent.node.addDependency(guard.resource);
    }
    new CfnOutput(r.stack, 'DeclaredActiveRegion', { value: state.activeRegion, description: 'the DR state this stack was deployed with (activeRegion)' });
    return guard;
  });
  const active = regions.find((r) => r.role.active)!;
  const passive = regions.find((r) => !r.role.active)!;
  const commitStallAlarm = newDbAlarm(active, 'CommitStallAlarm', {
    metricName: 'CommitLatency',
    threshold: 1000,
    evaluationPeriods: 2,
    dimensions: { Role: 'WRITER' },
    description: `${active.clusterIdentifier}: commits take over 1 s for 2 minutes (the RPO guardrail holds them when no secondary is within ${rpo.toSeconds()} s: docs/operations.md "Standby impaired")`,
  });
  const passiveRpoLagAlarm = state.failedOver ? newDbAlarm(passive, 'PassiveRpoLagAlarm', {
    metricName: 'AuroraGlobalDBRPOLag',
    threshold: rpo.toMilliseconds() * 0.8,
    evaluationPeriods: 1,
    dimensions: {},
    description: `${passive.clusterIdentifier} (secondary while failed over): RPO lag at 80 % of ${rpo.toSeconds()} s`,
  }) : undefined;
  return { guards, commitStallAlarm, passiveRpoLagAlarm };
}

/** The resources whose properties the DR state decides: scaling target, schema migration, parameter group. */
function stateDependentResources(r: DrRegionParts): IConstruct[] {
  const scalingTargets = r.service.paymentService.node.findAll()
    .filter((c) => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::ApplicationAutoScaling::ScalableTarget');
  const parameterGroup = r.parameterGroup.node.defaultChild ?? r.parameterGroup;
  return [...scalingTargets, parameterGroup, ...(r.validation.migration ? [r.validation.migration] : [])];
}

interface DbAlarmOptions {
  readonly metricName: string;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly dimensions: Record<string, string>;
  readonly description: string;
}

function newDbAlarm(r: DrRegionParts, id: string, o: DbAlarmOptions): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(r.stack, id, {
    alarmDescription: o.description,
    metric: new cloudwatch.Metric({
      namespace: 'AWS/RDS',
      metricName: o.metricName,
      dimensionsMap: { DBClusterIdentifier: r.clusterIdentifier, ...o.dimensions },
      statistic: 'Maximum',
      period: Duration.minutes(1),
      region: r.stack.region,
    }),
    threshold: o.threshold,
    evaluationPeriods: o.evaluationPeriods,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new cw_actions.SnsAction(r.alarmTopic));
  alarm.addOkAction(new cw_actions.SnsAction(r.alarmTopic));
  return alarm;
}
