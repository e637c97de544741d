/** The database term: the plan's Aurora global database step promotes the secondary (failover or switchover). */
import { AURORA_PROMOTION_LOW_SECONDS, AURORA_TYPICAL_LAG_SECONDS } from '../constants/aws-figures';
import { assumed, configured, documented } from '../constants/cite';
import { RecoveryBudgetDefaults as D } from '../defaults';
import { Resolved } from '../inputs/resolve';
import { SOURCES } from '../sources';
import { DatabaseRecoveryMode, RecoveryBudgetInputs, RecoveryConstant, RecoveryTerm } from '../types';

export function databaseTerm(r: Resolved, given: RecoveryBudgetInputs): RecoveryTerm {
  if (r.databaseRecoveryMode === DatabaseRecoveryMode.MANUAL_PROCEDURE) {
    return manualTerm(r.manualFailoverSeconds!);
  }
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

/** No plan: the database term is the operator's measured manual procedure (nothing else promotes the secondary). */
function manualTerm(seconds: number): RecoveryTerm {
  return {
    name: 'database',
    lowSeconds: seconds,
    highSeconds: seconds,
    explanation: 'No Region switch plan: nothing promotes the secondary automatically, and until it is promoted the standby '
      + 'is read-only. The term is the measured duration of the manual procedure (recoveryMeasurements.manualFailoverSeconds), '
      + `${seconds} s, low and high alike.`,
    constants: [
      configured('Manual failover procedure, measured', seconds, 'seconds', SOURCES.auroraSwitchoverFailover,
        'an operator fails the global database over by hand (FailoverGlobalCluster with AllowDataLoss, or a switchover); '
        + 'measure the whole procedure in a drill', 'manualFailoverSeconds'),
    ],
  };
}
