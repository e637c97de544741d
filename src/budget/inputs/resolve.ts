/**
 * Input resolution: every `RecoveryBudgetInputs` field with its library default (`RecoveryBudgetDefaults`)
 * applied and checked. The checks run in the order of the fields, so the first invalid field is the one reported.
 */
import {
  requireEnum, requireHealthCheckInterval, requireIntegerAtLeast, requireIntegerBetween, requireTriggerAlarmPeriod,
} from './validate';
import { AURORA_PROMOTION_LOW_SECONDS, GLOBAL_DB_RPO_MAX_SECONDS, GLOBAL_DB_RPO_MIN_SECONDS } from '../constants/aws-figures';
import { RecoveryBudgetDefaults as D } from '../defaults';
import { DatabaseRecoveryMode, DecisionMode, RecoveryBudgetInputs } from '../types';

/** Every input with its default applied. */
export interface Resolved {
  readonly healthCheckIntervalSeconds: number;
  readonly healthCheckFailureThreshold: number;
  readonly dnsTtlSeconds: number;
  readonly dnsPropagationSeconds: number;
  readonly decisionMode: DecisionMode;
  readonly triggerAlarmEvaluationPeriods: number;
  readonly triggerAlarmPeriodSeconds: number;
  readonly triggerDispatchSeconds: number;
  readonly approvalAllowanceSeconds?: number;
  readonly databaseRecoveryMode: DatabaseRecoveryMode;
  readonly databasePromotionSeconds: number;
  readonly manualFailoverSeconds?: number;
  readonly secondaryHeadless: boolean;
  readonly instanceCreationSeconds?: number;
  readonly standbyMinTasks: number;
  readonly primaryMinTasks: number;
  readonly imagePullSeconds: number;
  readonly healthCheckGracePeriodSeconds: number;
  readonly targetGroupHealthCheckIntervalSeconds: number;
  readonly targetGroupHealthyThresholdCount: number;
  readonly computeInParallelWithDatabase: boolean;
  readonly trafficInParallelWithDatabase: boolean;
  readonly globalDbRpoSeconds?: number;
  readonly rpoGuardrailEnabled: boolean;
}

/** Applies the defaults and checks every input; throws on the first invalid one. */
export function resolveInputs(inputs: RecoveryBudgetInputs): Resolved {
  const decisionMode = inputs.decisionMode ?? D.DECISION_MODE;
  requireEnum('decisionMode', decisionMode, DecisionMode);
  const databaseRecoveryMode = inputs.databaseRecoveryMode ?? D.DATABASE_RECOVERY_MODE;
  requireEnum('databaseRecoveryMode', databaseRecoveryMode, DatabaseRecoveryMode);
  const secondaryHeadless = inputs.secondaryHeadless ?? D.SECONDARY_HEADLESS;
  const rpoGuardrailEnabled = inputs.rpoGuardrailEnabled ?? D.RPO_GUARDRAIL_ENABLED;
  // The spreads run in order: detection and traffic, decision, database, compute, RPO guardrail.
  return {
    ...resolveHealthCheckAndDns(inputs),
    ...resolveDecision(inputs, decisionMode),
    ...resolveDatabase(inputs, databaseRecoveryMode, secondaryHeadless),
    ...resolveCompute(inputs),
    ...resolveRpoGuardrail(inputs, rpoGuardrailEnabled),
  };
}

/** The Route 53 health check (detect term) and the DNS answer change (traffic term). */
function resolveHealthCheckAndDns(inputs: RecoveryBudgetInputs) {
  const healthCheckIntervalSeconds = inputs.healthCheckIntervalSeconds ?? D.HEALTH_CHECK_INTERVAL_SECONDS;
  requireHealthCheckInterval(healthCheckIntervalSeconds);
  const healthCheckFailureThreshold = inputs.healthCheckFailureThreshold ?? D.HEALTH_CHECK_FAILURE_THRESHOLD;
  requireIntegerBetween('healthCheckFailureThreshold', healthCheckFailureThreshold, 1, 10);
  const dnsTtlSeconds = inputs.dnsTtlSeconds ?? D.DNS_TTL_SECONDS;
  requireIntegerAtLeast('dnsTtlSeconds', dnsTtlSeconds, 0);
  const dnsPropagationSeconds = inputs.dnsPropagationSeconds ?? D.DNS_PROPAGATION_SECONDS;
  requireIntegerAtLeast('dnsPropagationSeconds', dnsPropagationSeconds, 0);
  return { healthCheckIntervalSeconds, healthCheckFailureThreshold, dnsTtlSeconds, dnsPropagationSeconds };
}

/** The decide term: the trigger alarm, its dispatch and the optional human approval. */
function resolveDecision(inputs: RecoveryBudgetInputs, decisionMode: DecisionMode) {
  const triggerAlarmEvaluationPeriods = inputs.triggerAlarmEvaluationPeriods ?? D.TRIGGER_ALARM_EVALUATION_PERIODS;
  requireIntegerAtLeast('triggerAlarmEvaluationPeriods', triggerAlarmEvaluationPeriods, 1);
  const triggerAlarmPeriodSeconds = inputs.triggerAlarmPeriodSeconds ?? D.TRIGGER_ALARM_PERIOD_SECONDS;
  requireTriggerAlarmPeriod(triggerAlarmPeriodSeconds);
  const triggerDispatchSeconds = inputs.triggerDispatchSeconds ?? D.TRIGGER_DISPATCH_SECONDS;
  requireIntegerAtLeast('triggerDispatchSeconds', triggerDispatchSeconds, 0);
  if (inputs.approvalAllowanceSeconds !== undefined && decisionMode !== DecisionMode.MANUAL_APPROVAL) {
    throw new Error(`approvalAllowanceSeconds applies only when decisionMode is MANUAL_APPROVAL, got: decisionMode ${decisionMode}`);
  }
  const approvalAllowanceSeconds = decisionMode === DecisionMode.MANUAL_APPROVAL
    ? inputs.approvalAllowanceSeconds ?? D.APPROVAL_ALLOWANCE_SECONDS
    : undefined;
  if (approvalAllowanceSeconds !== undefined) requireIntegerAtLeast('approvalAllowanceSeconds', approvalAllowanceSeconds, 0);
  return {
    decisionMode,
    triggerAlarmEvaluationPeriods,
    triggerAlarmPeriodSeconds,
    triggerDispatchSeconds,
    approvalAllowanceSeconds,
  };
}

/** The database term: promotion and, for a headless secondary, the instance creation. */
function resolveDatabase(inputs: RecoveryBudgetInputs, databaseRecoveryMode: DatabaseRecoveryMode, secondaryHeadless: boolean) {
  const databasePromotionSeconds = inputs.databasePromotionSeconds ?? D.DATABASE_PROMOTION_SECONDS;
  requireIntegerAtLeast('databasePromotionSeconds', databasePromotionSeconds, AURORA_PROMOTION_LOW_SECONDS);
  const manualFailoverSeconds = inputs.manualFailoverSeconds;
  if (databaseRecoveryMode === DatabaseRecoveryMode.MANUAL_PROCEDURE) {
    if (manualFailoverSeconds === undefined) {
      throw new Error('manualFailoverSeconds is required when databaseRecoveryMode is MANUAL_PROCEDURE (no Region switch plan '
        + 'promotes the database: declare the measured duration of your manual procedure), got: undefined');
    }
    requireIntegerAtLeast('manualFailoverSeconds', manualFailoverSeconds, 1);
  } else if (manualFailoverSeconds !== undefined) {
    throw new Error(`manualFailoverSeconds applies only when databaseRecoveryMode is MANUAL_PROCEDURE, got: databaseRecoveryMode ${databaseRecoveryMode}`);
  }
  if (inputs.instanceCreationSeconds !== undefined && !secondaryHeadless) {
    throw new Error(`instanceCreationSeconds applies only when secondaryHeadless is true, got: secondaryHeadless ${secondaryHeadless}`);
  }
  const instanceCreationSeconds = secondaryHeadless ? inputs.instanceCreationSeconds ?? D.INSTANCE_CREATION_SECONDS : undefined;
  if (instanceCreationSeconds !== undefined) requireIntegerAtLeast('instanceCreationSeconds', instanceCreationSeconds, 0);
  return { databaseRecoveryMode, databasePromotionSeconds, manualFailoverSeconds, secondaryHeadless, instanceCreationSeconds };
}

/** The compute term (ECS scale-up and target-group health) and the plan's parallelism. */
function resolveCompute(inputs: RecoveryBudgetInputs) {
  const standbyMinTasks = inputs.standbyMinTasks ?? D.STANDBY_MIN_TASKS;
  requireIntegerAtLeast('standbyMinTasks', standbyMinTasks, 0);
  const primaryMinTasks = inputs.primaryMinTasks ?? D.PRIMARY_MIN_TASKS;
  requireIntegerAtLeast('primaryMinTasks', primaryMinTasks, 1);
  const imagePullSeconds = inputs.imagePullSeconds ?? D.IMAGE_PULL_SECONDS;
  requireIntegerAtLeast('imagePullSeconds', imagePullSeconds, 0);
  const healthCheckGracePeriodSeconds = inputs.healthCheckGracePeriodSeconds ?? D.HEALTH_CHECK_GRACE_PERIOD_SECONDS;
  requireIntegerAtLeast('healthCheckGracePeriodSeconds', healthCheckGracePeriodSeconds, 0);
  const targetGroupHealthCheckIntervalSeconds = inputs.targetGroupHealthCheckIntervalSeconds ?? D.TARGET_GROUP_HEALTH_CHECK_INTERVAL_SECONDS;
  requireIntegerBetween('targetGroupHealthCheckIntervalSeconds', targetGroupHealthCheckIntervalSeconds, 5, 300);
  const targetGroupHealthyThresholdCount = inputs.targetGroupHealthyThresholdCount ?? D.TARGET_GROUP_HEALTHY_THRESHOLD_COUNT;
  requireIntegerBetween('targetGroupHealthyThresholdCount', targetGroupHealthyThresholdCount, 2, 10);
  return {
    standbyMinTasks,
    primaryMinTasks,
    imagePullSeconds,
    healthCheckGracePeriodSeconds,
    targetGroupHealthCheckIntervalSeconds,
    targetGroupHealthyThresholdCount,
    computeInParallelWithDatabase: inputs.computeInParallelWithDatabase ?? D.COMPUTE_IN_PARALLEL_WITH_DATABASE,
    trafficInParallelWithDatabase: inputs.trafficInParallelWithDatabase ?? D.TRAFFIC_IN_PARALLEL_WITH_DATABASE,
  };
}

/** The Aurora `rds.global_db_rpo` guardrail (RPO estimate, switchover catch-up). */
function resolveRpoGuardrail(inputs: RecoveryBudgetInputs, rpoGuardrailEnabled: boolean) {
  if (inputs.globalDbRpoSeconds !== undefined && !rpoGuardrailEnabled) {
    throw new Error(`globalDbRpoSeconds applies only when rpoGuardrailEnabled is true, got: rpoGuardrailEnabled ${rpoGuardrailEnabled}`);
  }
  const globalDbRpoSeconds = rpoGuardrailEnabled ? inputs.globalDbRpoSeconds ?? D.GLOBAL_DB_RPO_SECONDS : undefined;
  if (globalDbRpoSeconds !== undefined) {
    requireIntegerBetween('globalDbRpoSeconds', globalDbRpoSeconds, GLOBAL_DB_RPO_MIN_SECONDS, GLOBAL_DB_RPO_MAX_SECONDS);
  }
  return { globalDbRpoSeconds, rpoGuardrailEnabled };
}
