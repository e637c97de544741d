/**
 * The one source of the automatic trigger's alarm settings: the alarms (`SustainedOutageAlarm`) are built from it,
 * and the platform feeds the recovery budget's `decide` term from it, so the model and the alarms cannot drift.
 */
import { MetricAlarmSpec } from './metric-alarm';

/** Default N: both signals must breach for this many consecutive minutes. */
export const DEFAULT_SUSTAIN_MINUTES = 3;
/** Smallest N accepted: one or two bad minutes must never start a failover. */
export const MIN_SUSTAIN_MINUTES = 3;
/** Largest N accepted (an alarm evaluates at most one day, 1440 one-minute periods; 15 keeps the RTO reachable). */
export const MAX_SUSTAIN_MINUTES = 15;

/** The settings every trigger alarm shares. */
export interface TriggerSettings {
  /** Minutes both signals must be breaching (N). */
  readonly sustainMinutes: number;
  /** One-minute periods: Route 53 health-check and ALB metrics are one-minute metrics. */
  readonly periodSeconds: number;
  /** N. */
  readonly evaluationPeriods: number;
  /** N of N: every minute of the window must breach. */
  readonly datapointsToAlarm: number;
  /** Missing data never counts as a failure. */
  readonly treatMissingData: 'notBreaching';
}

/**
 * The trigger's alarm settings for `sustainMinutes` (default 3); `propPath` names the prop in the error.
 */
export function triggerSettings(sustainMinutes?: number, propPath = 'sustainMinutes'): TriggerSettings {
  const n = sustainMinutes ?? DEFAULT_SUSTAIN_MINUTES;
  if (!Number.isInteger(n) || n < MIN_SUSTAIN_MINUTES || n > MAX_SUSTAIN_MINUTES) {
    throw new Error(`${propPath} must be an integer between ${MIN_SUSTAIN_MINUTES} and ${MAX_SUSTAIN_MINUTES} (minutes), got: ${n}`);
  }
  return { sustainMinutes: n, periodSeconds: 60, evaluationPeriods: n, datapointsToAlarm: n, treatMissingData: 'notBreaching' };
}

/** The metric-alarm spec of a trigger alarm "value < 1" (no healthy check / no healthy target). */
export function triggerAlarmSpec(settings: TriggerSettings): MetricAlarmSpec {
  return {
    periodSeconds: settings.periodSeconds,
    evaluationPeriods: settings.evaluationPeriods,
    datapointsToAlarm: settings.datapointsToAlarm,
    threshold: 1,
    comparisonOperator: 'LessThanThreshold',
    treatMissingData: settings.treatMissingData,
  };
}
