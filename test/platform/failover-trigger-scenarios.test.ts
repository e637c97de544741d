/**
 * The automatic trigger replayed minute by minute against the synthesized alarms (issue 12): the plan's trigger
 * conditions are read from the Dns stack, each condition's alarm from the stack it lives in (Dns: the Route 53
 * signal; Primary: the load-balancer signal, imported by the Dns stack), and the pure CloudWatch model evaluates
 * them. The trigger fires when every condition is red. Blips, missing data and a fresh deploy start nothing; a
 * sustained outage starts the plan within the recovery budget's modelled decide bound, for the default N and a
 * custom one.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BASE } from './base-props';
import { DrPaymentPlatform } from '../../src';
import {
  AlarmState, Series, evaluateCompositeAlarm, evaluateMetricAlarm, metricAlarmSpecFromTemplate,
} from '../../src/failover/alarm-model';

/** One trigger condition: its alarm's synthesized properties and which signal it watches. */
interface Condition {
  readonly name: string;
  readonly properties: Record<string, any>;
  readonly signal: 'route53' | 'loadBalancer';
}

/** The plan's trigger, resolved to the alarm resources of the Dns and Primary templates. */
function triggerOf(p: DrPaymentPlatform): { conditions: Condition[]; rule: string; decide: { low: number; high: number } } {
  const dns = Template.fromStack(p.dnsStack).toJSON();
  const primary = Template.fromStack(p.primaryStack).toJSON();
  const plan = (Object.values(dns.Resources) as any[]).find((r) => r.Type === 'AWS::ARCRegionSwitch::Plan').Properties;
  expect(plan.Triggers).toHaveLength(1);
  const alarmOf = (identifier: any): Record<string, any> => {
    if (identifier['Fn::GetAtt']) return dns.Resources[identifier['Fn::GetAtt'][0]];
    const exportName = identifier['Fn::ImportValue'];
    const output = (Object.values(primary.Outputs) as any[]).find((o) => o.Export?.Name === exportName);
    return primary.Resources[output.Value['Fn::GetAtt'][0]];
  };
  const conditions = plan.Triggers[0].Conditions.map((c: any) => {
    expect(c.Condition).toBe('red');
    const alarm = alarmOf(plan.AssociatedAlarms[c.AssociatedAlarmName].ResourceIdentifier);
    expect(alarm.Type).toBe('AWS::CloudWatch::Alarm');
    const signal = alarm.Properties.Namespace === 'AWS/Route53' ? 'route53' : 'loadBalancer';
    return { name: c.AssociatedAlarmName, properties: alarm.Properties, signal };
  });
  // "red" is the alarm's ALARM state; every condition must be met: the trigger as a composite rule.
  const rule = conditions.map((c: Condition) => `ALARM(${c.name})`).join(' AND ');
  return { conditions, rule, decide: { low: p.recoveryBudget.decide.lowSeconds, high: p.recoveryBudget.decide.highSeconds } };
}

/** The first minute (index) at whose end the trigger fires, or undefined. */
function firstExecution(trigger: ReturnType<typeof triggerOf>, series: Record<Condition['signal'], Series>): number | undefined {
  const states = trigger.conditions.map((c) => evaluateMetricAlarm(metricAlarmSpecFromTemplate(c.properties), series[c.signal]));
  const minutes = series.route53.length;
  for (let i = 0; i < minutes; i++) {
    const now: Record<string, AlarmState> = Object.fromEntries(trigger.conditions.map((c, j) => [c.name, states[j][i]]));
    if (evaluateCompositeAlarm(trigger.rule, now) === 'ALARM') return i;
  }
  return undefined;
}

const healthy = (n: number): Series => Array(n).fill(1);
const down = (n: number): Series => Array(n).fill(0);
const missing = (n: number): Series => Array(n).fill(undefined);
const both = (s: Series) => ({ route53: s, loadBalancer: s });

describe.each([
  ['defaults (N = 3)', {}, 3],
  ['custom N = 5', { failover: { sustainMinutes: 5 } }, 5],
])('the automatic trigger, %s', (_name, overrides, n) => {
  const p = new DrPaymentPlatform(new App(), 'Payments', { ...BASE, ...overrides });
  const trigger = triggerOf(p);

  test('two independent signals, each N of N one-minute periods, missing data not breaching', () => {
    expect(trigger.conditions.map((c) => c.signal).sort()).toEqual(['loadBalancer', 'route53']);
    for (const c of trigger.conditions) {
      expect(metricAlarmSpecFromTemplate(c.properties)).toEqual({
        periodSeconds: 60,
        evaluationPeriods: n,
        datapointsToAlarm: n,
        threshold: 1,
        comparisonOperator: 'LessThanThreshold',
        treatMissingData: 'notBreaching',
      });
    }
    const metrics = trigger.conditions.map((c) => `${c.properties.Namespace} ${c.properties.MetricName} ${c.properties.Statistic}`).sort();
    expect(metrics).toEqual(['AWS/ApplicationELB HealthyHostCount Minimum', 'AWS/Route53 HealthCheckStatus Minimum']);
  });

  test('a 1-minute blip starts no execution', () => {
    expect(firstExecution(trigger, both([...healthy(10), ...down(1), ...healthy(20)]))).toBeUndefined();
  });

  test('a 2-minute blip starts no execution', () => {
    expect(firstExecution(trigger, both([...healthy(10), ...down(2), ...healthy(20)]))).toBeUndefined();
  });

  test('10 minutes of missing data start no execution', () => {
    expect(firstExecution(trigger, both([...healthy(10), ...missing(10), ...healthy(10)]))).toBeUndefined();
  });

  test('no data yet after a fresh deploy starts no execution', () => {
    expect(firstExecution(trigger, both(missing(60)))).toBeUndefined();
  });

  test('one signal alone, however long, starts no execution (they must agree)', () => {
    expect(firstExecution(trigger, { route53: [...healthy(5), ...down(30)], loadBalancer: healthy(35) })).toBeUndefined();
    expect(firstExecution(trigger, { route53: healthy(35), loadBalancer: [...healthy(5), ...down(30)] })).toBeUndefined();
    // A blackout of the primary's metrics while Route 53 sees it down: missing is not breaching, so nothing starts.
    expect(firstExecution(trigger, { route53: [...healthy(5), ...down(30)], loadBalancer: [...healthy(5), ...missing(30)] })).toBeUndefined();
  });

  test('N-1 bad minutes, a good one, N-1 bad again: still no execution', () => {
    expect(firstExecution(trigger, both([...healthy(5), ...down(n - 1), ...healthy(1), ...down(n - 1), ...healthy(10)]))).toBeUndefined();
  });

  test('a sustained outage starts the plan within the modelled decide bound', () => {
    // Both signals breach from minute 5 on (each detects within its first minute: Route 53 within 36 s, the target group after 2 failed checks 10 s apart).
    const start = 5;
    const execution = firstExecution(trigger, both([...healthy(start), ...down(30)]));
    expect(execution).toBeDefined();
    const seconds = (execution! - start + 1) * 60; // from the first breaching minute's start to the alarm's evaluation
    expect(seconds).toBe(n * 60);
    expect(seconds).toBeGreaterThanOrEqual(trigger.decide.low);
    expect(seconds).toBeLessThanOrEqual(trigger.decide.high);
    // The budget's decide term is computed from the same N (one source: triggerSettings).
    expect(p.recoveryBudget.inputs.triggerAlarmEvaluationPeriods).toBe(n);
    expect(p.recoveryBudget.inputs.triggerAlarmPeriodSeconds).toBe(60);
  });
});

test('the default worst case meets the 15-minute objective with margin (at most 10 minutes)', () => {
  const p = new DrPaymentPlatform(new App(), 'Payments', BASE);
  expect(p.recoveryBudget.rtoHighSeconds).toBeLessThanOrEqual(600);
  expect(p.recoveryBudget.decide.highSeconds).toBe(3 * 60 + 60);
});

test('sustainMinutes outside 3-15 is refused, naming the prop', () => {
  expect(() => new DrPaymentPlatform(new App(), 'Payments', { ...BASE, failover: { sustainMinutes: 2 } }))
    .toThrow('DrPaymentPlatformProps.failover.sustainMinutes must be an integer between 3 and 15 (minutes), got: 2');
});
