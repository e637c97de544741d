/**
 * The plan's props checked and resolved with their defaults. Each check throws `<prop> must ..., got: <value>`;
 * they run in the order of this file, so the first invalid prop is the one reported.
 */
import { Duration, Names, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { isRegionName } from '../../private/names';
import { RegionSwitchPlanProps, RegionSwitchTrigger } from '../region-switch-plan';

/** Minimum of every execution block's `TimeoutMinutes` (AWS::ARCRegionSwitch::Plan schema and API: minimum 1). */
const MIN_TIMEOUT_MINUTES = 1;
/** RecoveryTimeObjectiveMinutes range (AWS::ARCRegionSwitch::Plan schema: 1-10080). */
const RTO_MINUTES_RANGE = [1, 10080] as const;
/** Default minimum time between two executions started by one trigger. */
const DEFAULT_MIN_DELAY_BETWEEN_EXECUTIONS = Duration.hours(1);

/** Every setting of the plan, defaults applied. */
export interface PlanSettings {
  readonly primaryRegion: string;
  readonly standbyRegion: string;
  readonly planName: string;
  readonly manualApproval: boolean;
  /** 0 when there is no approval step. */
  readonly approvalTimeoutMinutes: number;
  readonly computeTimeoutMinutes: number;
  readonly databaseTimeoutMinutes: number;
  readonly trafficTimeoutMinutes: number;
  readonly capacityTargetPercent: number;
  readonly ungracefulCapacitySuccessPercent: number;
  readonly recoveryTimeObjectiveMinutes: number;
  readonly triggers: RegionSwitchTrigger[];
}

/** Checks the props and applies the defaults; `scope` (the plan) names the plan when `planName` is not set. */
export function resolvePlanSettings(scope: Construct, props: RegionSwitchPlanProps): PlanSettings {
  checkRegions(props);
  const manualApproval = props.manualApproval ?? false;
  checkApproval(props, manualApproval);
  const settings = {
    primaryRegion: props.primary.region,
    standbyRegion: props.standby.region,
    manualApproval,
    approvalTimeoutMinutes: manualApproval ? timeout('approvalTimeoutMinutes', props.approvalTimeoutMinutes, 30) : 0,
    computeTimeoutMinutes: timeout('computeTimeoutMinutes', props.computeTimeoutMinutes, 20),
    databaseTimeoutMinutes: timeout('databaseTimeoutMinutes', props.databaseTimeoutMinutes, 30),
    trafficTimeoutMinutes: timeout('trafficTimeoutMinutes', props.trafficTimeoutMinutes, 10),
    capacityTargetPercent: capacityTargetPercent(props.capacityTargetPercent),
    ungracefulCapacitySuccessPercent: ungracefulCapacitySuccessPercent(props.ungracefulCapacitySuccessPercent),
    recoveryTimeObjectiveMinutes: recoveryTimeObjectiveMinutes(props.recoveryTimeObjective),
  };
  checkGlobalClusterIdentifier(props.globalClusterIdentifier);
  const planName = props.planName ?? Names.uniqueResourceName(scope, { maxLength: 32, separator: '-', allowedSpecialCharacters: '-' }).toLowerCase();
  checkPlanName(planName);
  const triggers = props.triggers ?? [];
  checkTriggers(triggers, settings.primaryRegion, settings.standbyRegion);
  return { ...settings, planName, triggers };
}

/** Minutes between two executions started by `trigger` (default 1 hour). */
export function minDelayMinutesOf(trigger: RegionSwitchTrigger): number {
  return (trigger.minDelayBetweenExecutions ?? DEFAULT_MIN_DELAY_BETWEEN_EXECUTIONS).toMinutes({ integral: false });
}

function checkRegions(props: RegionSwitchPlanProps): void {
  for (const [name, r] of [['primary', props.primary], ['standby', props.standby]] as const) {
    if (Token.isUnresolved(r.region) || !isRegionName(r.region)) {
      throw new Error(`${name}.region must be a literal region name such as us-east-1, got: '${r.region}'`);
    }
  }
  if (props.primary.region === props.standby.region) {
    throw new Error(`primary.region and standby.region must differ, got: ${props.primary.region}`);
  }
}

function checkApproval(props: RegionSwitchPlanProps, manualApproval: boolean): void {
  if (manualApproval && !props.approvalRole) {
    throw new Error('approvalRole is required when manualApproval is true, got: undefined');
  }
  if (!manualApproval && props.approvalRole) {
    throw new Error('approvalRole is only used when manualApproval is true, got: manualApproval false');
  }
  if (!manualApproval && props.approvalTimeoutMinutes !== undefined) {
    throw new Error(`approvalTimeoutMinutes is only used when manualApproval is true, got: ${props.approvalTimeoutMinutes}`);
  }
}

function timeout(name: string, value: number | undefined, defaultValue: number): number {
  const v = value ?? defaultValue;
  if (!Number.isInteger(v) || v < MIN_TIMEOUT_MINUTES) {
    throw new Error(`${name} must be a whole number of minutes >= ${MIN_TIMEOUT_MINUTES} (Region switch minimum), got: ${v}`);
  }
  return v;
}

function capacityTargetPercent(value: number | undefined): number {
  const targetPercent = value ?? 100;
  if (!Number.isInteger(targetPercent) || targetPercent < 1) {
    throw new Error(`capacityTargetPercent must be an integer >= 1, got: ${targetPercent}`);
  }
  return targetPercent;
}

function ungracefulCapacitySuccessPercent(value: number | undefined): number {
  const ungracefulPercent = value ?? 50;
  if (!Number.isInteger(ungracefulPercent) || ungracefulPercent < 0 || ungracefulPercent > 99) {
    throw new Error(`ungracefulCapacitySuccessPercent must be an integer between 0 and 99, got: ${ungracefulPercent}`);
  }
  return ungracefulPercent;
}

function recoveryTimeObjectiveMinutes(value: Duration | undefined): number {
  const rtoMinutes = (value ?? Duration.minutes(15)).toMinutes({ integral: false });
  if (!Number.isInteger(rtoMinutes) || rtoMinutes < RTO_MINUTES_RANGE[0] || rtoMinutes > RTO_MINUTES_RANGE[1]) {
    throw new Error(`recoveryTimeObjective must be a whole number of minutes between 1 and 10080, got: ${rtoMinutes}`);
  }
  return rtoMinutes;
}

function checkGlobalClusterIdentifier(globalClusterIdentifier: string): void {
  if (!Token.isUnresolved(globalClusterIdentifier) && !/^[A-Za-z][0-9A-Za-z-:._]{0,254}$/.test(globalClusterIdentifier)) {
    throw new Error(`globalClusterIdentifier must start with a letter and contain only letters, digits and -:._, got: '${globalClusterIdentifier}'`);
  }
}

function checkPlanName(planName: string): void {
  if (!Token.isUnresolved(planName) && !/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/.test(planName)) {
    throw new Error(`planName must be 1-32 letters, digits or hyphens, starting and ending with a letter or digit, got: '${planName}'`);
  }
}

function checkTriggers(triggers: RegionSwitchTrigger[], primaryRegion: string, standbyRegion: string): void {
  for (const [i, t] of triggers.entries()) {
    if (t.alarms.length < 1 || t.alarms.length > 10) {
      throw new Error(`triggers[${i}].alarms must have 1 to 10 alarms, got: ${t.alarms.length}`);
    }
    if (t.targetRegion !== primaryRegion && t.targetRegion !== standbyRegion) {
      throw new Error(`triggers[${i}].targetRegion must be ${primaryRegion} or ${standbyRegion}, got: '${t.targetRegion}'`);
    }
    const delay = minDelayMinutesOf(t);
    if (!Number.isInteger(delay) || delay < 1) {
      throw new Error(`triggers[${i}].minDelayBetweenExecutions must be a whole number of minutes >= 1, got: ${delay}`);
    }
  }
}
