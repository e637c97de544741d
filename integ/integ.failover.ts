/**
 * FailoverDns + RegionSwitchPlan on a minimal two-region platform:
 *
 * - `FailoverPrimary` (us-east-1) and `FailoverStandby` (us-west-2): VPC, HTTPS load balancer answering `/health`
 *   (ACM certificate DNS-validated in the zone, regional name `<region>.<record>`), ECS Fargate service, and the two
 *   members of an Aurora PostgreSQL global database (the standby joins the global cluster);
 * - `FailoverDns` (us-east-1, `crossRegionReferences`): the Region switch plan and the failover records whose
 *   health checks are CALCULATED from the HTTPS checks and the plan-created control checks.
 *
 * Deploying it needs a real account and public hosted zone: `-c account=... -c hostedZoneId=Z... -c zoneName=example.org`. The snapshot uses the
 * defaults below and is verified offline.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
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
  loadBalancer.addListener('Https', {
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
  return { stack, loadBalancer, service, vpc, regionalName };
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
const plan = new RegionSwitchPlan(dnsStack, 'Plan', {
  planName: 'integ-payments',
  primary: { region: PRIMARY, service: primary.service, databaseCluster: primaryCluster },
  standby: { region: STANDBY, service: standby.service, databaseCluster: standbyCluster },
  globalClusterIdentifier,
  hostedZone: zone,
  recordName,
  alarmTopic: alerts,
  recoveryTimeObjective: Duration.minutes(15),
});
const failoverDns = new FailoverDns(dnsStack, 'Dns', {
  hostedZone: zone,
  recordName,
  primary: {
    loadBalancer: primary.loadBalancer,
    region: PRIMARY,
    healthCheckDomainName: primary.regionalName,
    controlHealthCheckId: plan.healthCheckIdFor(PRIMARY),
  },
  standby: {
    loadBalancer: standby.loadBalancer,
    region: STANDBY,
    healthCheckDomainName: standby.regionalName,
    controlHealthCheckId: plan.healthCheckIdFor(STANDBY),
  },
  alarmTopic: alerts,
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
      Match.objectLike({ Name: `${recordName}.`, Type: 'A', Failover: 'PRIMARY', SetIdentifier: PRIMARY, AliasTarget: Match.objectLike({ EvaluateTargetHealth: true }) }),
      Match.objectLike({ Name: `${recordName}.`, Type: 'A', Failover: 'SECONDARY', SetIdentifier: STANDBY, AliasTarget: Match.objectLike({ EvaluateTargetHealth: true }) }),
    ],
  }));

// The plan is active/passive with its two activate workflows (standby: failover/switchover; primary: failback).
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
