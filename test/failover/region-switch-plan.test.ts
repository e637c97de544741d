import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { FailoverDns } from '../../src/dns/failover-dns';
import { RegionSwitchPlan, RegionSwitchPlanProps, STEP_NAMES } from '../../src/failover/region-switch-plan';
import { newEncryptionKey } from '../../src/private/kms';
import { PinnedStack } from '../../src/private/stack';
import { expectCompliant } from '../compliance/harness';
import { ACCOUNT, GLOBAL_CLUSTER_ID, PRIMARY_REGION, RECORD_NAME, STANDBY_REGION, ZONE_ID, ZONE_NAME, platformFixture } from '../dns/fixture';

/** The plan in the Dns stack, wired to the real regional resources (cross-region references for the standby). */
function wired(extra: Partial<RegionSwitchPlanProps> = {}) {
  const f = platformFixture();
  const plan = new RegionSwitchPlan(f.dns, 'Failover', {
    planName: 'payments',
    primary: { region: PRIMARY_REGION, service: f.primary.service, databaseCluster: f.primary.databaseCluster },
    standby: { region: STANDBY_REGION, service: f.standby.service, databaseCluster: f.standby.databaseCluster },
    globalClusterIdentifier: GLOBAL_CLUSTER_ID,
    hostedZone: f.hostedZone,
    recordName: RECORD_NAME,
    ...extra,
  });
  return { ...f, plan, template: Template.fromStack(f.dns) };
}

/** A single-stack setup with imported resources, for validation and compliance. */
function local(extra: Partial<RegionSwitchPlanProps> = {}) {
  const app = new App();
  const stack = new PinnedStack(app, 'Dns', { env: { account: ACCOUNT, region: PRIMARY_REGION } });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: ZONE_ID, zoneName: ZONE_NAME });
  const region = (r: string) => {
    const cluster = ecs.Cluster.fromClusterArn(stack, `Cluster-${r}`, `arn:aws:ecs:${r}:${ACCOUNT}:cluster/payments`);
    return {
      region: r,
      service: ecs.FargateService.fromFargateServiceAttributes(stack, `Service-${r}`, {
        cluster, serviceArn: `arn:aws:ecs:${r}:${ACCOUNT}:service/payments/api`,
      }),
      databaseCluster: rds.DatabaseCluster.fromDatabaseClusterAttributes(stack, `Db-${r}`, { clusterIdentifier: `payments-${r}` }),
    };
  };
  const props: RegionSwitchPlanProps = {
    planName: 'payments',
    primary: region(PRIMARY_REGION),
    standby: region(STANDBY_REGION),
    globalClusterIdentifier: GLOBAL_CLUSTER_ID,
    hostedZone: zone,
    recordName: RECORD_NAME,
    ...extra,
  };
  return { app, stack, props, build: (more: Partial<RegionSwitchPlanProps> = {}) => new RegionSwitchPlan(stack, 'Failover', { ...props, ...more }) };
}

const planOf = (template: Template) => {
  const plans = template.findResources('AWS::ARCRegionSwitch::Plan');
  expect(Object.keys(plans)).toHaveLength(1);
  return (Object.values(plans)[0] as any).Properties;
};

describe('RegionSwitchPlan', () => {
  describe('wired to the platform', () => {
    const { template, plan, dns, primary, standby } = wired();
    const props = planOf(template);

    test('active/passive between the two regions, with the execution role and the RTO', () => {
      expect(props).toMatchObject({
        Name: 'payments',
        RecoveryApproach: 'activePassive',
        PrimaryRegion: PRIMARY_REGION,
        Regions: [PRIMARY_REGION, STANDBY_REGION],
        RecoveryTimeObjectiveMinutes: 15,
      });
      expect(props.ExecutionRole['Fn::GetAtt'][0]).toMatch(/^FailoverExecutionRole/);
    });

    test('two activate workflows: the standby (failover / switchover) and the primary (failback)', () => {
      expect(props.Workflows.map((w: any) => [w.WorkflowTargetAction, w.WorkflowTargetRegion])).toEqual([
        ['activate', STANDBY_REGION],
        ['activate', PRIMARY_REGION],
      ]);
    });

    test('steps in order: parallel (ECS capacity + Aurora), then Route 53 health checks', () => {
      for (const workflow of props.Workflows) {
        expect(workflow.Steps.map((s: any) => [s.Name, s.ExecutionBlockType])).toEqual([
          [STEP_NAMES.prepare, 'Parallel'],
          [STEP_NAMES.traffic, 'Route53HealthCheck'],
        ]);
        const parallel = workflow.Steps[0].ExecutionBlockConfiguration.ParallelConfig.Steps;
        expect(parallel.map((s: any) => [s.Name, s.ExecutionBlockType])).toEqual([
          [STEP_NAMES.compute, 'ECSServiceScaling'],
          [STEP_NAMES.database, 'AuroraGlobalDatabase'],
        ]);
      }
    });

    test('the ECS block targets both real services and clusters (standby through cross-region references)', () => {
      const parallel = props.Workflows[0].Steps[0].ExecutionBlockConfiguration.ParallelConfig;
      const ecsConfig = parallel.Steps[0].ExecutionBlockConfiguration.EcsCapacityIncreaseConfig;
      expect(ecsConfig).toMatchObject({ TargetPercent: 100, TimeoutMinutes: 20, CapacityMonitoringApproach: 'sampledMaxInLast24Hours', Ungraceful: { MinimumSuccessPercentage: 50 } });
      expect(ecsConfig.Services).toHaveLength(2);
      expect(ecsConfig.Services[0]).toEqual({
        ClusterArn: { 'Fn::ImportValue': expect.stringMatching(/^Primary:ExportsOutputFnGetAttCluster.*Arn/) },
        ServiceArn: { 'Fn::ImportValue': expect.stringMatching(/^Primary:ExportsOutputRefService/) },
      });
      expect(JSON.stringify(ecsConfig.Services[1])).toMatch(/ExportsReader.*Standbyuswest2FnGetAttCluster.*Arn/);
      expect(JSON.stringify(ecsConfig.Services[1])).toMatch(/ExportsReader.*Standbyuswest2RefService/);
    });

    test('the Aurora block: switchover when graceful, failover when ungraceful, on the global cluster and both members', () => {
      const aurora = props.Workflows[1].Steps[0].ExecutionBlockConfiguration.ParallelConfig.Steps[1].ExecutionBlockConfiguration.GlobalAuroraConfig;
      expect(aurora).toMatchObject({
        Behavior: 'switchoverOnly',
        Ungraceful: { Ungraceful: 'failover' },
        GlobalClusterIdentifier: GLOBAL_CLUSTER_ID,
        TimeoutMinutes: 30,
      });
      expect(aurora.DatabaseClusterArns).toHaveLength(2);
      expect(JSON.stringify(aurora.DatabaseClusterArns[0])).toContain('arn:');
      expect(JSON.stringify(aurora.DatabaseClusterArns[0])).toMatch(/Primary:ExportsOutputRefDatabase/);
      expect(JSON.stringify(aurora.DatabaseClusterArns[1])).toMatch(/ExportsReader.*Standbyuswest2RefDatabase/);
    });

    test('the Route 53 block is bound to the hosted zone, record name and FailoverDns set identifiers', () => {
      for (const workflow of props.Workflows) {
        expect(workflow.Steps[1].ExecutionBlockConfiguration.Route53HealthCheckConfig).toEqual({
          HostedZoneId: ZONE_ID,
          RecordName: RECORD_NAME,
          RecordSets: [
            { RecordSetIdentifier: FailoverDns.recordSetIdentifierFor(PRIMARY_REGION), Region: PRIMARY_REGION },
            { RecordSetIdentifier: FailoverDns.recordSetIdentifierFor(STANDBY_REGION), Region: STANDBY_REGION },
          ],
          TimeoutMinutes: 10,
        });
      }
    });

    test('execution role: trusted by Region switch only, least privilege per block', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [{
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'arc-region-switch.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
          }],
        },
      });
      const policies = template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^FailoverExecutionRole') }] } });
      expect(Object.keys(policies)).toHaveLength(1);
      const policy = Object.values(policies)[0] as any;
      expect(policy.Properties.Roles).toEqual([{ Ref: expect.stringMatching(/^FailoverExecutionRole/) }]);
      const statements: any[] = policy.Properties.PolicyDocument.Statement;
      const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
      expect(Object.keys(bySid).sort()).toEqual([
        'AuroraDescribeClusters', 'AuroraDescribeGlobal', 'AuroraSwitchoverFailover', 'CapacityMetrics', 'EcsClusters',
        'EcsListServices', 'EcsScalableTargets', 'EcsServices', 'PlanEvaluation', 'PlanRead', 'Route53Records',
      ]);
      expect(bySid.EcsServices.Action).toEqual(['ecs:DescribeServices', 'ecs:UpdateService']);
      expect(bySid.EcsServices.Resource).toHaveLength(2);
      expect(JSON.stringify(bySid.EcsServices.Resource)).toMatch(/Primary:ExportsOutputRefService.*ExportsReader/);
      expect(bySid.EcsListServices).toMatchObject({ Resource: '*', Condition: { ArnEquals: { 'ecs:cluster': expect.any(Array) } } });
      expect(bySid.EcsScalableTargets.Condition).toEqual({ StringEquals: { 'application-autoscaling:service-namespace': 'ecs' } });
      expect(bySid.AuroraSwitchoverFailover.Action).toEqual(['rds:FailoverGlobalCluster', 'rds:SwitchoverGlobalCluster']);
      expect(JSON.stringify(bySid.AuroraSwitchoverFailover.Resource[0])).toContain(`:global-cluster:${GLOBAL_CLUSTER_ID}`);
      expect(bySid.AuroraSwitchoverFailover.Resource).toHaveLength(3);
      expect(JSON.stringify(bySid.AuroraDescribeGlobal.Resource)).toContain(`global-cluster:${GLOBAL_CLUSTER_ID}`);
      expect(JSON.stringify(bySid.Route53Records.Resource)).toContain(`:route53:::hostedzone/${ZONE_ID}`);
      expect(JSON.stringify(bySid.PlanRead.Resource)).toContain(':arc-region-switch::123456789012:plan/payments:*');
      // No statement grants "*" except the ones the APIs require.
      const star = statements.filter((s) => s.Resource === '*').map((s) => s.Sid).sort();
      expect(star).toEqual(['CapacityMetrics', 'EcsListServices', 'EcsScalableTargets']);
    });

    test('the plan is created after its policy (plan evaluation uses the role at once)', () => {
      const plans = template.findResources('AWS::ARCRegionSwitch::Plan');
      expect((Object.values(plans)[0] as any).DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^FailoverExecutionPolicy/)]));
    });

    test('exposes the timing figures', () => {
      expect(plan.approvalTimeoutMinutes).toBe(0);
      expect(plan.computeTimeoutMinutes).toBe(20);
      expect(plan.databaseTimeoutMinutes).toBe(30);
      expect(plan.trafficTimeoutMinutes).toBe(10);
      expect(plan.worstCaseExecutionMinutes).toBe(40);
      expect(plan.triggered).toBe(false);
    });

    test('the Dns stack depends on both regional stacks', () => {
      expect(dns.dependencies).toEqual(expect.arrayContaining([primary.stack, standby.stack]));
    });

    test('healthCheckIdFor reads the id of the region from the deploy-time binding (ListRoute53HealthChecks)', () => {
      const resolved = Stack.of(plan).resolve(plan.healthCheckIdFor(STANDBY_REGION));
      expect(resolved).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^FailoverHealthChecks/), STANDBY_REGION] });
      expect(Stack.of(plan).resolve(plan.primaryHealthCheckId)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^FailoverHealthChecks/), PRIMARY_REGION] });
      expect(() => plan.healthCheckIdFor('eu-west-1')).toThrow("region must be us-east-1 or us-west-2, got: 'eu-west-1'");
      const binding = template.findResources('Custom::PlanHealthCheckBinding');
      expect(Object.values(binding).map((r: any) => r.Properties)).toEqual([expect.objectContaining({
        PlanArn: { 'Fn::GetAtt': [expect.stringMatching(/^Failover/), 'Arn'] },
        HostedZoneId: ZONE_ID,
        RecordName: RECORD_NAME,
        Regions: [PRIMARY_REGION, STANDBY_REGION],
      })]);
      // The binding's handler may list this plan's health checks and nothing else.
      template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([{
            Action: 'arc-region-switch:ListRoute53HealthChecks', Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Failover'), 'Arn'] },
          }]),
        },
      });
    });
  });

  test('with FailoverDns: each record carries the plan-created health check of its own region, directly', () => {
    const f = platformFixture();
    const plan = new RegionSwitchPlan(f.dns, 'Failover', {
      primary: { region: PRIMARY_REGION, service: f.primary.service, databaseCluster: f.primary.databaseCluster },
      standby: { region: STANDBY_REGION, service: f.standby.service, databaseCluster: f.standby.databaseCluster },
      globalClusterIdentifier: GLOBAL_CLUSTER_ID,
      hostedZone: f.hostedZone,
      recordName: RECORD_NAME,
    });
    new FailoverDns(f.dns, 'FailoverDns', {
      hostedZone: f.hostedZone,
      recordName: RECORD_NAME,
      primary: { loadBalancer: f.primary.loadBalancer, region: PRIMARY_REGION, healthCheckDomainName: `${PRIMARY_REGION}.${RECORD_NAME}`, controlHealthCheckId: plan.healthCheckIdFor(PRIMARY_REGION) },
      standby: { loadBalancer: f.standby.loadBalancer, region: STANDBY_REGION, healthCheckDomainName: `${STANDBY_REGION}.${RECORD_NAME}`, controlHealthCheckId: plan.healthCheckIdFor(STANDBY_REGION) },
    });
    const template = Template.fromStack(f.dns);
    expect(template.findResources('AWS::Route53::HealthCheck', { Properties: { HealthCheckConfig: { Type: 'CALCULATED' } } })).toEqual({});
    const records = Object.values(template.findResources('AWS::Route53::RecordSet')) as any[];
    const bySet = Object.fromEntries(records.map((r) => [r.Properties.SetIdentifier, r.Properties.HealthCheckId]));
    expect(bySet).toEqual({
      [PRIMARY_REGION]: { 'Fn::GetAtt': [expect.stringMatching(/^FailoverHealthChecks/), PRIMARY_REGION] },
      [STANDBY_REGION]: { 'Fn::GetAtt': [expect.stringMatching(/^FailoverHealthChecks/), STANDBY_REGION] },
    });
    // The default plan name is derived from the construct path and fits the service's 32-character limit.
    expect(plan.planName).toMatch(/^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/);
  });

  test('manual approval first, with the approver role granted ApprovePlanExecutionStep', () => {
    const { stack, build } = local();
    const approver = new iam.Role(stack, 'Approver', { assumedBy: new iam.AccountRootPrincipal() });
    const plan = build({ manualApproval: true, approvalRole: approver, approvalTimeoutMinutes: 5 });
    const template = Template.fromStack(stack);
    const props = planOf(template);
    for (const workflow of props.Workflows) {
      expect(workflow.Steps.map((s: any) => s.Name)).toEqual([STEP_NAMES.approval, STEP_NAMES.prepare, STEP_NAMES.traffic]);
      expect(workflow.Steps[0]).toMatchObject({
        ExecutionBlockType: 'ManualApproval',
        ExecutionBlockConfiguration: { ExecutionApprovalConfig: { TimeoutMinutes: 5, ApprovalRole: { 'Fn::GetAtt': [expect.stringMatching(/^Approver/), 'Arn'] } } },
      });
    }
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Approver') }],
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'arc-region-switch:ApprovePlanExecutionStep' })] },
    });
    expect(JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'))).toContain(':arc-region-switch::123456789012:plan/payments:*');
    expect(plan.approvalTimeoutMinutes).toBe(5);
    expect(plan.worstCaseExecutionMinutes).toBe(45);
  });

  test('grantExecute and grantApprove scope the operators to this plan', () => {
    const { stack, build } = local();
    const plan = build();
    const operator = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
    plan.grantExecute(operator);
    plan.grantApprove(operator);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Operator') }],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: Match.arrayWith(['arc-region-switch:StartPlanExecution', 'arc-region-switch:CancelPlanExecution', 'arc-region-switch:GetPlanExecution']),
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Failover'), 'Arn'] },
          },
          {
            Effect: 'Allow',
            Action: 'arc-region-switch:ApprovePlanExecutionStep',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Failover'), 'Arn'] },
          },
        ],
      },
    });
  });

  test('execution events are forwarded to the alert topic', () => {
    const { stack, build } = local();
    const topic = new sns.Topic(stack, 'Alerts', { masterKey: newEncryptionKey(stack, 'AlertKey', { description: 'alerts' }) });
    const plan = build({ alarmTopic: topic });
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['aws.arc-region-switch'], 'detail-type': ['ARC Region Switch Plan Execution'] },
      Targets: [{ Arn: { Ref: Match.stringLikeRegexp('^Alerts') } }],
    });
    expect(plan.notificationRule).toBeDefined();
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Effect: 'Allow',
        })]),
      },
    });
  });

  test('warns that triggers still wait for approval when both are on', () => {
    const { stack, build } = local();
    const approver = new iam.Role(stack, 'Approver', { assumedBy: new iam.AccountRootPrincipal() });
    const alarm = cloudwatch.Alarm.fromAlarmArn(stack, 'A', `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:a`);
    build({ manualApproval: true, approvalRole: approver, triggers: [{ alarms: [alarm], targetRegion: STANDBY_REGION }] });
    Annotations.fromStack(stack).hasInfo('/Dns/Failover', Match.stringLikeRegexp('still waits for the manual approval'));
  });

  test('passes cdk-nag, cfn-guard and cfn-lint (cfn-lint validates AWS::ARCRegionSwitch::Plan)', () => {
    const { app, stack, build } = local();
    const approver = new iam.Role(stack, 'Approver', { assumedBy: new iam.AccountRootPrincipal() });
    const alarm = cloudwatch.Alarm.fromAlarmArn(stack, 'A', `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:a`);
    const topic = new sns.Topic(stack, 'Alerts', { masterKey: newEncryptionKey(stack, 'AlertKey', { description: 'alerts' }) });
    build({ manualApproval: true, approvalRole: approver, alarmTopic: topic, triggers: [{ alarms: [alarm], targetRegion: STANDBY_REGION }] });
    expectCompliant(app);
  });

  describe('validation', () => {
    const cases: Array<[string, Partial<RegionSwitchPlanProps>, string]> = [
      ['approval is on without an approver role', { manualApproval: true }, 'approvalRole is required when manualApproval is true, got: undefined'],
      ['an approval timeout is set without approval', { approvalTimeoutMinutes: 5 }, 'approvalTimeoutMinutes is only used when manualApproval is true, got: 5'],
      ['the compute timeout is below the service minimum', { computeTimeoutMinutes: 0 }, 'computeTimeoutMinutes must be a whole number of minutes >= 1 (Region switch minimum), got: 0'],
      ['the database timeout is not whole', { databaseTimeoutMinutes: 2.5 }, 'databaseTimeoutMinutes must be a whole number of minutes >= 1 (Region switch minimum), got: 2.5'],
      ['the traffic timeout is negative', { trafficTimeoutMinutes: -1 }, 'trafficTimeoutMinutes must be a whole number of minutes >= 1 (Region switch minimum), got: -1'],
      ['the capacity target is zero', { capacityTargetPercent: 0 }, 'capacityTargetPercent must be an integer >= 1, got: 0'],
      ['the ungraceful success percentage is 100', { ungracefulCapacitySuccessPercent: 100 }, 'ungracefulCapacitySuccessPercent must be an integer between 0 and 99, got: 100'],
      ['the RTO exceeds 7 days', { recoveryTimeObjective: Duration.days(8) }, 'recoveryTimeObjective must be a whole number of minutes between 1 and 10080, got: 11520'],
      ['the plan name is too long', { planName: 'a'.repeat(33) }, `planName must be 1-32 letters, digits or hyphens, starting and ending with a letter or digit, got: '${'a'.repeat(33)}'`],
      ['the plan name has an underscore', { planName: 'pay_ments' }, "planName must be 1-32 letters, digits or hyphens, starting and ending with a letter or digit, got: 'pay_ments'"],
      ['the global cluster identifier starts with a digit', { globalClusterIdentifier: '1global' }, "globalClusterIdentifier must start with a letter and contain only letters, digits and -:._, got: '1global'"],
    ];
    test.each(cases)('fails when %s', (_name, props, message) => {
      expect(() => local().build(props)).toThrow(message);
    });

    test('fails when approvalRole is given without manual approval', () => {
      const { stack, build } = local();
      const approver = new iam.Role(stack, 'Approver', { assumedBy: new iam.AccountRootPrincipal() });
      expect(() => build({ approvalRole: approver })).toThrow('approvalRole is only used when manualApproval is true, got: manualApproval false');
    });

    test('fails when both regions are the same', () => {
      const { props, build } = local();
      expect(() => build({ standby: { ...props.standby, region: PRIMARY_REGION } })).toThrow('primary.region and standby.region must differ, got: us-east-1');
    });

    test('fails when a region is not a literal region name', () => {
      const { props, build } = local();
      expect(() => build({ primary: { ...props.primary, region: 'US-EAST-1' } })).toThrow("primary.region must be a literal region name such as us-east-1, got: 'US-EAST-1'");
    });

    test('fails when a trigger targets another region or has no alarm', () => {
      const withAlarm = () => {
        const l = local();
        return { build: l.build, alarm: cloudwatch.Alarm.fromAlarmArn(l.stack, 'A', `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:a`) };
      };
      let t = withAlarm();
      expect(() => t.build({ triggers: [{ alarms: [t.alarm], targetRegion: 'eu-west-1' }] })).toThrow(
        "triggers[0].targetRegion must be us-east-1 or us-west-2, got: 'eu-west-1'",
      );
      t = withAlarm();
      expect(() => t.build({ triggers: [{ alarms: [], targetRegion: STANDBY_REGION }] })).toThrow('triggers[0].alarms must have 1 to 10 alarms, got: 0');
      t = withAlarm();
      const tooSoon = Duration.seconds(30);
      expect(() => t.build({ triggers: [{ alarms: [t.alarm], targetRegion: STANDBY_REGION, minDelayBetweenExecutions: tooSoon }] })).toThrow(
        'triggers[0].minDelayBetweenExecutions must be a whole number of minutes >= 1, got: 0.5',
      );
    });
  });
});
