/**
 * The plan's associated alarms and triggers: each trigger alarm is associated as `trigger-<i>-<j>` and is a
 * trigger condition "red" (in ALARM); each application health alarm is associated as `health-<i>`.
 */
import * as arcregionswitch from 'aws-cdk-lib/aws-arcregionswitch';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { minDelayMinutesOf } from './settings';
import { RegionSwitchTrigger } from '../region-switch-plan';

/** The plan's `AssociatedAlarms` and `Triggers` (undefined when empty, as CloudFormation expects). */
export interface PlanAlarms {
  readonly associatedAlarms?: Record<string, arcregionswitch.CfnPlan.AssociatedAlarmProperty>;
  readonly triggers?: arcregionswitch.CfnPlan.TriggerProperty[];
}

export function planAlarms(triggers: RegionSwitchTrigger[], applicationHealthAlarms: cloudwatch.IAlarm[]): PlanAlarms {
  const associatedAlarms: Record<string, arcregionswitch.CfnPlan.AssociatedAlarmProperty> = {};
  const cfnTriggers: arcregionswitch.CfnPlan.TriggerProperty[] = [];
  for (const [i, t] of triggers.entries()) {
    const names = t.alarms.map((alarm, j) => {
      const key = `trigger-${i}-${j}`;
      associatedAlarms[key] = { alarmType: 'trigger', resourceIdentifier: alarm.alarmArn };
      return key;
    });
    cfnTriggers.push({
      action: 'activate',
      targetRegion: t.targetRegion,
      minDelayMinutesBetweenExecutions: minDelayMinutesOf(t),
      description: t.description ?? `activate ${t.targetRegion} when ${t.alarms.length} alarm(s) are all in ALARM`,
      conditions: names.map((associatedAlarmName) => ({ associatedAlarmName, condition: 'red' })),
    });
  }
  for (const [i, alarm] of applicationHealthAlarms.entries()) {
    associatedAlarms[`health-${i}`] = { alarmType: 'applicationHealth', resourceIdentifier: alarm.alarmArn };
  }
  return {
    associatedAlarms: Object.keys(associatedAlarms).length > 0 ? associatedAlarms : undefined,
    triggers: cfnTriggers.length > 0 ? cfnTriggers : undefined,
  };
}
