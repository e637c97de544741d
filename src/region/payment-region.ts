import { Annotations, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ObjectLockMode } from './object-lock-mode';
import { PaymentEndpoint, PaymentEndpointOptions } from './payment-endpoint';
import { PaymentNetwork } from './payment-network';
import { PaymentRole } from './payment-role';
import { PaymentService, PaymentServiceOptions } from './payment-service';
import { resolveHealthCheck } from './private/health-check';
import { validateNatGateways } from './private/logs';
import { RegionMonitoring, RegionMonitoringOptions } from './region-monitoring';
import { ReplicationDestination, TransactionLogBucket } from './transaction-log-bucket';
import { acknowledgeCrossRegionReferenceHandlers } from '../private/cross-region';
import { allowAlarmsToPublish, allowCloudWatchLogs, newEncryptionKey } from '../private/kms';

/**
 * Props of {@link PaymentRegion}: the service's (PaymentServiceOptions), the endpoint's (PaymentEndpointOptions)
 * and the monitoring's (RegionMonitoringOptions) settings, and the region's own below.
 */
export interface PaymentRegionProps extends PaymentServiceOptions, PaymentEndpointOptions, RegionMonitoringOptions {
  /** PRIMARY or STANDBY: sets the default capacity and whether the transaction logs replicate. */
  readonly role: PaymentRole;

  /**
   * The VPC; it needs public subnets and private subnets (with egress, unless the image is in a private ECR
   * repository reached through VPC endpoints).
   * @default - a new PaymentNetwork
   */
  readonly vpc?: ec2.IVpc;

  /**
   * NAT gateways of the new PaymentNetwork (0 to 3); not allowed with `vpc`.
   * @default 3 in the PRIMARY, 3 in the STANDBY (set 1 or 2 to save cost: see docs/region.md)
   */
  readonly natGateways?: number;

  /**
   * The transaction-log bucket of this region (e.g. created in a storage stack deployed first).
   * @default - a new TransactionLogBucket
   */
  readonly logBucket?: TransactionLogBucket;

  /**
   * PRIMARY only, with a new log bucket: replicate the transaction logs to this bucket (the standby's).
   * @default - no replication
   */
  readonly replicationDestination?: ReplicationDestination;

  /**
   * Days the transaction logs are kept, for a new log bucket (at least 365).
   * @default 365
   */
  readonly transactionLogRetentionDays?: number;

  /**
   * Object Lock mode of a new log bucket's default retention (TransactionLogBucketProps.objectLockMode).
   * @default ObjectLockMode.COMPLIANCE
   */
  readonly transactionLogObjectLockMode?: ObjectLockMode;

  /**
   * Object Lock at creation for a new log bucket (TransactionLogBucketProps.objectLockAtCreation): new buckets only.
   * @default false
   */
  readonly transactionLogObjectLockAtCreation?: boolean;

  /**
   * An existing KMS key (in this region) for a new log bucket, instead of a new key; not with `logBucket`.
   * @default - a new customer-managed key
   */
  readonly transactionLogKey?: kms.IKey;

  /**
   * Days the CloudWatch logs (service, WAF) are kept (at least 365, a value CloudWatch Logs accepts).
   * @default 365
   */
  readonly logRetentionDays?: number;
}

/**
 * Everything one region of the payment platform runs: network, Fargate service behind an HTTPS load balancer
 * with WAF, transaction-log bucket, alarms and dashboard. Used once per region with a role (PRIMARY, STANDBY).
 *
 * It builds the network, its KMS key and the transaction-log bucket itself, and composes a {@link PaymentService}
 * (`paymentService`), the {@link PaymentEndpoint} in front of it (`endpoint`) and their {@link RegionMonitoring}
 * (`monitoring`); the service, load-balancer and alarm members below are those parts' own.
 */
export class PaymentRegion extends Construct {
  /** The role of this region. */
  public readonly role: PaymentRole;
  /** The VPC. */
  public readonly vpc: ec2.IVpc;
  /** The network, when this construct created it. */
  public readonly network?: PaymentNetwork;
  /** The KMS key of this region's log groups and alarm topic. */
  public readonly encryptionKey: kms.Key;
  /** The transaction-log bucket. */
  public readonly logBucket: TransactionLogBucket;
  /** The payment service: cluster, task definition, Fargate service, scaling. */
  public readonly paymentService: PaymentService;
  /** The HTTPS endpoint: load balancer, certificate, WAF, regional record. */
  public readonly endpoint: PaymentEndpoint;
  /** The alarms, their topic and the dashboard. */
  public readonly monitoring: RegionMonitoring;

  constructor(scope: Construct, id: string, props: PaymentRegionProps) {
    super(scope, id);
    this.role = props.role;
    validateRegionProps(props);
    // Validated before anything is built: the service's placeholder image serves the path.
    const healthCheck = resolveHealthCheck(props.healthCheck);

    if (props.vpc) {
      this.vpc = props.vpc;
    } else {
      this.network = new PaymentNetwork(this, 'Network', { natGateways: props.natGateways });
      this.vpc = this.network.vpc;
    }
    if (this.network && this.network.natGateways === 0 && !props.containerImage) {
      Annotations.of(this).addWarningV2(
        'cdk-dr-payment-platform:placeholder-without-nat',
        'natGateways is 0: the placeholder image on Amazon ECR Public cannot be pulled; use an image in a private ECR repository of this region',
      );
    }
    this.encryptionKey = newRegionKey(this, props.role);
    this.logBucket = props.logBucket ?? new TransactionLogBucket(this, 'TransactionLogs', {
      retentionDays: props.transactionLogRetentionDays,
      replicationDestination: props.replicationDestination,
      objectLockMode: props.transactionLogObjectLockMode,
      objectLockAtCreation: props.transactionLogObjectLockAtCreation,
      encryptionKey: props.transactionLogKey,
    });

    this.paymentService = new PaymentService(this, 'Service', {
      role: props.role,
      vpc: this.vpc,
      vpcSubnets: this.network ? { subnetGroupName: PaymentNetwork.APPLICATION_SUBNET_GROUP } : undefined,
      encryptionKey: this.encryptionKey,
      logBucket: this.logBucket,
      healthCheckPath: healthCheck.path,
      logRetentionDays: props.logRetentionDays,
      containerImage: props.containerImage,
      containerUser: props.containerUser,
      readonlyRootFilesystem: props.readonlyRootFilesystem,
      containerPort: props.containerPort,
      cpu: props.cpu,
      memoryMiB: props.memoryMiB,
      minCapacity: props.minCapacity,
      maxCapacity: props.maxCapacity,
      cpuTargetPercent: props.cpuTargetPercent,
      requestsPerTarget: props.requestsPerTarget,
      database: props.database,
    });
    this.endpoint = new PaymentEndpoint(this, 'Endpoint', {
      service: this.paymentService,
      encryptionKey: this.encryptionKey,
      serverAccessLogsBucket: this.logBucket.accessLogBucket,
      logRetentionDays: props.logRetentionDays,
      domainName: props.domainName,
      hostedZone: props.hostedZone,
      regionalDomainName: props.regionalDomainName,
      certificate: props.certificate,
      healthCheck: props.healthCheck,
      loadBalancerDeletionProtection: props.loadBalancerDeletionProtection,
      webAclRateLimit: props.webAclRateLimit,
    });
    this.monitoring = new RegionMonitoring(this, 'Monitoring', {
      service: this.paymentService,
      endpoint: this.endpoint,
      encryptionKey: this.encryptionKey,
      logBucket: this.logBucket,
      network: this.network,
      alarmEmails: props.alarmEmails,
      alarmTopic: props.alarmTopic,
      latencyThresholdMs: props.latencyThresholdMs,
      errorRateThresholdPercent: props.errorRateThresholdPercent,
      dashboardWidgets: props.dashboardWidgets,
    });

    acknowledgeCrossRegionReferenceHandlers(Stack.of(this));
  }

  /** The ECS cluster (Container Insights enhanced). */
  public get cluster(): ecs.Cluster {
    return this.paymentService.cluster;
  }
  /** The task definition of the payment service. */
  public get taskDefinition(): ecs.FargateTaskDefinition {
    return this.paymentService.taskDefinition;
  }
  /** The payment service container. */
  public get container(): ecs.ContainerDefinition {
    return this.paymentService.container;
  }
  /** The Fargate service. */
  public get service(): ecs.FargateService {
    return this.paymentService.service;
  }
  /** The service's scalable task count. */
  public get scaling(): ecs.ScalableTaskCount {
    return this.paymentService.scaling;
  }
  /** Security group of the tasks. */
  public get serviceSecurityGroup(): ec2.SecurityGroup {
    return this.paymentService.securityGroup;
  }
  /** Log group of the service. */
  public get serviceLogGroup(): logs.LogGroup {
    return this.paymentService.logGroup;
  }
  /** Minimum number of tasks. */
  public get minCapacity(): number {
    return this.paymentService.minCapacity;
  }
  /** Maximum number of tasks. */
  public get maxCapacity(): number {
    return this.paymentService.maxCapacity;
  }

  /** Security group of the load balancer. */
  public get loadBalancerSecurityGroup(): ec2.SecurityGroup {
    return this.endpoint.loadBalancerSecurityGroup;
  }
  /** The internet-facing load balancer. */
  public get loadBalancer(): elbv2.ApplicationLoadBalancer {
    return this.endpoint.loadBalancer;
  }
  /** HTTPS listener (port 443). */
  public get httpsListener(): elbv2.ApplicationListener {
    return this.endpoint.httpsListener;
  }
  /** HTTP listener (port 80), redirecting to HTTPS only. */
  public get httpListener(): elbv2.ApplicationListener {
    return this.endpoint.httpListener;
  }
  /** Target group of the service. */
  public get targetGroup(): elbv2.ApplicationTargetGroup {
    return this.endpoint.targetGroup;
  }
  /** The load balancer's access-log bucket (SSE-S3: the only encryption ALB log delivery supports). */
  public get loadBalancerLogBucket(): s3.Bucket {
    return this.endpoint.loadBalancerLogBucket;
  }
  /** The WAF web ACL associated with the load balancer. */
  public get webAcl(): wafv2.CfnWebACL {
    return this.endpoint.webAcl;
  }
  /** Log group of the WAF logs. */
  public get webAclLogGroup(): logs.LogGroup {
    return this.endpoint.webAclLogGroup;
  }
  /** The certificate of the HTTPS listener. */
  public get certificate(): acm.ICertificate {
    return this.endpoint.certificate;
  }
  /** Alias A record `regionalDomainName` → this region's load balancer. */
  public get regionalRecord(): route53.ARecord {
    return this.endpoint.regionalRecord;
  }
  /** This region's own DNS name. */
  public get regionalDomainName(): string {
    return this.endpoint.regionalDomainName;
  }
  /** The payment domain. */
  public get domainName(): string {
    return this.endpoint.domainName;
  }
  /** The hosted zone. */
  public get hostedZone(): route53.IHostedZone {
    return this.endpoint.hostedZone;
  }
  /** The health-check path (target group; the failover health checks use it too). */
  public get healthCheckPath(): string {
    return this.endpoint.healthCheckPath;
  }
  /** Seconds between target-group health checks. */
  public get healthCheckIntervalSeconds(): number {
    return this.endpoint.healthCheckIntervalSeconds;
  }
  /** Consecutive successes before a target is healthy. */
  public get healthCheckHealthyThresholdCount(): number {
    return this.endpoint.healthCheckHealthyThresholdCount;
  }
  /** Consecutive failures before a target is unhealthy. */
  public get healthCheckUnhealthyThresholdCount(): number {
    return this.endpoint.healthCheckUnhealthyThresholdCount;
  }

  /** The alarm topic. */
  public get alarmTopic(): sns.ITopic {
    return this.monitoring.alarmTopic;
  }
  /** Every alarm of this region (service, load balancer and, when replicating, replication). */
  public get alarms(): cloudwatch.Alarm[] {
    return this.monitoring.alarms;
  }
  /** The region's dashboard. */
  public get dashboard(): cloudwatch.Dashboard {
    return this.monitoring.dashboard;
  }

  /** Network access to and from the payment tasks (e.g. `region.connections.allowTo(database, Port.tcp(5432))`). */
  public get connections(): ec2.Connections {
    return this.paymentService.connections;
  }

  /**
   * Requests reaching the service (AWS/ApplicationELB `RequestCount`).
   * @default - sum over 1 minute
   */
  public metricRequestCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.endpoint.metricRequestCount(props);
  }

  /**
   * Targets failing the health check (AWS/ApplicationELB `UnHealthyHostCount`).
   * @default - maximum over 1 minute
   */
  public metricUnhealthyHostCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.endpoint.metricUnhealthyHostCount(props);
  }

  /**
   * Running tasks of the service (ECS/ContainerInsights `RunningTaskCount`, by ClusterName and ServiceName).
   * @default - minimum over 1 minute
   */
  public metricRunningTaskCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.paymentService.metricRunningTaskCount(props);
  }

  /**
   * Target response time in seconds (AWS/ApplicationELB `TargetResponseTime`).
   * @default - p99 over 1 minute
   */
  public metricTargetResponseTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.endpoint.metricTargetResponseTime(props);
  }

  /**
   * 5xx responses of the load balancer itself (AWS/ApplicationELB `HTTPCode_ELB_5XX_Count`).
   * @default - sum over 1 minute
   */
  public metricLoadBalancer5xxCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.endpoint.metricLoadBalancer5xxCount(props);
  }

  /**
   * Percentage of requests the tasks answered with 5xx: `100 * HTTPCode_Target_5XX_Count / RequestCount`.
   * @default - over 1 minute
   */
  public metricTarget5xxRate(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.endpoint.metricTarget5xxRate(props);
  }

  /** Lets the grantee write transaction-log records to this region's log bucket. */
  public grantWriteTransactionLogs(grantee: iam.IGrantable): iam.Grant {
    return this.logBucket.grantWrite(grantee);
  }
}

/** Checks the props the region itself uses (the parts check theirs). */
function validateRegionProps(props: PaymentRegionProps): void {
  if (props.natGateways !== undefined) {
    validateNatGateways(props.natGateways);
    if (props.vpc) {
      throw new Error(`natGateways applies to the new network only, not with vpc, got: ${props.natGateways}`);
    }
  }
  if (props.replicationDestination && props.role !== PaymentRole.PRIMARY) {
    throw new Error('replicationDestination is for the PRIMARY region only, got: role STANDBY');
  }
  if (props.replicationDestination && props.logBucket) {
    throw new Error('replicationDestination configures a new log bucket; set it on the given logBucket instead, got: both');
  }
  if (props.logBucket && props.transactionLogRetentionDays !== undefined) {
    throw new Error(`transactionLogRetentionDays configures a new log bucket, not the given logBucket, got: ${props.transactionLogRetentionDays}`);
  }
  if (props.logBucket && props.transactionLogKey) {
    throw new Error(`transactionLogKey configures a new log bucket, not the given logBucket, got: ${props.transactionLogKey.node.path}`);
  }
}

/** The region's KMS key: its service and WAF log groups (CloudWatch Logs) and its alarm topic (CloudWatch alarms). */
function newRegionKey(scope: Construct, role: PaymentRole): kms.Key {
  const key = newEncryptionKey(scope, 'Key', { description: `Encrypts the logs and alarm topic of the ${role} payment region` });
  allowCloudWatchLogs(key);
  allowAlarmsToPublish(key);
  return key;
}
