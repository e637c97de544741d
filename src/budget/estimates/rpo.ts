/** The RPO estimate: the committed transactions a database failover or switchover can lose. */
import { AURORA_TYPICAL_LAG_SECONDS } from '../constants/aws-figures';
import { configured, documented } from '../constants/cite';
import { Resolved } from '../inputs/resolve';
import { SOURCES } from '../sources';
import { DatabaseRecoveryMode, RecoveryPointEstimate } from '../types';

export function rpoEstimate(r: Resolved): RecoveryPointEstimate {
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
        + 'the rds.global_db_rpo guardrail nothing bounds the replication lag, so the worst case is unbounded (in exchange, '
        + 'commits never wait for the secondary).',
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
      + `most ${guardrail} s of committed transactions are lost. Its availability cost: while the only secondary lags more than `
      + `${guardrail} s or is unreachable, every commit on the primary waits, so payments stop in the healthy Region until the `
      + 'secondary catches up or the guardrail is suspended (rpoGuardrailSuspended, docs/operations.md "Standby impaired").',
    constants: [
      lag,
      configured('Aurora RPO guardrail rds.global_db_rpo', guardrail, 'seconds', SOURCES.auroraSwitchoverFailover,
        'Aurora PostgreSQL blocks transaction commits if there is no secondary DB cluster with an RPO lag time less than the '
        + 'RPO time (valid values 20 to 2,147,483,647 seconds)', 'globalDbRpoSeconds'),
    ],
  };
}
