/**
 * FailoverDns + RegionSwitchPlan on a minimal two-region platform:
 *
 * - `FailoverPrimary` (us-east-1) and `FailoverStandby` (us-west-2): VPC, HTTPS load balancer answering `/health`
 *   (ACM certificate DNS-validated in the zone, regional name `<region>.<record>`), ECS Fargate service, and the two
 *   members of an Aurora PostgreSQL global database (the standby joins the global cluster);
 * - `FailoverDns` (us-east-1, `crossRegionReferences`): the Region switch plan, its deploy-time health-check binding
 *   (ListRoute53HealthChecks: one check per region, else the deployment fails), the failover records carrying the
 *   plan-created check of their own region directly, and the automatic trigger: the primary's Route 53 HTTPS check
 *   AND its load balancer's healthy targets, each below 1 for 3 consecutive minutes, missing data not breaching.
 *
 * Deploying it needs a real account and public hosted zone: `-c account=... -c hostedZoneId=Z... -c zoneName=example.org`. The snapshot uses the
 * defaults below and is verified offline.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, CfnOutput, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { newIntegVpc } from './support/network';
import { FailoverDns } from '../src/dns/failover-dns';
import { RegionSwitchPlan } from '../src/failover/region-switch-plan';
import { SustainedOutageAlarm } from '../src/failover/sustained-outage-alarm';
import { newEncryptionKey } from '../src/private/kms';
import { PinnedStack } from '../src/private/stack';

const app = new App();
const account: string = app.node.tryGetContext('account') ?? '123456789012';
const hostedZoneId: string = app.node.tryGetContext('hostedZoneId') ?? 'Z0123456789ABCDEFGHIJ';
const zoneName: string = app.node.tryGetContext('zoneName') ?? 'example.com';
const recordName = `pay-integ.${zoneName}`;
const globalClusterIdentifier = 'integ-failover-global';
const PRIMARY = 'us-east-1';
const STANDBY = 'us-west-2';
const engineVersion = rds.AuroraPostgresEngineVersion.VER_16_4;

interface Regional {
  readonly stack: PinnedStack;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly service: ecs.FargateService;
  readonly vpc: ec2.Vpc;
  readonly regionalName: string;
}

function regional(id: string, region: string): Regional {
  const stack = new PinnedStack(app, id, { env: { account, region }, crossRegionReferences: true });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId, zoneName });
  const regionalName = `${region}.${recordName}`;
  const vpc = newIntegVpc(stack);
  const certificate = new acm.Certificate(stack, 'Certificate', {
    domainName: recordName,
    subjectAlternativeNames: [regionalName],
    validation: acm.CertificateValidation.fromDns(zone),
  });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true, dropInvalidHeaderFields: true });
  const listener = loadBalancer.addListener('Https', {
    port: 443,
    certificates: [certificate],
    sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
    defaultAction: elbv2.ListenerAction.fixedResponse(200, { contentType: 'text/plain', messageBody: 'ok' }),
  });
  // The regional name the HTTPS health check probes (SNI + certificate of this region's load balancer).
  new route53.ARecord(stack, 'RegionalRecord', {
    zone,
    recordName: regionalName,
    target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(loadBalancer)),
  });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task', { cpu: 256, memoryLimitMiB: 512 });
  taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'), portMappings: [{ containerPort: 80 }] });
  const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition, desiredCount: region === PRIMARY ? 2 : 1 });
  // The service behind the load balancer (nginx answers /), so that the trigger's second signal, healthy targets, exists.
  const targetGroup = listener.addTargets('Service', { port: 80, targets: [service], healthCheck: { path: '/' } });
  return { stack, loadBalancer, targetGroup, service, vpc, regionalName };
}

const primary = regional('FailoverPrimary', PRIMARY);
const standby = regional('FailoverStandby', STANDBY);

// Aurora global database: primary member + global cluster in the primary stack, secondary member in the standby.
const primaryCluster = new rds.DatabaseCluster(primary.stack, 'Database', {
  engine: rds.DatabaseClusterEngine.auroraPostgres({ version: engineVersion }),
  vpc: primary.vpc,
  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  writer: rds.ClusterInstance.provisioned('Writer', { instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE) }),
  storageEncryptionKey: newEncryptionKey(primary.stack, 'DatabaseKey', { description: 'integ: primary database', removalPolicy: RemovalPolicy.DESTROY }),
  removalPolicy: RemovalPolicy.DESTROY,
});
const globalCluster = new rds.CfnGlobalCluster(primary.stack, 'GlobalCluster', {
  globalClusterIdentifier,
  sourceDbClusterIdentifier: primaryCluster.clusterArn,
  deletionProtection: false,
});
const subnetGroup = new rds.SubnetGroup(standby.stack, 'DatabaseSubnets', {
  vpc: standby.vpc,
  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  description: 'integ: standby database subnets',
  removalPolicy: RemovalPolicy.DESTROY,
});
const secondaryCluster = new rds.CfnDBCluster(standby.stack, 'Database', {
  engine: 'aurora-postgresql',
  engineVersion: engineVersion.auroraPostgresFullVersion,
  globalClusterIdentifier,
  dbSubnetGroupName: subnetGroup.subnetGroupName,
  storageEncrypted: true,
  kmsKeyId: newEncryptionKey(standby.stack, 'DatabaseKey', { description: 'integ: standby database', removalPolicy: RemovalPolicy.DESTROY }).keyArn,
});
new rds.CfnDBInstance(standby.stack, 'DatabaseReader', {
  dbClusterIdentifier: secondaryCluster.ref,
  dbInstanceClass: 'db.r6g.large',
  engine: 'aurora-postgresql',
});
// The secondary joins the global cluster by its (literal) identifier: it must be created after it.
standby.stack.addDependency(primary.stack, 'the secondary Aurora cluster joins the global cluster of the primary stack');
void globalCluster;
const standbyCluster = rds.DatabaseCluster.fromDatabaseClusterAttributes(standby.stack, 'DatabaseRef', { clusterIdentifier: secondaryCluster.ref });

// DNS + Region switch plan (primary region).
const dnsStack = new PinnedStack(app, 'FailoverDns', { env: { account, region: PRIMARY }, crossRegionReferences: true });
const zone = route53.HostedZone.fromHostedZoneAttributes(dnsStack, 'Zone', { hostedZoneId, zoneName });
const alerts = new sns.Topic(dnsStack, 'Alerts', {
  masterKey: newEncryptionKey(dnsStack, 'AlertsKey', { description: 'integ: alerts', removalPolicy: RemovalPolicy.DESTROY }),
});
// The records and the plan refer to each other in JS (the trigger watches the records' HTTPS check, the records
// carry the plan's checks), so the control check ids are lazy; in CloudFormation the graph is acyclic.
let plan: RegionSwitchPlan | undefined;
const failoverDns = new FailoverDns(dnsStack, 'Dns', {
  hostedZone: zone,
  recordName,
  primary: {
    loadBalancer: primary.loadBalancer,
    region: PRIMARY,
    healthCheckDomainName: primary.regionalName,
    controlHealthCheckId: Lazy.string({ produce: () => plan!.healthCheckIdFor(PRIMARY) }),
  },
  standby: {
    loadBalancer: standby.loadBalancer,
    region: STANDBY,
    healthCheckDomainName: standby.regionalName,
    controlHealthCheckId: Lazy.string({ produce: () => plan!.healthCheckIdFor(STANDBY) }),
  },
  alarmTopic: alerts,
});
const route53Signal = new SustainedOutageAlarm(dnsStack, 'PrimaryUnhealthySustained', {
  metric: failoverDns.metricPrimaryHealthCheckStatus(),
  description: 'integ: primary HTTPS health check unhealthy',
  alarmTopic: alerts,
});
const loadBalancerSignal = new SustainedOutageAlarm(primary.stack, 'NoHealthyTargetsSustained', {
  metric: primary.targetGroup.metrics.healthyHostCount({ statistic: cloudwatch.Stats.MINIMUM, period: Duration.minutes(1) }),
  description: 'integ: no healthy target behind the primary load balancer',
});
plan = new RegionSwitchPlan(dnsStack, 'Plan', {
  planName: 'integ-payments',
  primary: { region: PRIMARY, service: primary.service, databaseCluster: primaryCluster },
  standby: { region: STANDBY, service: standby.service, databaseCluster: standbyCluster },
  globalClusterIdentifier,
  hostedZone: zone,
  recordName,
  alarmTopic: alerts,
  recoveryTimeObjective: Duration.minutes(15),
  triggers: [{ alarms: [route53Signal.alarm, loadBalancerSignal.alarm], targetRegion: STANDBY, description: 'integ: primary unhealthy, sustained' }],
});
new CfnOutput(dnsStack, 'PlanArn', { value: plan.planArn });
new CfnOutput(dnsStack, 'PrimaryHealthCheckId', { value: failoverDns.primaryEndpointHealthCheck.healthCheckId });

const integ = new IntegTest(app, 'Failover', {
  testCases: [primary.stack, standby.stack, dnsStack],
  assertionStack: new Stack(app, 'FailoverAssertions', { env: { account, region: PRIMARY } }),
  diffAssets: false,
});

// The failover record pair exists, PRIMARY in the primary region and SECONDARY in the standby, each with a health check.
integ.assertions
  .awsApiCall('Route53', 'listResourceRecordSets', {
    HostedZoneId: hostedZoneId,
    StartRecordName: recordName,
    StartRecordType: 'A',
    MaxItems: '2',
  })
  .expect(ExpectedResult.objectLike({
    ResourceRecordSets: [
      Match.objectLike({
        Name: `${recordName}.`,
        Type: 'A',
        Failover: 'PRIMARY',
        SetIdentifier: PRIMARY,
        AliasTarget: Match.objectLike({ EvaluateTargetHealth: true }),
        HealthCheckId: plan.healthCheckIdFor(PRIMARY),
      }),
      Match.objectLike({
        Name: `${recordName}.`,
        Type: 'A',
        Failover: 'SECONDARY',
        SetIdentifier: STANDBY,
        AliasTarget: Match.objectLike({ EvaluateTargetHealth: true }),
        HealthCheckId: plan.healthCheckIdFor(STANDBY),
      }),
    ],
  }));

// Region switch created exactly one health check per region for the record: the ones the records carry.
integ.assertions
  .awsApiCall('@aws-sdk/client-arc-region-switch', 'ListRoute53HealthChecksCommand', { arn: plan.planArn, hostedZoneId, recordName })
  .expect(ExpectedResult.objectLike({
    healthChecks: Match.arrayWith([
      Match.objectLike({ region: PRIMARY, healthCheckId: plan.healthCheckIdFor(PRIMARY) }),
      Match.objectLike({ region: STANDBY, healthCheckId: plan.healthCheckIdFor(STANDBY) }),
    ]),
  }));

// Each sustained signal is 3 of 3 one-minute periods below 1, missing data not breaching.
for (const signal of [route53Signal, loadBalancerSignal]) {
  integ.assertions
    .awsApiCall('CloudWatch', 'describeAlarms', { AlarmNames: [signal.alarm.alarmName] })
    .expect(ExpectedResult.objectLike({
      MetricAlarms: [Match.objectLike({
        Period: 60,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmArn: Match.stringLikeRegexp(`^arn:aws:cloudwatch:${PRIMARY}:`),
      })],
    }));
}

// The plan is active/passive with its two activate workflows (standby: failover/switchover; primary: failback), and
// one trigger whose conditions are both sustained signals (all must be red), activating the standby; the workflow the
// trigger starts fails the database over in every mode.
integ.assertions
  .awsApiCall('@aws-sdk/client-arc-region-switch', 'GetPlanCommand', { arn: plan.planArn })
  .expect(ExpectedResult.objectLike({
    plan: Match.objectLike({
      recoveryApproach: 'activePassive',
      primaryRegion: PRIMARY,
      workflows: [
        Match.objectLike({ workflowTargetAction: 'activate', workflowTargetRegion: STANDBY }),
        Match.objectLike({ workflowTargetAction: 'activate', workflowTargetRegion: PRIMARY }),
      ],
      triggers: [Match.objectLike({
        action: 'activate',
        targetRegion: STANDBY,
        conditions: [
          { associatedAlarmName: 'trigger-0-0', condition: 'red' },
          { associatedAlarmName: 'trigger-0-1', condition: 'red' },
        ],
      })],
    }),
  }));

// The primary region's endpoint is healthy as Route 53 sees it (HTTPS /health with SNI, from the checkers).
integ.assertions
  .awsApiCall('Route53', 'getHealthCheckStatus', { HealthCheckId: failoverDns.primaryEndpointHealthCheck.healthCheckId })
  .expect(ExpectedResult.objectLike({
    HealthCheckObservations: Match.arrayWith([Match.objectLike({ StatusReport: Match.objectLike({ Status: Match.stringLikeRegexp('Success') }) })]),
  }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) });

// The payment domain answers over HTTPS through the PRIMARY record.
integ.assertions
  .httpApiCall(`https://${recordName}/health`)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) });
