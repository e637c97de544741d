/**
 * The recovery budget of a platform configuration: which budget inputs the platform's props imply, and the
 * check against the recovery objectives that runs before anything is built. No construct here: only the
 * mapping from props to the (pure) budget model.
 */
import { Duration } from 'aws-cdk-lib';
import {
  DatabaseRecoveryMode,
  DecisionMode,
  RecoveryBudget,
  RecoveryBudgetInputs,
  RecoveryBudgetModel,
  RecoveryObjectives,
} from '../../budget';
import { ALB_ALIAS_TTL_SECONDS } from '../../dns';
import { triggerSettings } from '../../failover/alarm-model/trigger-settings';
import { DrPaymentPlatformProps } from '../dr-payment-platform-props';
import { fail, propPath, requireInteger, requireObject } from './prop-checks';

/** The fastest Aurora global database promotion the budget accepts as a measurement (src/budget/constants). */
const MIN_PROMOTION_SECONDS = 60;

/** The measured assumptions the platform reads from `recoveryMeasurements`, with their lower bounds. */
const MEASURED_FIELDS: Array<[keyof RecoveryBudgetInputs, number]> = [
  ['dnsPropagationSeconds', 0],
  ['triggerDispatchSeconds', 0],
  ['databasePromotionSeconds', MIN_PROMOTION_SECONDS],
  ['instanceCreationSeconds', 0],
  ['imagePullSeconds', 0],
];

/**
 * The budget model's input names and the props they come from: a message of the model that still names one is
 * rewritten, so that no internal name reaches a user.
 */
const BUDGET_NAMES: Array<[RegExp, string]> = [
  [/\brpoGuardrailEnabled\b/g, propPath('database.rpoGuardrail')],
  [/\bglobalDbRpoSeconds\b/g, propPath('database.rpo')],
  [/\bstandbyMinTasks\b/g, propPath('standby.minCapacity')],
  [/\bprimaryMinTasks\b/g, propPath('primary.minCapacity')],
  [/\bsecondaryHeadless\b/g, propPath('database.secondaryInstances')],
  [/\bapprovalAllowanceSeconds\b/g, propPath('failover.decisionAllowance')],
];

/** A message of the budget model with its input names replaced by the platform's prop paths. */
export function inPropTerms(message: string): string {
  return BUDGET_NAMES.reduce((text, [name, path]) => text.replace(name, path), message);
}

/** Checks `recoveryObjectives`, `recoveryMeasurements` and the RPO guardrail before the budget is computed. */
export function validateRecoveryProps(props: DrPaymentPlatformProps): void {
  requireObject('recoveryObjectives', props.recoveryObjectives);
  requireInteger('recoveryObjectives.rtoSeconds', props.recoveryObjectives?.rtoSeconds, 1);
  requireInteger('recoveryObjectives.rpoSeconds', props.recoveryObjectives?.rpoSeconds, 1);
  requireObject('recoveryMeasurements', props.recoveryMeasurements);
  for (const [field, min] of MEASURED_FIELDS) {
    requireInteger(`recoveryMeasurements.${field}`, props.recoveryMeasurements?.[field], min);
  }
  if (props.database?.rpoGuardrail === false) {
    const rpoSeconds = props.recoveryObjectives?.rpoSeconds ?? 300;
    fail(
      'database.rpoGuardrail',
      'must be true: without the rds.global_db_rpo guardrail the modelled worst-case RPO of a failover is unbounded, so '
      + `${propPath('recoveryObjectives.rpoSeconds')} ${rpoSeconds} cannot be guaranteed`,
      false,
    );
  }
}

/** The objectives the platform must meet: the caller's, else RTO 15 minutes and RPO 5 minutes. */
export function recoveryObjectivesOf(props: DrPaymentPlatformProps): RecoveryObjectives {
  return {
    rtoSeconds: props.recoveryObjectives?.rtoSeconds ?? 900,
    rpoSeconds: props.recoveryObjectives?.rpoSeconds ?? 300,
  };
}

/**
 * The modelled recovery budget of this configuration; throws the recovery-budget table when the worst case
 * exceeds one of the objectives.
 */
export function checkedRecoveryBudget(
  props: DrPaymentPlatformProps,
  planEnabled: boolean,
  objectives: RecoveryObjectives,
): RecoveryBudget {
  let budget: RecoveryBudget;
  let failure: string | undefined;
  try {
    budget = RecoveryBudgetModel.compute(budgetInputs(props, planEnabled));
    failure = RecoveryBudgetModel.failureMessage(budget, objectives);
  } catch (e) {
    throw new Error(inPropTerms((e as Error).message));
  }
  if (failure) {
    throw new Error(inPropTerms(failure));
  }
  return budget;
}

/** The recovery-budget inputs this configuration implies, plus the caller's measured values. */
export function budgetInputs(props: DrPaymentPlatformProps, planEnabled: boolean): RecoveryBudgetInputs {
  const measured = props.recoveryMeasurements ?? {};
  const failover = props.failover ?? {};
  const triggered = planEnabled && (failover.automaticTrigger ?? true);
  const automatic = triggered && !failover.manualApproval;
  const db = props.database ?? {};
  const guardrail = db.rpoGuardrail ?? true;
  // One source for the trigger alarms and the decide term (SustainedOutageAlarm reads the same settings).
  const trigger = triggerSettings(failover.sustainMinutes, 'DrPaymentPlatformProps.failover.sustainMinutes');
  if (!planEnabled && measured.manualFailoverSeconds === undefined) {
    throw new Error('DrPaymentPlatformProps.failover.enabled is false: no Region switch plan promotes the database, so the standby '
      + 'stays read-only until someone promotes it by hand and no RTO can be met by the platform itself. Declare the measured '
      + 'duration of your manual procedure in DrPaymentPlatformProps.recoveryMeasurements.manualFailoverSeconds, got: undefined');
  }
  return {
    // Measured assumptions first; everything the platform decides itself overrides them.
    dnsPropagationSeconds: measured.dnsPropagationSeconds,
    triggerDispatchSeconds: automatic ? measured.triggerDispatchSeconds : undefined,
    databasePromotionSeconds: measured.databasePromotionSeconds,
    instanceCreationSeconds: db.secondaryInstances === 0 ? measured.instanceCreationSeconds : undefined,
    imagePullSeconds: measured.imagePullSeconds,
    healthCheckIntervalSeconds: props.healthCheckIntervalSeconds ?? 10,
    healthCheckFailureThreshold: props.healthCheckFailureThreshold ?? 3,
    dnsTtlSeconds: ALB_ALIAS_TTL_SECONDS,
    decisionMode: automatic ? DecisionMode.AUTOMATIC_TRIGGER : DecisionMode.MANUAL_APPROVAL,
    // With a trigger: its sustained alarms (N of N one-minute periods), then the approval if any. Without: the paging
    // alarm (1 of 1 minute, HealthCheckStatusAlarms) and the operator's decision.
    triggerAlarmEvaluationPeriods: triggered ? trigger.evaluationPeriods : 1,
    triggerAlarmPeriodSeconds: triggered ? trigger.periodSeconds : 60,
    approvalAllowanceSeconds: automatic ? undefined : (failover.decisionAllowance ?? Duration.minutes(5)).toSeconds(),
    databaseRecoveryMode: planEnabled ? DatabaseRecoveryMode.FAILOVER : DatabaseRecoveryMode.MANUAL_PROCEDURE,
    manualFailoverSeconds: planEnabled ? undefined : measured.manualFailoverSeconds,
    secondaryHeadless: db.secondaryInstances === 0,
    standbyMinTasks: props.standby?.minCapacity ?? 2,
    primaryMinTasks: props.primary?.minCapacity ?? 10,
    computeInParallelWithDatabase: planEnabled,
    globalDbRpoSeconds: guardrail ? (db.rpo ?? Duration.seconds(20)).toSeconds() : undefined,
    rpoGuardrailEnabled: guardrail,
  };
}
