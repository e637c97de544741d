import { RecoveryBudgetDefaults as D } from './defaults';
import { formatDuration, renderTable, TableRow } from './format';
import { DocumentSource, SOURCES } from './sources';
import {
  ConstantOrigin,
  DatabaseRecoveryMode,
  DecisionMode,
  RecoveryBudget,
  RecoveryBudgetInputs,
  RecoveryConstant,
  RecoveryObjectiveKind,
  RecoveryObjectives,
  RecoveryPointEstimate,
  RecoveryTerm,
  RecoveryViolation,
} from './types';

/** Route 53: "establish a TCP connection with the endpoint within four seconds" (HTTP and HTTPS checks). */
const ROUTE53_CONNECT_TIMEOUT_SECONDS = 4;
/** Route 53: "respond with an HTTP status code of 2xx or 3xx within two seconds after connecting". */
const ROUTE53_RESPONSE_TIMEOUT_SECONDS = 2;
/** Route 53: "If 18% of health checkers or fewer report that an endpoint is healthy, Route 53 considers it unhealthy". */
const ROUTE53_HEALTHY_CHECKERS_PERCENT = 18;
/** Route 53 health-check metrics are reported at one-minute intervals. */
const ROUTE53_METRIC_INTERVAL_SECONDS = 60;
/** Aurora Global Database: "An Aurora cluster can recover in less than 1 minute even in the event of a complete Regional outage". */
const AURORA_PROMOTION_LOW_SECONDS = 60;
/** Aurora Global Database replicates "with latency typically under a second" (rounded up to whole seconds). */
const AURORA_TYPICAL_LAG_SECONDS = 1;
/** Smallest value of `rds.global_db_rpo`: "Valid values are from 20 seconds up to ... 2,147,483,647". */
const GLOBAL_DB_RPO_MIN_SECONDS = 20;
const GLOBAL_DB_RPO_MAX_SECONDS = 2147483647;
/** ALB: "After your target is registered, it must pass one health check to be considered healthy". */
const ALB_CHECKS_FOR_NEW_TARGET = 1;
/** S3 RTC: "replicates ... 99.99 percent of those objects within 15 minutes". */
const S3_RTC_OBJECTIVE_SECONDS = 900;
const S3_RTC_DESIGNED_PERCENT = 99.99;
/** S3 RTC SLA: service credits when the "Monthly 15-minute Replication Percentage" is "less than 99.9%". */
const S3_RTC_SLA_PERCENT = 99.9;

/** Every input with its default applied. */
interface Resolved {
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

/**
 * The recovery-budget model: computes, from the platform's settings, how long a Regional failover takes
 * (RTO, as the terms detect, decide, database, compute and traffic) and how much data it can lose (RPO),
 * checks them against the recovery objectives, and prints the term table. Pure arithmetic: every constant
 * carries the AWS documentation page it comes from, and every figure AWS does not publish is an explicit,
 * overridable assumption.
 */
export class RecoveryBudgetModel {
  /**
   * Computes the recovery budget.
   * @param inputs the platform settings; omitted fields take the library defaults (`RecoveryBudgetDefaults`)
   */
  public static compute(inputs?: RecoveryBudgetInputs): RecoveryBudget {
    const given = inputs ?? {};
    const r = resolve(given);
    const detect = detectTerm(r);
    const decide = decideTerm(r, given);
    const database = databaseTerm(r, given);
    const compute = computeTerm(r, given);
    const traffic = trafficTerm(r, given);
    const recover = (db: number, cpu: number, net: number): number => {
      const dbAndCompute = r.computeInParallelWithDatabase ? Math.max(db, cpu) : db + cpu;
      return r.trafficInParallelWithDatabase ? Math.max(dbAndCompute, net) : dbAndCompute + net;
    };
    const rtoLowSeconds = detect.lowSeconds + decide.lowSeconds
      + recover(database.lowSeconds, compute.lowSeconds, traffic.lowSeconds);
    const rtoHighSeconds = detect.highSeconds + decide.highSeconds
      + recover(database.highSeconds, compute.highSeconds, traffic.highSeconds);
    const rtoExplanation = rtoFormula(r);
    return {
      inputs: {
        healthCheckIntervalSeconds: r.healthCheckIntervalSeconds,
        healthCheckFailureThreshold: r.healthCheckFailureThreshold,
        dnsTtlSeconds: r.dnsTtlSeconds,
        dnsPropagationSeconds: r.dnsPropagationSeconds,
        decisionMode: r.decisionMode,
        triggerAlarmEvaluationPeriods: r.triggerAlarmEvaluationPeriods,
        triggerAlarmPeriodSeconds: r.triggerAlarmPeriodSeconds,
        triggerDispatchSeconds: r.triggerDispatchSeconds,
        approvalAllowanceSeconds: r.approvalAllowanceSeconds,
        databaseRecoveryMode: r.databaseRecoveryMode,
        databasePromotionSeconds: r.databasePromotionSeconds,
        secondaryHeadless: r.secondaryHeadless,
        instanceCreationSeconds: r.instanceCreationSeconds,
        standbyMinTasks: r.standbyMinTasks,
        primaryMinTasks: r.primaryMinTasks,
        imagePullSeconds: r.imagePullSeconds,
        healthCheckGracePeriodSeconds: r.healthCheckGracePeriodSeconds,
        targetGroupHealthCheckIntervalSeconds: r.targetGroupHealthCheckIntervalSeconds,
        targetGroupHealthyThresholdCount: r.targetGroupHealthyThresholdCount,
        computeInParallelWithDatabase: r.computeInParallelWithDatabase,
        trafficInParallelWithDatabase: r.trafficInParallelWithDatabase,
        globalDbRpoSeconds: r.globalDbRpoSeconds,
        rpoGuardrailEnabled: r.rpoGuardrailEnabled,
      },
      detect,
      decide,
      database,
      compute,
      traffic,
      terms: [detect, decide, database, compute, traffic],
      rtoLowSeconds,
      rtoHighSeconds,
      rtoExplanation,
      rpo: rpoEstimate(r),
      transactionLogRpo: transactionLogEstimate(),
    };
  }

  /**
   * The objectives the modelled worst case does not meet (empty when all are met). An unbounded RPO never
   * meets an RPO objective.
   * @param budget the computed budget
   * @param objectives the recovery objectives; omitted fields take the defaults (900 s RTO, 300 s RPO)
   */
  public static check(budget: RecoveryBudget, objectives?: RecoveryObjectives): RecoveryViolation[] {
    const { rtoSeconds, rpoSeconds } = resolveObjectives(objectives);
    const violations: RecoveryViolation[] = [];
    if (budget.rtoHighSeconds > rtoSeconds) {
      violations.push({
        objective: RecoveryObjectiveKind.RTO,
        objectiveSeconds: rtoSeconds,
        modelledSeconds: budget.rtoHighSeconds,
        message: `modelled worst-case RTO ${formatDuration(budget.rtoHighSeconds)} exceeds rtoSeconds ${rtoSeconds}`,
      });
    }
    if (!budget.rpo.bounded || budget.rpo.highSeconds === undefined) {
      violations.push({
        objective: RecoveryObjectiveKind.RPO,
        objectiveSeconds: rpoSeconds,
        message: `modelled worst-case RPO is unbounded, so rpoSeconds ${rpoSeconds} cannot be guaranteed: without the `
          + 'rds.global_db_rpo guardrail an Aurora global database failover loses whatever replication lag there is, '
          + 'typically under a second but with no upper bound; enable rpoGuardrailEnabled with globalDbRpoSeconds <= rpoSeconds',
      });
    } else if (budget.rpo.highSeconds > rpoSeconds) {
      violations.push({
        objective: RecoveryObjectiveKind.RPO,
        objectiveSeconds: rpoSeconds,
        modelledSeconds: budget.rpo.highSeconds,
        message: `modelled worst-case RPO ${formatDuration(budget.rpo.highSeconds)} exceeds rpoSeconds ${rpoSeconds}`,
      });
    }
    return violations;
  }

  /**
   * The fixed-width term table (term | low | high | explanation) followed by the RTO and RPO totals against
   * the objectives and the informational transaction-log RPO.
   * @param budget the computed budget
   * @param objectives the recovery objectives; omitted fields take the defaults (900 s RTO, 300 s RPO)
   */
  public static formatTable(budget: RecoveryBudget, objectives?: RecoveryObjectives): string {
    const { rtoSeconds, rpoSeconds } = resolveObjectives(objectives);
    const termRows: TableRow[] = budget.terms.map((term) => ({
      label: term.name,
      low: formatDuration(term.lowSeconds),
      high: formatDuration(term.highSeconds),
      explanation: term.explanation,
    }));
    const rtoMet = budget.rtoHighSeconds <= rtoSeconds;
    const rpoMet = budget.rpo.bounded && budget.rpo.highSeconds !== undefined && budget.rpo.highSeconds <= rpoSeconds;
    const totals: TableRow[] = [
      {
        label: 'RTO',
        low: formatDuration(budget.rtoLowSeconds),
        high: formatDuration(budget.rtoHighSeconds),
        explanation: `objective rtoSeconds ${rtoSeconds} (${formatDuration(rtoSeconds)}): ${rtoMet ? 'met' : 'EXCEEDED'}; ${budget.rtoExplanation}`,
      },
      {
        label: 'RPO',
        low: formatDuration(budget.rpo.lowSeconds),
        high: budget.rpo.highSeconds === undefined ? 'unbounded' : formatDuration(budget.rpo.highSeconds),
        explanation: `objective rpoSeconds ${rpoSeconds} (${formatDuration(rpoSeconds)}): ${rpoMet ? 'met' : 'NOT MET'}; ${budget.rpo.explanation}`,
      },
      {
        label: 'log RPO',
        low: formatDuration(budget.transactionLogRpo.lowSeconds),
        high: formatDuration(budget.transactionLogRpo.highSeconds ?? 0),
        explanation: `informational, not checked: ${budget.transactionLogRpo.explanation}`,
      },
    ];
    return renderTable([termRows, totals]);
  }

  /**
   * The synthesis error when an objective is not met: `recovery objectives cannot be met: <violations>`
   * followed by the term table; undefined when every objective is met.
   * @param budget the computed budget
   * @param objectives the recovery objectives; omitted fields take the defaults (900 s RTO, 300 s RPO)
   */
  public static failureMessage(budget: RecoveryBudget, objectives?: RecoveryObjectives): string | undefined {
    const violations = RecoveryBudgetModel.check(budget, objectives);
    if (violations.length === 0) return undefined;
    return `recovery objectives cannot be met: ${violations.map((v) => v.message).join('; ')}\n\n`
      + RecoveryBudgetModel.formatTable(budget, objectives);
  }

  /**
   * A duration as the table prints it: `36s`, `7m 6s`, `15m`, `1h 2m 3s`.
   * @param seconds the duration in seconds
   */
  public static formatDuration(seconds: number): string {
    return formatDuration(seconds);
  }

  private constructor() {}
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs

function resolve(inputs: RecoveryBudgetInputs): Resolved {
  const decisionMode = inputs.decisionMode ?? D.DECISION_MODE;
  requireEnum('decisionMode', decisionMode, DecisionMode);
  const databaseRecoveryMode = inputs.databaseRecoveryMode ?? D.DATABASE_RECOVERY_MODE;
  requireEnum('databaseRecoveryMode', databaseRecoveryMode, DatabaseRecoveryMode);
  const secondaryHeadless = inputs.secondaryHeadless ?? D.SECONDARY_HEADLESS;
  const rpoGuardrailEnabled = inputs.rpoGuardrailEnabled ?? D.RPO_GUARDRAIL_ENABLED;

  const healthCheckIntervalSeconds = inputs.healthCheckIntervalSeconds ?? D.HEALTH_CHECK_INTERVAL_SECONDS;
  if (healthCheckIntervalSeconds !== 10 && healthCheckIntervalSeconds !== 30) {
    throw new Error(`healthCheckIntervalSeconds must be 10 or 30, got: ${healthCheckIntervalSeconds}`);
  }
  const healthCheckFailureThreshold = inputs.healthCheckFailureThreshold ?? D.HEALTH_CHECK_FAILURE_THRESHOLD;
  requireIntegerBetween('healthCheckFailureThreshold', healthCheckFailureThreshold, 1, 10);
  const dnsTtlSeconds = inputs.dnsTtlSeconds ?? D.DNS_TTL_SECONDS;
  requireIntegerAtLeast('dnsTtlSeconds', dnsTtlSeconds, 0);
  const dnsPropagationSeconds = inputs.dnsPropagationSeconds ?? D.DNS_PROPAGATION_SECONDS;
  requireIntegerAtLeast('dnsPropagationSeconds', dnsPropagationSeconds, 0);

  const triggerAlarmEvaluationPeriods = inputs.triggerAlarmEvaluationPeriods ?? D.TRIGGER_ALARM_EVALUATION_PERIODS;
  requireIntegerAtLeast('triggerAlarmEvaluationPeriods', triggerAlarmEvaluationPeriods, 1);
  const triggerAlarmPeriodSeconds = inputs.triggerAlarmPeriodSeconds ?? D.TRIGGER_ALARM_PERIOD_SECONDS;
  if (!Number.isInteger(triggerAlarmPeriodSeconds) || triggerAlarmPeriodSeconds <= 0
    || ![10, 20, 30].includes(triggerAlarmPeriodSeconds) && triggerAlarmPeriodSeconds % 60 !== 0) {
    throw new Error(`triggerAlarmPeriodSeconds must be 10, 20, 30 or a multiple of 60, got: ${triggerAlarmPeriodSeconds}`);
  }
  const triggerDispatchSeconds = inputs.triggerDispatchSeconds ?? D.TRIGGER_DISPATCH_SECONDS;
  requireIntegerAtLeast('triggerDispatchSeconds', triggerDispatchSeconds, 0);
  if (inputs.approvalAllowanceSeconds !== undefined && decisionMode !== DecisionMode.MANUAL_APPROVAL) {
    throw new Error(`approvalAllowanceSeconds applies only when decisionMode is MANUAL_APPROVAL, got: decisionMode ${decisionMode}`);
  }
  const approvalAllowanceSeconds = decisionMode === DecisionMode.MANUAL_APPROVAL
    ? inputs.approvalAllowanceSeconds ?? D.APPROVAL_ALLOWANCE_SECONDS
    : undefined;
  if (approvalAllowanceSeconds !== undefined) requireIntegerAtLeast('approvalAllowanceSeconds', approvalAllowanceSeconds, 0);

  const databasePromotionSeconds = inputs.databasePromotionSeconds ?? D.DATABASE_PROMOTION_SECONDS;
  requireIntegerAtLeast('databasePromotionSeconds', databasePromotionSeconds, AURORA_PROMOTION_LOW_SECONDS);
  if (inputs.instanceCreationSeconds !== undefined && !secondaryHeadless) {
    throw new Error(`instanceCreationSeconds applies only when secondaryHeadless is true, got: secondaryHeadless ${secondaryHeadless}`);
  }
  const instanceCreationSeconds = secondaryHeadless ? inputs.instanceCreationSeconds ?? D.INSTANCE_CREATION_SECONDS : undefined;
  if (instanceCreationSeconds !== undefined) requireIntegerAtLeast('instanceCreationSeconds', instanceCreationSeconds, 0);

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
  const computeInParallelWithDatabase = inputs.computeInParallelWithDatabase ?? D.COMPUTE_IN_PARALLEL_WITH_DATABASE;
  const trafficInParallelWithDatabase = inputs.trafficInParallelWithDatabase ?? D.TRAFFIC_IN_PARALLEL_WITH_DATABASE;

  if (inputs.globalDbRpoSeconds !== undefined && !rpoGuardrailEnabled) {
    throw new Error(`globalDbRpoSeconds applies only when rpoGuardrailEnabled is true, got: rpoGuardrailEnabled ${rpoGuardrailEnabled}`);
  }
  const globalDbRpoSeconds = rpoGuardrailEnabled ? inputs.globalDbRpoSeconds ?? D.GLOBAL_DB_RPO_SECONDS : undefined;
  if (globalDbRpoSeconds !== undefined) {
    requireIntegerBetween('globalDbRpoSeconds', globalDbRpoSeconds, GLOBAL_DB_RPO_MIN_SECONDS, GLOBAL_DB_RPO_MAX_SECONDS);
  }

  return {
    healthCheckIntervalSeconds,
    healthCheckFailureThreshold,
    dnsTtlSeconds,
    dnsPropagationSeconds,
    decisionMode,
    triggerAlarmEvaluationPeriods,
    triggerAlarmPeriodSeconds,
    triggerDispatchSeconds,
    approvalAllowanceSeconds,
    databaseRecoveryMode,
    databasePromotionSeconds,
    secondaryHeadless,
    instanceCreationSeconds,
    standbyMinTasks,
    primaryMinTasks,
    imagePullSeconds,
    healthCheckGracePeriodSeconds,
    targetGroupHealthCheckIntervalSeconds,
    targetGroupHealthyThresholdCount,
    computeInParallelWithDatabase,
    trafficInParallelWithDatabase,
    globalDbRpoSeconds,
    rpoGuardrailEnabled,
  };
}

/** The RTO sum in words, naming the steps the Region switch plan runs in parallel. */
function rtoFormula(r: Resolved): string {
  const dbAndCompute = r.computeInParallelWithDatabase ? 'max(database, compute)' : 'database + compute';
  if (r.trafficInParallelWithDatabase) {
    return r.computeInParallelWithDatabase
      ? `detect + decide + max(${dbAndCompute}, traffic): the Region switch plan runs the database, compute and traffic `
        + 'steps in one parallel execution block'
      : `detect + decide + max(${dbAndCompute}, traffic): the Region switch plan runs the traffic step in parallel with the `
        + 'database and compute steps, which run one after the other';
  }
  return r.computeInParallelWithDatabase
    ? `detect + decide + ${dbAndCompute} + traffic: the Region switch plan runs the database and compute steps in one `
      + 'parallel execution block, then the traffic step'
    : `detect + decide + ${dbAndCompute} + traffic: the Region switch plan runs the database, compute and traffic steps one `
      + 'after the other';
}

function resolveObjectives(objectives?: RecoveryObjectives): { rtoSeconds: number; rpoSeconds: number } {
  const rtoSeconds = objectives?.rtoSeconds ?? D.RTO_SECONDS;
  requireIntegerAtLeast('rtoSeconds', rtoSeconds, 1);
  const rpoSeconds = objectives?.rpoSeconds ?? D.RPO_SECONDS;
  requireIntegerAtLeast('rpoSeconds', rpoSeconds, 1);
  return { rtoSeconds, rpoSeconds };
}

function requireIntegerBetween(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got: ${value}`);
  }
}

function requireIntegerAtLeast(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer >= ${min}, got: ${value}`);
  }
}

function requireEnum(name: string, value: string, values: Record<string, string>): void {
  const allowed = Object.values(values);
  if (!allowed.includes(value)) {
    throw new Error(`${name} must be one of ${allowed.join(', ')}, got: ${value}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Constants

function documented(name: string, value: number, unit: string, source: DocumentSource, note: string): RecoveryConstant {
  return { name, value, unit, origin: ConstantOrigin.DOCUMENTED, sourceTitle: source.title, sourceUrl: source.url, note };
}

function configured(name: string, value: number, unit: string, source: DocumentSource, note: string, inputName: string): RecoveryConstant {
  return { name, value, unit, origin: ConstantOrigin.CONFIGURED, sourceTitle: source.title, sourceUrl: source.url, note, inputName };
}

/**
 * A figure AWS does not publish: `ASSUMPTION` with the library default, or `CONFIGURED` when the input
 * overrides it (for example with a value measured in a drill).
 */
function assumed(
  name: string, value: number, defaultValue: number, provided: boolean, source: DocumentSource, note: string, inputName: string,
): RecoveryConstant {
  return provided
    ? {
      name,
      value,
      unit: 'seconds',
      origin: ConstantOrigin.CONFIGURED,
      sourceTitle: source.title,
      sourceUrl: source.url,
      inputName,
      note: `set by ${inputName}, overriding the assumed ${defaultValue} s: ${note}`,
    }
    : {
      name,
      value,
      unit: 'seconds',
      origin: ConstantOrigin.ASSUMPTION,
      sourceTitle: source.title,
      sourceUrl: source.url,
      inputName,
      note: `assumption (AWS publishes no figure), overridable with ${inputName}: ${note}`,
    };
}

// ---------------------------------------------------------------------------------------------------------------
// Terms

function detectTerm(r: Resolved): RecoveryTerm {
  const interval = r.healthCheckIntervalSeconds;
  const threshold = r.healthCheckFailureThreshold;
  const low = (threshold - 1) * interval;
  const high = threshold * interval + ROUTE53_CONNECT_TIMEOUT_SECONDS + ROUTE53_RESPONSE_TIMEOUT_SECONDS;
  return {
    name: 'detect',
    lowSeconds: low,
    highSeconds: high,
    explanation: `Route 53 checkers probe the primary's /health every ${interval} s and each reports it unhealthy after `
      + `${threshold} consecutive failures; Route 53 marks it unhealthy when ${ROUTE53_HEALTHY_CHECKERS_PERCENT} % or fewer `
      + `checkers report healthy. Low: the failure starts just before a probe, (${threshold} - 1) x ${interval} s = ${low} s. `
      + `High: it starts just after a probe and every probe times out, ${threshold} x ${interval} s + `
      + `${ROUTE53_CONNECT_TIMEOUT_SECONDS} s connect + ${ROUTE53_RESPONSE_TIMEOUT_SECONDS} s response timeout = ${high} s.`,
    constants: [
      configured('Route 53 health-check request interval', interval, 'seconds', SOURCES.route53HealthCheckStatus,
        'health checkers send a request every 10 or every 30 seconds', 'healthCheckIntervalSeconds'),
      configured('Route 53 health-check failure threshold', threshold, 'count', SOURCES.route53HealthCheckConfig,
        'consecutive health checks an endpoint must fail to change from healthy to unhealthy (1-10)', 'healthCheckFailureThreshold'),
      documented('Route 53 HTTPS connect timeout', ROUTE53_CONNECT_TIMEOUT_SECONDS, 'seconds', SOURCES.route53HealthCheckStatus,
        'Route 53 must be able to establish a TCP connection with the endpoint within four seconds'),
      documented('Route 53 HTTPS response timeout', ROUTE53_RESPONSE_TIMEOUT_SECONDS, 'seconds', SOURCES.route53HealthCheckStatus,
        'the endpoint must respond with an HTTP status code of 2xx or 3xx within two seconds after connecting'),
      documented('Route 53 healthy-checker threshold', ROUTE53_HEALTHY_CHECKERS_PERCENT, 'percent', SOURCES.route53HealthCheckStatus,
        'if 18% of health checkers or fewer report that an endpoint is healthy, Route 53 considers it unhealthy'),
    ],
  };
}

function decideTerm(r: Resolved, given: RecoveryBudgetInputs): RecoveryTerm {
  const periods = r.triggerAlarmEvaluationPeriods;
  const period = r.triggerAlarmPeriodSeconds;
  const dispatch = r.triggerDispatchSeconds;
  const alarmLow = (periods - 1) * period;
  const alarmHigh = periods * period;
  const constants: RecoveryConstant[] = [
    configured('Trigger alarm evaluation periods', periods, 'count', SOURCES.cloudWatchAlarmEvaluation,
      'the alarm goes to ALARM when the most recent evaluation periods breach the threshold', 'triggerAlarmEvaluationPeriods'),
    configured('Trigger alarm period', period, 'seconds', SOURCES.cloudWatchAlarmEvaluation,
      'the length of one evaluation period', 'triggerAlarmPeriodSeconds'),
    documented('Route 53 health-check metric interval', ROUTE53_METRIC_INTERVAL_SECONDS, 'seconds', SOURCES.route53Monitoring,
      'health-check status is published at one-minute intervals; AWS notes that several minutes might elapse between a '
      + 'health check failing and the associated SNS notification'),
    assumed('Trigger dispatch', dispatch, D.TRIGGER_DISPATCH_SECONDS, given.triggerDispatchSeconds !== undefined,
      r.decisionMode === DecisionMode.AUTOMATIC_TRIGGER ? SOURCES.arcTrigger : SOURCES.route53Monitoring,
      'from the end of the last breaching period to the Region switch plan starting (automatic) or the operator being paged '
      + '(manual): metric publication, alarm state change, trigger evaluation or notification delivery',
      'triggerDispatchSeconds'),
  ];
  if (r.decisionMode === DecisionMode.AUTOMATIC_TRIGGER) {
    const high = alarmHigh + dispatch;
    return {
      name: 'decide',
      lowSeconds: alarmLow,
      highSeconds: high,
      explanation: `Automatic trigger: the alarm on the primary's health-check status needs ${periods} breaching period(s) of `
        + `${period} s, then the Region switch plan's trigger starts the plan with no human step. Low: the failure fills the end `
        + `of the first period, (${periods} - 1) x ${period} s = ${alarmLow} s. High: ${periods} x ${period} s + ${dispatch} s `
        + `trigger dispatch = ${high} s.`,
      constants,
    };
  }
  const approval = r.approvalAllowanceSeconds ?? D.APPROVAL_ALLOWANCE_SECONDS;
  const high = alarmHigh + dispatch + approval;
  constants.push(assumed('Human approval allowance', approval, D.APPROVAL_ALLOWANCE_SECONDS,
    given.approvalAllowanceSeconds !== undefined, SOURCES.arcExecutionBlocks,
    'time reserved for the on-call operator to acknowledge the page and approve the plan\'s manual-approval step; set it '
    + 'to your on-call acknowledgement target', 'approvalAllowanceSeconds'));
  return {
    name: 'decide',
    lowSeconds: alarmLow,
    highSeconds: high,
    explanation: `Manual approval: the alarm on the primary's health-check status needs ${periods} breaching period(s) of `
      + `${period} s and pages the operator, who approves the plan. Low: the failure fills the end of the first period and the `
      + `operator approves at once, (${periods} - 1) x ${period} s = ${alarmLow} s. High: ${periods} x ${period} s + `
      + `${dispatch} s dispatch + ${approval} s approval allowance = ${high} s.`,
    constants,
  };
}

function databaseTerm(r: Resolved, given: RecoveryBudgetInputs): RecoveryTerm {
  const promotion = r.databasePromotionSeconds;
  const constants: RecoveryConstant[] = [
    documented('Aurora global database promotion, best case', AURORA_PROMOTION_LOW_SECONDS, 'seconds', SOURCES.auroraGlobalDatabaseProduct,
      'an Aurora cluster can recover in less than 1 minute even in the event of a complete Regional outage'),
    assumed('Aurora global database promotion, worst case', promotion, D.DATABASE_PROMOTION_SECONDS,
      given.databasePromotionSeconds !== undefined, SOURCES.auroraSwitchoverFailover,
      'the guide says "typically, the chosen secondary cluster assumes the primary role within a few minutes" and "RTO can be '
      + 'in the order of minutes"; "a few" is read as three', 'databasePromotionSeconds'),
  ];
  let low = AURORA_PROMOTION_LOW_SECONDS;
  let high = promotion;
  let words: string;
  if (r.databaseRecoveryMode === DatabaseRecoveryMode.FAILOVER) {
    words = 'Managed failover (the plan\'s Aurora global database step, allow data loss) promotes the secondary without '
      + `waiting for replication. Low: ${AURORA_PROMOTION_LOW_SECONDS} s. High: ${promotion} s.`;
  } else {
    const catchUp = r.globalDbRpoSeconds ?? AURORA_TYPICAL_LAG_SECONDS;
    high = promotion + catchUp;
    words = 'Switchover first waits until the secondary is synchronized (time proportional to the replication lag, '
      + (r.globalDbRpoSeconds !== undefined
        ? `which rds.global_db_rpo bounds at ${catchUp} s`
        : `typically under ${AURORA_TYPICAL_LAG_SECONDS} s and unbounded without rds.global_db_rpo`)
      + `), then promotes it; it needs both Regions healthy. Low: ${AURORA_PROMOTION_LOW_SECONDS} s. `
      + `High: ${catchUp} s catch-up + ${promotion} s promotion = ${high} s.`;
    constants.push(r.globalDbRpoSeconds !== undefined
      ? configured('Aurora RPO guardrail rds.global_db_rpo', r.globalDbRpoSeconds, 'seconds', SOURCES.auroraSwitchoverFailover,
        'commits on the primary block while no secondary is within this lag, so the catch-up never exceeds it', 'globalDbRpoSeconds')
      : documented('Aurora global database typical replication lag', AURORA_TYPICAL_LAG_SECONDS, 'seconds', SOURCES.auroraGlobalDatabase,
        'Aurora replicates to the secondary Regions with latency typically under a second'));
  }
  if (r.secondaryHeadless) {
    const creation = r.instanceCreationSeconds ?? D.INSTANCE_CREATION_SECONDS;
    low += creation;
    high += creation;
    words += ` The secondary is headless: a DB instance must be added first, + ${creation} s to both (low ${low} s, high ${high} s).`;
    constants.push(assumed('DB instance creation in a headless secondary', creation, D.INSTANCE_CREATION_SECONDS,
      given.instanceCreationSeconds !== undefined, SOURCES.auroraHeadless,
      'before you can switch over or fail over to a headless secondary cluster you must add a DB instance to it',
      'instanceCreationSeconds'));
  }
  return { name: 'database', lowSeconds: low, highSeconds: high, explanation: words, constants };
}

function computeTerm(r: Resolved, given: RecoveryBudgetInputs): RecoveryTerm {
  const standby = r.standbyMinTasks;
  const primary = r.primaryMinTasks;
  const constants: RecoveryConstant[] = [
    configured('Standby minimum tasks', standby, 'count', SOURCES.arcEcsBlock,
      'tasks the standby runs while passive', 'standbyMinTasks'),
    configured('Primary minimum tasks', primary, 'count', SOURCES.arcEcsBlock,
      'the ECS step scales the standby to a percentage of the source Region\'s task count and waits until it runs', 'primaryMinTasks'),
  ];
  const missing = Math.max(0, primary - standby);
  if (missing === 0) {
    return {
      name: 'compute',
      lowSeconds: 0,
      highSeconds: 0,
      explanation: `The standby already runs ${standby} tasks, at least the primary's ${primary}: no scaling, 0 s.`,
      constants,
    };
  }
  const pull = r.imagePullSeconds;
  const grace = r.healthCheckGracePeriodSeconds;
  const interval = r.targetGroupHealthCheckIntervalSeconds;
  const threshold = r.targetGroupHealthyThresholdCount;
  const low = pull + ALB_CHECKS_FOR_NEW_TARGET * interval;
  const high = pull + grace + threshold * interval;
  constants.push(
    assumed('Fargate provisioning and image pull', pull, D.IMAGE_PULL_SECONDS, given.imagePullSeconds !== undefined,
      SOURCES.fargateImagePull, 'Fargate caches no image: the time to pull it is directly related to the time to start the task',
      'imagePullSeconds'),
    configured('ECS health-check grace period', grace, 'seconds', SOURCES.ecsServiceParameters,
      'the time the service scheduler ignores unhealthy load-balancer health checks after a task starts: the application\'s '
      + 'start-up allowance', 'healthCheckGracePeriodSeconds'),
    configured('Target-group health-check interval', interval, 'seconds', SOURCES.albTargetHealth,
      'approximate time between health checks of an individual target (5-300 s)', 'targetGroupHealthCheckIntervalSeconds'),
    configured('Target-group healthy threshold', threshold, 'count', SOURCES.albTargetHealth,
      'consecutive successful health checks before an unhealthy target is considered healthy (2-10)', 'targetGroupHealthyThresholdCount'),
    documented('Health checks a newly registered target must pass', ALB_CHECKS_FOR_NEW_TARGET, 'count', SOURCES.albTargetHealth,
      'after your target is registered, it must pass one health check to be considered healthy'),
  );
  return {
    name: 'compute',
    lowSeconds: low,
    highSeconds: high,
    explanation: `The plan's ECS step scales the standby from ${standby} to ${primary} tasks; the ${missing} new tasks start `
      + `together while the ${standby} running ones keep serving. Low: ${pull} s provisioning and image pull + `
      + `${ALB_CHECKS_FOR_NEW_TARGET} passing target-group check x ${interval} s = ${low} s. High: ${pull} s + the whole ${grace} s `
      + `start-up allowance (health-check grace period) + ${threshold} consecutive passing checks x ${interval} s = ${high} s.`,
    constants,
  };
}

function trafficTerm(r: Resolved, given: RecoveryBudgetInputs): RecoveryTerm {
  const ttl = r.dnsTtlSeconds;
  const propagation = r.dnsPropagationSeconds;
  const high = propagation + ttl;
  return {
    name: 'traffic',
    lowSeconds: 0,
    highSeconds: high,
    explanation: 'The plan\'s Route 53 health-check step marks the standby healthy and the primary unhealthy, so the failover '
      + 'records answer with the standby\'s load balancer (no Route 53 control-plane call). Low: no resolver holds a cached '
      + `answer, 0 s. High: ${propagation} s until Route 53 answers with the standby + ${ttl} s TTL of the cached primary `
      + `answer = ${high} s.`,
    constants: [
      given.dnsTtlSeconds === undefined
        ? documented('TTL of alias records to an Application Load Balancer', ttl, 'seconds', SOURCES.route53Faq,
          'to configure DNS failover for ELB endpoints you use alias records, which have a fixed TTL of 60 seconds '
          + '(an alias record to an AWS resource takes the resource\'s TTL and its TTL cannot be set)')
        : configured('TTL of the failover records', ttl, 'seconds', SOURCES.route53AliasTtl,
          'an alias record to an AWS resource takes the resource\'s TTL; a non-alias record uses the TTL you set', 'dnsTtlSeconds'),
      assumed('Route 53 answer change after the plan\'s health-check update', propagation, D.DNS_PROPAGATION_SECONDS,
        given.dnsPropagationSeconds !== undefined, SOURCES.arcRoute53Block,
        'when the plan executes, the Route 53 health check state is updated and traffic is redirected based on the DNS '
        + 'configuration', 'dnsPropagationSeconds'),
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// RPO

function rpoEstimate(r: Resolved): RecoveryPointEstimate {
  if (r.databaseRecoveryMode === DatabaseRecoveryMode.SWITCHOVER) {
    return {
      lowSeconds: 0,
      highSeconds: 0,
      bounded: true,
      explanation: 'Switchover synchronizes the secondary with the primary before promoting it: RPO 0. It needs both Regions '
        + 'healthy; after a Regional outage only a failover recovers, with the failover RPO.',
      constants: [documented('Aurora switchover RPO', 0, 'seconds', SOURCES.auroraSwitchoverFailover,
        'because this feature synchronizes secondary DB clusters with the primary before making any other changes, RPO is 0')],
    };
  }
  const lag = documented('Aurora global database typical replication lag', AURORA_TYPICAL_LAG_SECONDS, 'seconds',
    SOURCES.auroraGlobalDatabase, 'Aurora replicates to the secondary Regions with latency typically under a second');
  if (r.globalDbRpoSeconds === undefined) {
    return {
      lowSeconds: AURORA_TYPICAL_LAG_SECONDS,
      bounded: false,
      explanation: `Failover loses the transactions not yet replicated: typically under ${AURORA_TYPICAL_LAG_SECONDS} s, but without `
        + 'the rds.global_db_rpo guardrail nothing bounds the replication lag, so the worst case is unbounded.',
      constants: [lag],
    };
  }
  const guardrail = r.globalDbRpoSeconds;
  return {
    lowSeconds: AURORA_TYPICAL_LAG_SECONDS,
    highSeconds: guardrail,
    bounded: true,
    explanation: `Failover loses the transactions not yet replicated: typically under ${AURORA_TYPICAL_LAG_SECONDS} s; `
      + `rds.global_db_rpo = ${guardrail} s blocks commits on the primary while no secondary is within ${guardrail} s, so at `
      + `most ${guardrail} s of committed transactions are lost.`,
    constants: [
      lag,
      configured('Aurora RPO guardrail rds.global_db_rpo', guardrail, 'seconds', SOURCES.auroraSwitchoverFailover,
        'Aurora PostgreSQL blocks transaction commits if there is no secondary DB cluster with an RPO lag time less than the '
        + 'RPO time (valid values 20 to 2,147,483,647 seconds)', 'globalDbRpoSeconds'),
    ],
  };
}

function transactionLogEstimate(): RecoveryPointEstimate {
  return {
    lowSeconds: 0,
    highSeconds: S3_RTC_OBJECTIVE_SECONDS,
    bounded: true,
    explanation: 'S3 Replication Time Control replicates most transaction-log objects in seconds and is designed to replicate '
      + `${S3_RTC_DESIGNED_PERCENT} % within ${formatDuration(S3_RTC_OBJECTIVE_SECONDS)}; its SLA commits to `
      + `${S3_RTC_SLA_PERCENT} % within ${formatDuration(S3_RTC_OBJECTIVE_SECONDS)} per month. The database is the system of record: `
      + 'records not yet in S3 wait in its outbox and the active region\'s relay writes them.',
    constants: [
      documented('S3 Replication Time Control objective', S3_RTC_OBJECTIVE_SECONDS, 'seconds', SOURCES.s3ReplicationTimeControl,
        'S3 RTC replicates most objects that you upload to Amazon S3 in seconds, and 99.99 percent of those objects within 15 minutes'),
      documented('S3 Replication Time Control designed share within the objective', S3_RTC_DESIGNED_PERCENT, 'percent',
        SOURCES.s3ReplicationTimeControl, '99.99 percent of objects within 15 minutes'),
      documented('S3 Replication Time Control SLA commitment within the objective', S3_RTC_SLA_PERCENT, 'percent',
        SOURCES.s3ReplicationTimeControlSla, 'service credits apply when the monthly 15-minute replication percentage is less than 99.9%'),
    ],
  };
}
