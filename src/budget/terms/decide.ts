/** The decide term: the trigger alarm fires and the plan starts, automatically or after a human approval. */
import { ROUTE53_METRIC_INTERVAL_SECONDS } from '../constants/aws-figures';
import { assumed, configured, documented } from '../constants/cite';
import { RecoveryBudgetDefaults as D } from '../defaults';
import { Resolved } from '../inputs/resolve';
import { SOURCES } from '../sources';
import { DecisionMode, RecoveryBudgetInputs, RecoveryConstant, RecoveryTerm } from '../types';

export function decideTerm(r: Resolved, given: RecoveryBudgetInputs): RecoveryTerm {
  const periods = r.triggerAlarmEvaluationPeriods;
  const period = r.triggerAlarmPeriodSeconds;
  const dispatch = r.triggerDispatchSeconds;
  const alarmLow = (periods - 1) * period;
  const alarmHigh = periods * period;
  const constants: RecoveryConstant[] = [
    configured('Trigger alarm evaluation periods', periods, 'count', SOURCES.cloudWatchAlarmEvaluation,
      'the alarm goes to ALARM when the most recent evaluation periods breach the threshold (N of N)', 'triggerAlarmEvaluationPeriods'),
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
      explanation: 'Automatic trigger: the trigger\'s alarms (the primary\'s Route 53 health-check status and its load balancer\'s '
        + `healthy targets) need ${periods} consecutive breaching period(s) of ${period} s, missing data not breaching, then the `
        + 'Region switch plan\'s trigger starts the plan with no human step. Low: the failure fills the end '
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
