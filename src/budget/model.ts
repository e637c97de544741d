/**
 * The `RecoveryBudgetModel` facade: the public entry points of the recovery-budget model. The parts live in
 * sub-folders: `inputs/` (defaults applied and checked), `terms/` (one module per RTO term), `estimates/` (RPO),
 * `totals/` (RTO sum, objectives check, table), `constants/` (the AWS figures and how each is cited).
 * Two small pieces stay here: applying the objectives' defaults, and the transaction-log estimate, which
 * depends on no input (test/budget/purity.test.ts expects this file to import the defaults and the sources).
 */
import { documented, S3_RTC_DESIGNED_PERCENT, S3_RTC_OBJECTIVE_SECONDS, S3_RTC_SLA_PERCENT } from './constants';
import { RecoveryBudgetDefaults as D } from './defaults';
import { rpoEstimate } from './estimates';
import { formatDuration } from './format';
import { requireIntegerAtLeast, resolveInputs } from './inputs';
import { SOURCES } from './sources';
import { computeTerm, databaseTerm, decideTerm, detectTerm, trafficTerm } from './terms';
import { budgetTable, ObjectiveSeconds, rtoTotals, violationsOf } from './totals';
import {
  RecoveryBudget,
  RecoveryBudgetInputs,
  RecoveryObjectives,
  RecoveryPointEstimate,
  RecoveryViolation,
} from './types';

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
    const r = resolveInputs(given);
    const terms = {
      detect: detectTerm(r),
      decide: decideTerm(r, given),
      database: databaseTerm(r, given),
      compute: computeTerm(r, given),
      traffic: trafficTerm(r, given),
    };
    return {
      inputs: { ...r },
      ...terms,
      terms: [terms.detect, terms.decide, terms.database, terms.compute, terms.traffic],
      ...rtoTotals(r, terms),
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
    return violationsOf(budget, resolveObjectives(objectives));
  }

  /**
   * The fixed-width term table (term | low | high | explanation) followed by the RTO and RPO totals against
   * the objectives and the informational transaction-log RPO.
   * @param budget the computed budget
   * @param objectives the recovery objectives; omitted fields take the defaults (900 s RTO, 300 s RPO)
   */
  public static formatTable(budget: RecoveryBudget, objectives?: RecoveryObjectives): string {
    return budgetTable(budget, resolveObjectives(objectives));
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

/** The recovery objectives with their defaults (900 s RTO, 300 s RPO) applied and checked. */
function resolveObjectives(objectives?: RecoveryObjectives): ObjectiveSeconds {
  const rtoSeconds = objectives?.rtoSeconds ?? D.RTO_SECONDS;
  requireIntegerAtLeast('rtoSeconds', rtoSeconds, 1);
  const rpoSeconds = objectives?.rpoSeconds ?? D.RPO_SECONDS;
  requireIntegerAtLeast('rpoSeconds', rpoSeconds, 1);
  return { rtoSeconds, rpoSeconds };
}

/** The transaction-log RPO: S3 Replication Time Control of the log bucket (informational, not checked). */
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
