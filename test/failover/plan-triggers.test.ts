/**
 * Triggers of the Region switch plan: every trigger alarm is a condition "red" (all must be met), and the workflow a
 * trigger can start fails the database over in every execution mode (the mode of a triggered execution is not
 * documented), while the other workflow keeps the zero-data-loss switchover when graceful.
 */
import { App, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { RegionSwitchPlan, RegionSwitchPlanProps, STEP_NAMES } from '../../src/failover/region-switch-plan';
import { PinnedStack } from '../../src/private/stack';
import { ACCOUNT, GLOBAL_CLUSTER_ID, PRIMARY_REGION, RECORD_NAME, STANDBY_REGION, ZONE_ID, ZONE_NAME } from '../dns/fixture';

function local() {
  const app = new App();
  const stack = new PinnedStack(app, 'Dns', { env: { account: ACCOUNT, region: PRIMARY_REGION } });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: ZONE_ID, zoneName: ZONE_NAME });
  const region = (r: string) => ({
    region: r,
    service: ecs.FargateService.fromFargateServiceAttributes(stack, `Service-${r}`, {
      cluster: ecs.Cluster.fromClusterArn(stack, `Cluster-${r}`, `arn:aws:ecs:${r}:${ACCOUNT}:cluster/payments`),
      serviceArn: `arn:aws:ecs:${r}:${ACCOUNT}:service/payments/api`,
    }),
    databaseCluster: rds.DatabaseCluster.fromDatabaseClusterAttributes(stack, `Db-${r}`, { clusterIdentifier: `payments-${r}` }),
  });
  const build = (more: Partial<RegionSwitchPlanProps> = {}) => new RegionSwitchPlan(stack, 'Failover', {
    planName: 'payments',
    primary: region(PRIMARY_REGION),
    standby: region(STANDBY_REGION),
    globalClusterIdentifier: GLOBAL_CLUSTER_ID,
    hostedZone: zone,
    recordName: RECORD_NAME,
    ...more,
  });
  return { stack, build };
}

const planOf = (template: Template) => (Object.values(template.findResources('AWS::ARCRegionSwitch::Plan'))[0] as any).Properties;
const auroraOf = (workflow: any) => workflow.Steps
  .find((s: any) => s.Name === STEP_NAMES.prepare).ExecutionBlockConfiguration.ParallelConfig.Steps
  .find((s: any) => s.Name === STEP_NAMES.database).ExecutionBlockConfiguration.GlobalAuroraConfig;

describe('RegionSwitchPlan triggers', () => {
  test('opt-in triggers: alarms associated as trigger alarms, the role may read them', () => {
    const { stack, build } = local();
    const alarm = cloudwatch.Alarm.fromAlarmArn(stack, 'PrimaryDown', `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:primary-down`);
    const health = cloudwatch.Alarm.fromAlarmArn(stack, 'Health', `arn:aws:cloudwatch:us-west-2:${ACCOUNT}:alarm:standby-5xx`);
    const plan = build({
      triggers: [{ alarms: [alarm], targetRegion: STANDBY_REGION, minDelayBetweenExecutions: Duration.minutes(30) }],
      applicationHealthAlarms: [health],
    });
    const props = planOf(Template.fromStack(stack));
    expect(props.AssociatedAlarms).toEqual({
      'trigger-0-0': { AlarmType: 'trigger', ResourceIdentifier: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:primary-down` },
      'health-0': { AlarmType: 'applicationHealth', ResourceIdentifier: `arn:aws:cloudwatch:us-west-2:${ACCOUNT}:alarm:standby-5xx` },
    });
    expect(props.Triggers).toEqual([{
      Action: 'activate',
      TargetRegion: STANDBY_REGION,
      MinDelayMinutesBetweenExecutions: 30,
      Description: `activate ${STANDBY_REGION} when 1 alarm(s) are all in ALARM`,
      Conditions: [{ AssociatedAlarmName: 'trigger-0-0', Condition: 'red' }],
    }]);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: 'PlanAlarms',
          Effect: 'Allow',
          Action: ['cloudwatch:DescribeAlarms', 'cloudwatch:DescribeAlarmHistory'],
          Resource: [`arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:primary-down`, `arn:aws:cloudwatch:us-west-2:${ACCOUNT}:alarm:standby-5xx`],
        }]),
      },
    });
    expect(plan.triggered).toBe(true);
  });

  test('two alarms are two conditions of ONE trigger: the trigger fires only when both are red', () => {
    const { stack, build } = local();
    const a = cloudwatch.Alarm.fromAlarmArn(stack, 'A', `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:route53-sustained`);
    const b = cloudwatch.Alarm.fromAlarmArn(stack, 'B', `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:alb-sustained`);
    build({ triggers: [{ alarms: [a, b], targetRegion: STANDBY_REGION }] });
    const props = planOf(Template.fromStack(stack));
    expect(props.Triggers).toHaveLength(1);
    expect(props.Triggers[0].Conditions).toEqual([
      { AssociatedAlarmName: 'trigger-0-0', Condition: 'red' },
      { AssociatedAlarmName: 'trigger-0-1', Condition: 'red' },
    ]);
    expect(props.Triggers[0].MinDelayMinutesBetweenExecutions).toBe(60);
  });

  test('the triggered workflow fails over in every mode; the other keeps switchover when graceful', () => {
    const { stack, build } = local();
    const a = cloudwatch.Alarm.fromAlarmArn(stack, 'A', `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:route53-sustained`);
    build({ triggers: [{ alarms: [a], targetRegion: STANDBY_REGION }] });
    const workflows: any[] = planOf(Template.fromStack(stack)).Workflows;
    const byTarget = Object.fromEntries(workflows.map((w) => [w.WorkflowTargetRegion, auroraOf(w)]));
    expect(byTarget[STANDBY_REGION]).toMatchObject({ Behavior: 'failover', Ungraceful: { Ungraceful: 'failover' } });
    expect(byTarget[PRIMARY_REGION]).toMatchObject({ Behavior: 'switchoverOnly', Ungraceful: { Ungraceful: 'failover' } });
    // Every workflow also scales compute and flips the same Route 53 health checks (same block configuration).
    const traffic = workflows.map((w) => w.Steps.find((s: any) => s.Name === STEP_NAMES.traffic).ExecutionBlockConfiguration);
    expect(traffic[0]).toEqual(traffic[1]);
    for (const w of workflows) {
      const parallel = w.Steps.find((s: any) => s.Name === STEP_NAMES.prepare).ExecutionBlockConfiguration.ParallelConfig.Steps;
      expect(parallel.map((s: any) => s.ExecutionBlockType).sort()).toEqual(['AuroraGlobalDatabase', 'ECSServiceScaling']);
    }
  });

  test('without triggers both workflows switch over when graceful', () => {
    const { stack, build } = local();
    build();
    const workflows: any[] = planOf(Template.fromStack(stack)).Workflows;
    expect(workflows.map((w) => auroraOf(w).Behavior)).toEqual(['switchoverOnly', 'switchoverOnly']);
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });
});
