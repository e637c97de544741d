/**
 * Test fixtures: the platform's real stack graph for DNS and the Region switch plan: two regional stacks each with
 * a load balancer, an ECS service and an Aurora cluster, and a `Dns` stack in the primary region with
 * `crossRegionReferences: true` that receives the standby's values through CDK's cross-region mechanism.
 */
import { App, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { PinnedStack } from '../../src/private/stack';

export const ACCOUNT = '123456789012';
export const PRIMARY_REGION = 'us-east-1';
export const STANDBY_REGION = 'us-west-2';
export const ZONE_ID = 'Z0123456789ABCDEFGHIJ';
export const ZONE_NAME = 'example.com';
export const RECORD_NAME = 'pay.example.com';
export const GLOBAL_CLUSTER_ID = 'payments-global';

export interface RegionalFixture {
  readonly stack: PinnedStack;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly service: ecs.FargateService;
  readonly databaseCluster: rds.DatabaseCluster;
}

export interface PlatformFixture {
  readonly app: App;
  readonly primary: RegionalFixture;
  readonly standby: RegionalFixture;
  readonly dns: PinnedStack;
  readonly hostedZone: route53.IHostedZone;
}

function regional(app: App, id: string, region: string): RegionalFixture {
  const stack = new PinnedStack(app, id, { env: { account: ACCOUNT, region }, crossRegionReferences: true });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
  taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable') });
  const service = new ecs.FargateService(stack, 'Service', {
    cluster, taskDefinition, desiredCount: 2, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  });
  const databaseCluster = new rds.DatabaseCluster(stack, 'Database', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    writer: rds.ClusterInstance.provisioned('Writer'),
    removalPolicy: RemovalPolicy.DESTROY,
  });
  return { stack, loadBalancer, service, databaseCluster };
}

/** Primary (us-east-1), Standby (us-west-2) and Dns (us-east-1, crossRegionReferences) stacks. */
export function platformFixture(): PlatformFixture {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const primary = regional(app, 'Primary', PRIMARY_REGION);
  const standby = regional(app, 'Standby', STANDBY_REGION);
  const dns = new PinnedStack(app, 'Dns', { env: { account: ACCOUNT, region: PRIMARY_REGION }, crossRegionReferences: true });
  const hostedZone = route53.HostedZone.fromHostedZoneAttributes(dns, 'Zone', { hostedZoneId: ZONE_ID, zoneName: ZONE_NAME });
  return { app, primary, standby, dns, hostedZone };
}
