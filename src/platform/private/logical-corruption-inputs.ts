/**
 * The logical-corruption estimate of a platform configuration (the backup settings it implies) and the check of
 * its optional objective, run before anything is built.
 */
import { LogicalCorruptionEstimate, LogicalCorruptionModel } from '../../budget';
import { DrPaymentPlatformProps } from '../dr-payment-platform-props';

/**
 * Seconds between two runs of an AWS Backup cron schedule that runs every day (`cron(M H ? * * *)`, H a number),
 * every hour (H `*`) or every n hours (H `* /n` or `0/n`, without the space); undefined otherwise.
 */
export function scheduleIntervalSeconds(expression: string): number | undefined {
  const cron = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/.exec(expression);
  if (!cron || !/^\d+$/.test(cron[1]) || !['*', '?'].includes(cron[3]) || cron[4] !== '*' || !['*', '?'].includes(cron[5])) {
    return undefined;
  }
  const hours = cron[2];
  if (/^\d+$/.test(hours)) return 86400;
  if (hours === '*') return 3600;
  const every = /^(?:\*|\d+)\/(\d+)$/.exec(hours);
  return every ? Number(every[1]) * 3600 : undefined;
}

/** The estimate; throws when `backup.logicalCorruptionObjectiveSeconds` is set and not met. */
export function logicalCorruptionOf(props: DrPaymentPlatformProps): LogicalCorruptionEstimate {
  const backup = props.backup ?? {};
  const schedule = backup.scheduleExpression ?? 'cron(0 5 ? * * *)';
  const interval = scheduleIntervalSeconds(schedule);
  const objective = backup.logicalCorruptionObjectiveSeconds;
  if (interval === undefined && objective !== undefined) {
    throw new Error(
      'DrPaymentPlatformProps.backup.scheduleExpression must be a daily, hourly or every-n-hours cron() expression when ' +
        `logicalCorruptionObjectiveSeconds is set (the estimate needs its interval), got: ${schedule}`,
    );
  }
  if (objective !== undefined && (!Number.isInteger(objective) || objective < 1)) {
    throw new Error(`DrPaymentPlatformProps.backup.logicalCorruptionObjectiveSeconds must be a positive integer, got: ${objective}`);
  }
  const estimate = LogicalCorruptionModel.compute({
    continuousBackup: backup.continuousBackup,
    retentionDays: backup.retentionDays,
    // An interval the estimate cannot read from the schedule is taken as a week (the worst case it reports).
    backupIntervalSeconds: interval ?? 7 * 86400,
    instanceCreationSeconds: props.recoveryMeasurements?.instanceCreationSeconds,
  });
  const failure = LogicalCorruptionModel.failureMessage(estimate, objective);
  if (failure) {
    throw new Error(failure);
  }
  return estimate;
}
