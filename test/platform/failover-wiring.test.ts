/**
 * Every execution path moves traffic (issue 12), read from the synthesized templates: the failover records carry the
 * health check Region switch created for their own region (records <-> plan checks <-> regions), every workflow
 * promotes the database, scales compute and flips those checks, execution events reach an alert topic in every
 * region an execution runs in, the plan's RTO follows the objective, and without a plan the budget models no
 * promotion.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BASE } from './base-props';
import { DrPaymentPlatform, DrPaymentPlatformProps, RecoveryBudgetModel } from '../../src';

const platform = (overrides: Partial<DrPaymentPlatformProps> = {}) => new DrPaymentPlatform(new App(), 'Payments', { ...BASE, ...overrides });
const resources = (t: Template, type: string) => (Object.entries(t.toJSON().Resources) as Array<[string, any]>).filter(([, r]) => r.Type === type);
const planOf = (t: Template) => resources(t, 'AWS::ARCRegionSwitch::Plan')[0][1].Properties;

describe('records <-> plan health checks <-> regions', () => {
  const p = platform();
  const dns = Template.fromStack(p.dnsStack);
  const plan = planOf(dns);
  const [[bindingId, binding]] = resources(dns, 'Custom::PlanHealthCheckBinding');

  test('the binding lists the checks of the plan\'s Route 53 block, for every region of the plan', () => {
    const [[planId]] = resources(dns, 'AWS::ARCRegionSwitch::Plan');
    const blocks = plan.Workflows.map((w: any) => w.Steps.find((s: any) => s.ExecutionBlockType === 'Route53HealthCheck')
      .ExecutionBlockConfiguration.Route53HealthCheckConfig);
    expect(binding.Properties).toMatchObject({
      PlanArn: { 'Fn::GetAtt': [planId, 'Arn'] },
      HostedZoneId: blocks[0].HostedZoneId,
      RecordName: blocks[0].RecordName,
      Regions: plan.Regions,
    });
  });

  test('each failover record uses the check of the region its set identifier names, and each region maps to one record', () => {
    const records = resources(dns, 'AWS::Route53::RecordSet').map(([, r]) => r.Properties);
    expect(records.map((r) => [r.Failover, r.SetIdentifier, r.HealthCheckId])).toEqual([
      ['PRIMARY', 'us-east-1', { 'Fn::GetAtt': [bindingId, 'us-east-1'] }],
      ['SECONDARY', 'us-west-2', { 'Fn::GetAtt': [bindingId, 'us-west-2'] }],
    ]);
    // The plan maps the same set identifiers to the same regions, in every workflow's Route 53 block.
    for (const workflow of plan.Workflows) {
      const block = workflow.Steps.find((s: any) => s.ExecutionBlockType === 'Route53HealthCheck').ExecutionBlockConfiguration.Route53HealthCheckConfig;
      expect(block.RecordName).toBe('pay.example.com');
      expect(block.RecordSets).toEqual(records.map((r) => ({ RecordSetIdentifier: r.SetIdentifier, Region: r.SetIdentifier })));
    }
  });

  test('every workflow promotes the database, scales compute and flips the checks; the triggered one fails over in every mode', () => {
    expect(plan.Workflows.map((w: any) => [w.WorkflowTargetAction, w.WorkflowTargetRegion])).toEqual([['activate', 'us-west-2'], ['activate', 'us-east-1']]);
    for (const workflow of plan.Workflows) {
      const parallel = workflow.Steps.find((s: any) => s.ExecutionBlockType === 'Parallel').ExecutionBlockConfiguration.ParallelConfig.Steps;
      const aurora = parallel.find((s: any) => s.ExecutionBlockType === 'AuroraGlobalDatabase').ExecutionBlockConfiguration.GlobalAuroraConfig;
      expect(aurora.Ungraceful).toEqual({ Ungraceful: 'failover' });
      expect(aurora.Behavior).toBe(workflow.WorkflowTargetRegion === plan.Triggers[0].TargetRegion ? 'failover' : 'switchoverOnly');
      expect(parallel.some((s: any) => s.ExecutionBlockType === 'ECSServiceScaling')).toBe(true);
      expect(workflow.Steps[workflow.Steps.length - 1].ExecutionBlockType).toBe('Route53HealthCheck');
    }
  });

  test('the records are created after the binding, which runs after the plan', () => {
    expect(JSON.stringify(resources(dns, 'AWS::Route53::RecordSet'))).toContain(bindingId);
    expect(JSON.stringify(binding.Properties.PlanArn)).toContain(resources(dns, 'AWS::ARCRegionSwitch::Plan')[0][0]);
  });
});

describe('execution notifications', () => {
  const p = platform();

  test.each([
    ['primary (failback runs there)', () => p.primaryStack, () => p.primaryAlertTopic],
    ['standby (failover and switchover run there)', () => p.standbyStack, () => p.standbyAlertTopic],
  ])('an EventBridge rule in the %s sends plan execution events to that region\'s alert topic', (_name, stack, topic) => {
    const t = Template.fromStack(stack());
    const rules = resources(t, 'AWS::Events::Rule').map(([, r]) => r.Properties)
      .filter((r) => JSON.stringify(r.EventPattern ?? {}).includes('aws.arc-region-switch'));
    expect(rules).toHaveLength(1);
    expect(rules[0].EventPattern).toEqual({ 'source': ['aws.arc-region-switch'], 'detail-type': ['ARC Region Switch Plan Execution'] });
    const topicId = stack().getLogicalId(topic().node.defaultChild as any);
    expect(rules[0].Targets).toEqual([expect.objectContaining({ Arn: { Ref: topicId } })]);
  });

  test('every region an execution can run in (the plan\'s regions) has one', () => {
    const plan = planOf(Template.fromStack(p.dnsStack));
    const regionsWithRule = [p.primaryStack, p.standbyStack, p.dnsStack]
      .filter((s) => JSON.stringify(Template.fromStack(s).toJSON()).includes('ARC Region Switch Plan Execution'))
      .map((s) => s.region);
    expect([...new Set(regionsWithRule)].sort()).toEqual([...plan.Regions].sort());
  });

  test('with neither region in us-east-1, the Dns stack (where the plan is managed) has a rule too', () => {
    const q = platform({ primaryRegion: 'eu-west-1', standbyRegion: 'eu-central-1' });
    const withRule = [q.primaryStack, q.standbyStack, q.dnsStack]
      .filter((s) => JSON.stringify(Template.fromStack(s).toJSON()).includes('ARC Region Switch Plan Execution'))
      .map((s) => s.region);
    expect(withRule).toEqual(['eu-west-1', 'eu-central-1', 'us-east-1']);
  });
});

describe('the plan and the budget agree with the configuration', () => {
  test.each([[600, 10], [601, 11], [900, 15]])('rtoSeconds %p gives RecoveryTimeObjectiveMinutes %p', (rtoSeconds, minutes) => {
    const p = platform({ recoveryObjectives: { rtoSeconds, rpoSeconds: 300 } });
    expect(planOf(Template.fromStack(p.dnsStack)).RecoveryTimeObjectiveMinutes).toBe(minutes);
  });

  test('an objective beyond the plan\'s 7-day maximum is refused, naming the prop', () => {
    expect(() => platform({ recoveryObjectives: { rtoSeconds: 604801 } }))
      .toThrow('DrPaymentPlatformProps.recoveryObjectives.rtoSeconds must be at most 604800 (the plan\'s RecoveryTimeObjectiveMinutes maximum, 10080), got: 604801');
  });

  test('without a plan, synthesis fails against any RTO unless the manual procedure is measured', () => {
    for (const rtoSeconds of [600, 900, 86400]) {
      expect(() => platform({ failover: { enabled: false }, recoveryObjectives: { rtoSeconds } }))
        .toThrow('DrPaymentPlatformProps.failover.enabled is false: no Region switch plan promotes the database');
    }
  });

  test('without a plan, the budget models the measured manual procedure instead of a promotion', () => {
    const p = platform({
      failover: { enabled: false }, recoveryMeasurements: { manualFailoverSeconds: 1200 }, recoveryObjectives: { rtoSeconds: 3600 },
    });
    expect(p.failoverPlan).toBeUndefined();
    expect(p.recoveryBudget.database).toMatchObject({ lowSeconds: 1200, highSeconds: 1200 });
    expect(p.recoveryBudget.database.explanation).toContain('No Region switch plan');
    expect(p.recoveryBudget.rtoHighSeconds).toBeGreaterThan(1200);
    // The measured time counts against the objective: the default 15 minutes cannot be met.
    expect(() => platform({ failover: { enabled: false }, recoveryMeasurements: { manualFailoverSeconds: 1200 } }))
      .toThrow('recovery objectives cannot be met');
    expect(Template.fromStack(p.dnsStack).toJSON().Resources).not.toHaveProperty('FailoverPlan');
  });

  test('the budget model itself requires the measurement with MANUAL_PROCEDURE and refuses it otherwise', () => {
    expect(() => RecoveryBudgetModel.compute({ databaseRecoveryMode: 'MANUAL_PROCEDURE' as any }))
      .toThrow('manualFailoverSeconds is required when databaseRecoveryMode is MANUAL_PROCEDURE');
    expect(() => RecoveryBudgetModel.compute({ manualFailoverSeconds: 60 }))
      .toThrow('manualFailoverSeconds applies only when databaseRecoveryMode is MANUAL_PROCEDURE, got: databaseRecoveryMode FAILOVER');
  });
});

describe('the automatic trigger follows the DR state', () => {
  test('normal state: the plan is triggered; failed over (activeRegion = standby): no trigger and no trigger signal', () => {
    const normal = platform();
    expect(planOf(Template.fromStack(normal.dnsStack)).Triggers).toHaveLength(1);
    const failedOver = platform({ activeRegion: 'us-west-2' });
    const plan = planOf(Template.fromStack(failedOver.dnsStack));
    expect(plan.Triggers).toBeUndefined();
    // Without a trigger the standby workflow runs Aurora's zero-loss switchover when graceful (failover when ungraceful).
    const aurora = plan.Workflows.map((w: any) => w.Steps.find((s: any) => s.ExecutionBlockType === 'Parallel')
      .ExecutionBlockConfiguration.ParallelConfig.Steps.find((s: any) => s.ExecutionBlockType === 'AuroraGlobalDatabase')
      .ExecutionBlockConfiguration.GlobalAuroraConfig);
    expect(aurora.map((a: any) => a.Behavior)).toEqual(['switchoverOnly', 'switchoverOnly']);
    const signals = (stack: any) => Object.keys(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))
      .filter((id) => /UnhealthySustained|NoHealthyTargetsSustained/.test(id));
    expect([signals(normal.primaryStack).length, signals(normal.dnsStack).length]).toEqual([1, 1]);
    expect(signals(failedOver.primaryStack)).toEqual([]);
    expect(signals(failedOver.dnsStack)).toEqual([]);
  });
});
