/**
 * The cost of undoing a mistake: what a logical corruption (a bad migration, an operator's DELETE, ransomware),
 * which the global database replicates to the standby within a second, costs to undo with the AWS Backup
 * recovery points. Informational unless an objective is set. Pure: no CDK import.
 */
import { assumed, configured, documented } from './constants';
import { RecoveryBudgetDefaults as D } from './defaults';
import { formatDuration, renderTable, TableRow } from './format';
import { requireIntegerAtLeast } from './inputs';
import { BACKUP_SOURCES as S } from './sources';
import { RecoveryConstant } from './types';

/** What the logical-corruption estimate is computed from. */
export interface LogicalCorruptionInputs {
  /**
   * Whether the backup rule takes continuous backups (point-in-time restore in the region's vault).
   * @default true
   */
  readonly continuousBackup?: boolean;
  /**
   * Days recovery points (and their copies in the other region) are kept: how far back a restore can go.
   * @default 35
   */
  readonly retentionDays?: number;
  /**
   * Seconds between two runs of the backup rule: the snapshot frequency, and how often a recovery point is
   * copied to the other region.
   * @default 86400 (daily)
   */
  readonly backupIntervalSeconds?: number;
  /**
   * How far behind now the latest restorable time of a continuous backup is, in seconds.
   * @default 300 (assumption)
   */
  readonly latestRestorableLagSeconds?: number;
  /**
   * Time to restore a recovery point into a new Aurora cluster, in seconds (grows with the cluster volume).
   * @default 3600 (assumption)
   */
  readonly restoreSeconds?: number;
  /**
   * Time to add a DB instance to the restored cluster, in seconds.
   * @default 900 (assumption, as RecoveryBudgetDefaults.INSTANCE_CREATION_SECONDS)
   */
  readonly instanceCreationSeconds?: number;
  /**
   * Time to rebuild the global database from the restored cluster (create-global-cluster, then a secondary
   * cluster in the other region, which copies the whole volume), in seconds.
   * @default 3600 (assumption)
   */
  readonly globalRebuildSeconds?: number;
}

/** The logical-corruption estimate. */
export interface LogicalCorruptionEstimate {
  /** Smallest step between two restorable points, in seconds (1 with continuous backup, else the interval). */
  readonly granularitySeconds: number;
  /** Worst-case data after the last good point that a restore in the region cannot bring back, in seconds. */
  readonly inRegionLossSeconds: number;
  /** Worst-case loss when only the other region's copy is usable (the rule's interval), in seconds. */
  readonly crossRegionLossSeconds: number;
  /** How far back a restore can go, in days. */
  readonly retentionDays: number;
  /** Time to a usable restored cluster (restore + instance), in seconds: when the service can be cut over. */
  readonly undoSeconds: number;
  /** Time until the global database protects the restored data in both regions again, in seconds. */
  readonly rebuildSeconds: number;
  /** The reasoning in words. */
  readonly explanation: string;
  /** The constants used, each with its source. */
  readonly constants: RecoveryConstant[];
}

/** Computes and prints the logical-corruption estimate. */
export class LogicalCorruptionModel {
  /**
   * The estimate of these inputs.
   * @param inputs omitted fields take their defaults
   */
  public static compute(inputs?: LogicalCorruptionInputs): LogicalCorruptionEstimate {
    const i = inputs ?? {};
    const continuous = i.continuousBackup ?? true;
    const retentionDays = i.retentionDays ?? 35;
    const interval = i.backupIntervalSeconds ?? 86400;
    const lag = i.latestRestorableLagSeconds ?? 300;
    const restore = i.restoreSeconds ?? 3600;
    const instance = i.instanceCreationSeconds ?? D.INSTANCE_CREATION_SECONDS;
    const rebuild = i.globalRebuildSeconds ?? 3600;
    requireIntegerAtLeast('retentionDays', retentionDays, 1);
    for (const [name, value] of Object.entries({
      backupIntervalSeconds: interval,
      latestRestorableLagSeconds: lag,
      restoreSeconds: restore,
      instanceCreationSeconds: instance,
      globalRebuildSeconds: rebuild,
    })) {
      requireIntegerAtLeast(name, value, name === 'backupIntervalSeconds' ? 1 : 0);
    }
    const granularitySeconds = continuous ? 1 : interval;
    const inRegionLossSeconds = continuous ? lag : interval;
    const undoSeconds = restore + instance;
    return {
      granularitySeconds,
      inRegionLossSeconds,
      crossRegionLossSeconds: interval,
      retentionDays,
      undoSeconds,
      rebuildSeconds: undoSeconds + rebuild,
      explanation: (continuous
        ? `point-in-time restore to the second, back ${retentionDays} days, from the region's locked vault (the latest restorable time `
          + `trails now by up to ${formatDuration(lag)}); `
        : `snapshots every ${formatDuration(interval)}, kept ${retentionDays} days; `)
        + `the other region's vault holds a copy every ${formatDuration(interval)}. Undo = restore the last good point into a new `
        + `cluster (${formatDuration(restore)}) + add an instance (${formatDuration(instance)}), verify, cut over; then rebuild the `
        + `global database from it (+${formatDuration(rebuild)}). The transaction log (Object Lock) finds the last good point.`,
      constants: constants(i, { continuous, retentionDays, interval, lag, restore, instance, rebuild }),
    };
  }

  /**
   * The logical-corruption rows in the budget table's format; with an objective, says whether it is met.
   * @param estimate the computed estimate
   * @param objectiveSeconds the objective for `undoSeconds`, if any
   */
  public static formatTable(estimate: LogicalCorruptionEstimate, objectiveSeconds?: number): string {
    const verdict = objectiveSeconds === undefined
      ? 'informational, no objective set'
      : `objective ${formatDuration(objectiveSeconds)}: ${estimate.undoSeconds <= objectiveSeconds ? 'met' : 'EXCEEDED'}`;
    const rows: TableRow[] = [
      {
        label: 'logical corruption',
        low: formatDuration(estimate.undoSeconds),
        high: formatDuration(estimate.rebuildSeconds),
        explanation: `${verdict}; ${estimate.explanation}`,
      },
      {
        label: 'data lost',
        low: formatDuration(estimate.inRegionLossSeconds),
        high: formatDuration(estimate.crossRegionLossSeconds),
        explanation: `after the last good point: in the region's vault (granularity ${formatDuration(estimate.granularitySeconds)}), `
          + 'or from the other region\'s copy when the region is lost too',
      },
    ];
    return renderTable([rows]);
  }

  /**
   * The synthesis error when the undo time exceeds the objective; undefined when it is met or none is set.
   * @param estimate the computed estimate
   * @param objectiveSeconds the objective for `undoSeconds`, if any
   */
  public static failureMessage(estimate: LogicalCorruptionEstimate, objectiveSeconds?: number): string | undefined {
    if (objectiveSeconds === undefined || estimate.undoSeconds <= objectiveSeconds) return undefined;
    return `logical-corruption objective cannot be met: undoing a corruption takes ${formatDuration(estimate.undoSeconds)}, `
      + `more than the objective ${formatDuration(objectiveSeconds)}\n\n${LogicalCorruptionModel.formatTable(estimate, objectiveSeconds)}`;
  }

  private constructor() {}
}

interface Resolved {
  readonly continuous: boolean;
  readonly retentionDays: number;
  readonly interval: number;
  readonly lag: number;
  readonly restore: number;
  readonly instance: number;
  readonly rebuild: number;
}

function constants(given: LogicalCorruptionInputs, r: Resolved): RecoveryConstant[] {
  return [
    documented('Point-in-time restore granularity (RestoreToTime is a UTC timestamp)', 1, 'seconds', S.rdsRestoreToPointInTime,
      'restores a DB cluster to an arbitrary point in time before LatestRestorableTime, for up to the retention period'),
    documented('Longest retention of a continuous backup', 35, 'days', S.backupPitrRetention,
      'the minimum retention period is 1 day, the maximum retention period is 35 days'),
    configured('Retention of recovery points and copies', r.retentionDays, 'days', S.backupPitrRetention,
      'DrPaymentPlatformProps.backup.retentionDays', 'retentionDays'),
    configured('Backup rule interval (snapshot and cross-region copy frequency)', r.interval, 'seconds', S.backupPlanSchedule,
      'DrPaymentPlatformProps.backup.scheduleExpression', 'backupIntervalSeconds'),
    assumed('Latest restorable time behind now', r.lag, 300, given.latestRestorableLagSeconds !== undefined, S.rdsRestoreToPointInTime,
      'LatestRestorableTime trails the current time; measure it with describe-db-clusters', 'latestRestorableLagSeconds'),
    assumed('Restore into a new cluster', r.restore, 3600, given.restoreSeconds !== undefined, S.restoringAurora,
      'AWS Backup restores the cluster without instances; the time grows with the cluster volume: measure it in a restore drill',
      'restoreSeconds'),
    assumed('Add an instance to the restored cluster', r.instance, D.INSTANCE_CREATION_SECONDS, given.instanceCreationSeconds !== undefined,
      S.restoringAurora, 'create-db-instance on the restored cluster, as for a headless secondary', 'instanceCreationSeconds'),
    assumed('Rebuild the global database from the restored cluster', r.rebuild, 3600, given.globalRebuildSeconds !== undefined,
      S.auroraGlobalDatabaseCreate, 'create-global-cluster from the restored cluster, then a secondary cluster copies the volume',
      'globalRebuildSeconds'),
  ];
}
