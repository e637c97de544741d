import { Annotations, ArnFormat, Duration, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { PaymentRegionDefaults } from './defaults';
import { PaymentNetwork } from './payment-network';
import { PaymentRole } from './payment-role';
import { resolveEndpointNames } from './private/dns-names';
import {
  INLINE_POLICY_ACKNOWLEDGEMENTS,
  logRetention,
  logToAccessLogBucket,
  newLogDeliveryBucket,
  validateNatGateways,
} from './private/logs';
import {
  addPlaceholderContent,
  PLACEHOLDER_CONTENT_MEMORY_MIB,
  PLACEHOLDER_IMAGE,
  PLACEHOLDER_USER,
  placeholderServerOptions,
} from './private/placeholder';
import { paymentWebAclRules, validateRateLimit, visibility } from './private/web-acl';
import { ReplicationDestination, TransactionLogBucket } from './transaction-log-bucket';
import { acknowledge } from '../private/compliance';
import { acknowledgeCrossRegionReferenceHandlers } from '../private/cross-region';
import { allowCloudWatchLogs, newEncryptionKey } from '../private/kms';

/** The database the payment service connects to. */
export interface PaymentDatabaseConnection {
  /** Host name of the database endpoint (e.g. the Aurora global writer endpoint). */
  readonly hostname: string;
  /** Port of the database endpoint. */
  readonly port: number;
  /**
   * The secret holding the credentials (JSON with `username` and `password`, as RDS writes it). It reaches the
   * container only as ECS secrets (`DB_USERNAME`, `DB_PASSWORD`), never as plain environment variables.
   */
  readonly secret: secretsmanager.ISecret;
}

/** Target-group health check of the payment service (the failover health checks probe the same path). */
export interface PaymentHealthCheck {
  /**
   * HTTP path answering 200 when the service is healthy.
   * @default '/health'
   */
  readonly path?: string;
  /**
   * Seconds between checks (5 to 300).
   * @default 10
   */
  readonly intervalSeconds?: number;
  /**
   * Consecutive successes before a target is healthy (2 to 10).
   * @default 2
   */
  readonly healthyThresholdCount?: number;
  /**
   * Consecutive failures before a target is unhealthy (2 to 10).
   * @default 2
   */
  readonly unhealthyThresholdCount?: number;
}

/** Props of {@link PaymentRegion}. */
export interface PaymentRegionProps {
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
   * The payment service image. It must listen on `containerPort` and answer 200 on the health-check path.
   * @default - a PLACEHOLDER: busybox httpd from Amazon ECR Public serving `/health`, for trying the platform
   * out only; it processes no payments
   */
  readonly containerImage?: ecs.ContainerImage;

  /**
   * The user (`uid[:gid]` or name) the container runs as.
   * @default - '65534' (nobody) for the placeholder image; the image's own USER otherwise
   */
  readonly containerUser?: string;

  /**
   * Whether the container's root file system is read-only (a writable `/tmp` volume is mounted).
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;

  /**
   * Port the container listens on.
   * @default 8080
   */
  readonly containerPort?: number;

  /**
   * Task CPU units (Fargate sizes: 256, 512, 1024, 2048, 4096, 8192, 16384).
   * @default 1024
   */
  readonly cpu?: number;

  /**
   * Task memory in MiB (a size Fargate accepts for `cpu`).
   * @default 2048
   */
  readonly memoryMiB?: number;

  /**
   * Minimum number of tasks. In the STANDBY this trades cost for recovery time (the recovery budget reads it).
   * @default 10 in the PRIMARY, 2 in the STANDBY
   */
  readonly minCapacity?: number;

  /**
   * Maximum number of tasks.
   * @default 50
   */
  readonly maxCapacity?: number;

  /**
   * Target CPU utilization for scaling, 10 to 90 percent.
   * @default 70
   */
  readonly cpuTargetPercent?: number;

  /**
   * Target ALB requests per task per minute for scaling.
   * @default 1000
   */
  readonly requestsPerTarget?: number;

  /** The payment domain clients use (e.g. `pay.example.com`); it must be inside `hostedZone`. */
  readonly domainName: string;

  /** The hosted zone of `domainName` (import it with `HostedZone.fromHostedZoneAttributes`: no lookups). */
  readonly hostedZone: route53.IHostedZone;

  /**
   * This region's own name: an alias A record to this region's load balancer; the failover health checks probe
   * `https://<regionalDomainName>/health`. Must be inside `hostedZone`.
   * @default `<region>.<domainName>`, e.g. `eu-west-1.pay.example.com`
   */
  readonly regionalDomainName?: string;

  /**
   * Certificate of the HTTPS listener, valid for `domainName` and `regionalDomainName`, in this region.
   * @default - a new ACM certificate for both names, DNS-validated in `hostedZone`
   */
  readonly certificate?: acm.ICertificate;

  /**
   * The database the service connects to (`DB_HOST`, `DB_PORT` environment; credentials as ECS secrets).
   * Allow the network path with `region.connections.allowTo(database, port)`.
   * @default - no database settings are passed
   */
  readonly database?: PaymentDatabaseConnection;

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
   * E-mail addresses subscribed to the alarm topic.
   * @default - no subscriptions
   */
  readonly alarmEmails?: string[];

  /**
   * Topic receiving alarm and OK notifications.
   * @default - a new KMS-encrypted SNS topic
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Target-group health check.
   * @default - path '/health', every 10 s, 2 healthy / 2 unhealthy (PaymentRegionDefaults)
   */
  readonly healthCheck?: PaymentHealthCheck;

  /**
   * Days the CloudWatch logs (service, WAF) are kept (at least 365, a value CloudWatch Logs accepts).
   * @default 365
   */
  readonly logRetentionDays?: number;

  /**
   * Whether the load balancer has deletion protection.
   * @default true
   */
  readonly loadBalancerDeletionProtection?: boolean;

  /**
   * Requests from one IP address in 5 minutes above which the WAF blocks it (100 to 2,000,000,000).
   * @default 2000
   */
  readonly webAclRateLimit?: number;

  /**
   * p99 target response time above which the latency alarm fires, in milliseconds.
   * @default 1000
   */
  readonly latencyThresholdMs?: number;

  /**
   * Target 5xx responses, in percent of requests, above which the error-rate alarm fires.
   * @default 5
   */
  readonly errorRateThresholdPercent?: number;

  /**
   * More widgets for the region's dashboard (e.g. database or replication health from other constructs).
   * @default - none
   */
  readonly dashboardWidgets?: cloudwatch.IWidget[];
}

/**
 * Everything one region of the payment platform runs: network, Fargate service behind an HTTPS load balancer
 * with WAF, transaction-log bucket, alarms and dashboard. Used once per region with a role (PRIMARY, STANDBY).
 */
export class PaymentRegion extends Construct {
  /** The role of this region. */
  public readonly role: PaymentRole;
  /** The VPC. */
  public readonly vpc: ec2.IVpc;
  /** The network, when this construct created it. */
  public readonly network?: PaymentNetwork;
  /** The ECS cluster (Container Insights enhanced). */
  public readonly cluster: ecs.Cluster;
  /** The task definition of the payment service. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The payment service container. */
  public readonly container: ecs.ContainerDefinition;
  /** The Fargate service. */
  public readonly service: ecs.FargateService;
  /** The service's scalable task count. */
  public readonly scaling: ecs.ScalableTaskCount;
  /** Security group of the tasks. */
  public readonly serviceSecurityGroup: ec2.SecurityGroup;
  /** Security group of the load balancer. */
  public readonly loadBalancerSecurityGroup: ec2.SecurityGroup;
  /** The internet-facing load balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** HTTPS listener (port 443). */
  public readonly httpsListener: elbv2.ApplicationListener;
  /** HTTP listener (port 80), redirecting to HTTPS only. */
  public readonly httpListener: elbv2.ApplicationListener;
  /** Target group of the service. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** The load balancer's access-log bucket (SSE-S3: the only encryption ALB log delivery supports). */
  public readonly loadBalancerLogBucket: s3.Bucket;
  /** The WAF web ACL associated with the load balancer. */
  public readonly webAcl: wafv2.CfnWebACL;
  /** Log group of the WAF logs. */
  public readonly webAclLogGroup: logs.LogGroup;
  /** Log group of the service. */
  public readonly serviceLogGroup: logs.LogGroup;
  /** The KMS key of this region's log groups and alarm topic. */
  public readonly encryptionKey: kms.Key;
  /** The transaction-log bucket. */
  public readonly logBucket: TransactionLogBucket;
  /** The alarm topic. */
  public readonly alarmTopic: sns.ITopic;
  /** Every alarm of this region (service, load balancer and, when replicating, replication). */
  public readonly alarms: cloudwatch.Alarm[];
  /** The region's dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;
  /** The certificate of the HTTPS listener. */
  public readonly certificate: acm.ICertificate;
  /** Alias A record `regionalDomainName` → this region's load balancer. */
  public readonly regionalRecord: route53.ARecord;
  /** This region's own DNS name. */
  public readonly regionalDomainName: string;
  /** The payment domain. */
  public readonly domainName: string;
  /** The hosted zone. */
  public readonly hostedZone: route53.IHostedZone;
  /** The health-check path (target group; the failover health checks use it too). */
  public readonly healthCheckPath: string;
  /** Seconds between target-group health checks. */
  public readonly healthCheckIntervalSeconds: number;
  /** Consecutive successes before a target is healthy. */
  public readonly healthCheckHealthyThresholdCount: number;
  /** Consecutive failures before a target is unhealthy. */
  public readonly healthCheckUnhealthyThresholdCount: number;
  /** Minimum number of tasks. */
  public readonly minCapacity: number;
  /** Maximum number of tasks. */
  public readonly maxCapacity: number;

  constructor(scope: Construct, id: string, props: PaymentRegionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const isPrimary = props.role === PaymentRole.PRIMARY;
    this.role = props.role;

    // ---- validation ----
    const minCapacity = props.minCapacity ?? (isPrimary ? PaymentRegionDefaults.PRIMARY_MIN_CAPACITY : PaymentRegionDefaults.STANDBY_MIN_CAPACITY);
    const maxCapacity = props.maxCapacity ?? PaymentRegionDefaults.MAX_CAPACITY;
    if (minCapacity < 1 || !Number.isInteger(minCapacity)) {
      throw new Error(`minCapacity must be an integer of at least 1, got: ${minCapacity}`);
    }
    if (minCapacity > maxCapacity) {
      throw new Error(`minCapacity must be <= maxCapacity, got: ${minCapacity} > ${maxCapacity}`);
    }
    const cpuTargetPercent = props.cpuTargetPercent ?? PaymentRegionDefaults.CPU_TARGET_PERCENT;
    if (cpuTargetPercent < 10 || cpuTargetPercent > 90) {
      throw new Error(`cpuTargetPercent must be between 10 and 90, got: ${cpuTargetPercent}`);
    }
    const requestsPerTarget = props.requestsPerTarget ?? PaymentRegionDefaults.REQUESTS_PER_TARGET;
    if (requestsPerTarget < 1) {
      throw new Error(`requestsPerTarget must be at least 1, got: ${requestsPerTarget}`);
    }
    if (props.natGateways !== undefined) {
      validateNatGateways(props.natGateways);
      if (props.vpc) {
        throw new Error(`natGateways applies to the new network only, not with vpc, got: ${props.natGateways}`);
      }
    }
    const logRetentionDays = logRetention('logRetentionDays', props.logRetentionDays ?? PaymentRegionDefaults.LOG_RETENTION_DAYS);
    if (props.replicationDestination && !isPrimary) {
      throw new Error('replicationDestination is for the PRIMARY region only, got: role STANDBY');
    }
    if (props.replicationDestination && props.logBucket) {
      throw new Error('replicationDestination configures a new log bucket; set it on the given logBucket instead, got: both');
    }
    if (props.logBucket && props.transactionLogRetentionDays !== undefined) {
      throw new Error(`transactionLogRetentionDays configures a new log bucket, not the given logBucket, got: ${props.transactionLogRetentionDays}`);
    }
    if (props.certificate && props.domainName.trim() === '') {
      throw new Error("certificate needs a domainName, got: ''");
    }
    const region = stack.region;
    const { domainName, regionalDomainName } = resolveEndpointNames(props.domainName, props.regionalDomainName, props.hostedZone, region);
    const healthCheckPath = props.healthCheck?.path ?? PaymentRegionDefaults.HEALTH_CHECK_PATH;
    if (!healthCheckPath.startsWith('/')) {
      throw new Error(`healthCheck.path must start with '/', got: ${healthCheckPath}`);
    }
    const intervalSeconds = props.healthCheck?.intervalSeconds ?? PaymentRegionDefaults.HEALTH_CHECK_INTERVAL_SECONDS;
    if (intervalSeconds < 6 || intervalSeconds > 300) {
      // The timeout (5 s) must be shorter than the interval.
      throw new Error(`healthCheck.intervalSeconds must be between 6 and 300, got: ${intervalSeconds}`);
    }
    const healthyThresholdCount = props.healthCheck?.healthyThresholdCount ?? PaymentRegionDefaults.HEALTH_CHECK_HEALTHY_THRESHOLD_COUNT;
    const unhealthyThresholdCount =
      props.healthCheck?.unhealthyThresholdCount ?? PaymentRegionDefaults.HEALTH_CHECK_UNHEALTHY_THRESHOLD_COUNT;
    for (const [name, value] of [
      ['healthCheck.healthyThresholdCount', healthyThresholdCount],
      ['healthCheck.unhealthyThresholdCount', unhealthyThresholdCount],
    ] as const) {
      if (!Number.isInteger(value) || value < 2 || value > 10) {
        throw new Error(`${name} must be an integer between 2 and 10, got: ${value}`);
      }
    }
    const rateLimit = props.webAclRateLimit ?? 2000;
    validateRateLimit(rateLimit);
    for (const email of props.alarmEmails ?? []) {
      if (!Token.isUnresolved(email) && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
        throw new Error(`alarmEmails must hold e-mail addresses, got: ${email}`);
      }
    }
    const containerPort = props.containerPort ?? PaymentRegionDefaults.CONTAINER_PORT;

    this.domainName = domainName;
    this.regionalDomainName = regionalDomainName;
    this.hostedZone = props.hostedZone;
    this.healthCheckPath = healthCheckPath;
    this.healthCheckIntervalSeconds = intervalSeconds;
    this.healthCheckHealthyThresholdCount = healthyThresholdCount;
    this.healthCheckUnhealthyThresholdCount = unhealthyThresholdCount;
    this.minCapacity = minCapacity;
    this.maxCapacity = maxCapacity;

    // ---- network ----
    if (props.vpc) {
      this.vpc = props.vpc;
    } else {
      this.network = new PaymentNetwork(this, 'Network', { natGateways: props.natGateways });
      this.vpc = this.network.vpc;
    }
    const applicationSubnets: ec2.SubnetSelection = this.network
      ? { subnetGroupName: PaymentNetwork.APPLICATION_SUBNET_GROUP }
      : { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    if (this.network && this.network.natGateways === 0 && !props.containerImage) {
      Annotations.of(this).addWarningV2(
        'cdk-dr-payment-platform:placeholder-without-nat',
        'natGateways is 0: the placeholder image on Amazon ECR Public cannot be pulled; use an image in a private ECR repository of this region',
      );
    }

    // ---- encryption, logs, alarm topic ----
    this.encryptionKey = newEncryptionKey(this, 'Key', { description: `Encrypts the logs and alarm topic of the ${props.role} payment region` });
    allowCloudWatchLogs(this.encryptionKey);
    this.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );

    if (props.alarmTopic) {
      this.alarmTopic = props.alarmTopic;
    } else {
      this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
        displayName: `Payment ${props.role.toLowerCase()} region alarms`,
        masterKey: this.encryptionKey,
        enforceSSL: true,
      });
    }
    for (const email of props.alarmEmails ?? []) {
      this.alarmTopic.addSubscription(new snsSubscriptions.EmailSubscription(email));
    }

    this.logBucket =
      props.logBucket ??
      new TransactionLogBucket(this, 'TransactionLogs', {
        retentionDays: props.transactionLogRetentionDays,
        replicationDestination: props.replicationDestination,
      });

    // ---- ECS ----
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: this.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENHANCED,
    });

    this.serviceLogGroup = new logs.LogGroup(this, 'ServiceLogs', {
      encryptionKey: this.encryptionKey,
      retention: logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: props.cpu ?? 1024,
      memoryLimitMiB: props.memoryMiB ?? 2048,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
      volumes: [{ name: 'tmp' }],
    });

    const environment: Record<string, string> = {
      PAYMENT_REGION: region,
      PAYMENT_ROLE: props.role,
      TRANSACTION_LOG_BUCKET: this.logBucket.bucket.bucketName,
    };
    const secrets: Record<string, ecs.Secret> = {};
    if (props.database) {
      environment.DB_HOST = props.database.hostname;
      environment.DB_PORT = Token.isUnresolved(props.database.port) ? Token.asString(props.database.port) : String(props.database.port);
      secrets.DB_USERNAME = ecs.Secret.fromSecretsManager(props.database.secret, 'username');
      secrets.DB_PASSWORD = ecs.Secret.fromSecretsManager(props.database.secret, 'password');
    }
    const placeholder = !props.containerImage;
    const taskMemoryMiB = props.memoryMiB ?? 2048;
    const logging = ecs.LogDrivers.awsLogs({
      logGroup: this.serviceLogGroup,
      streamPrefix: 'payment',
      mode: ecs.AwsLogDriverMode.NON_BLOCKING,
    });
    const content = placeholder ? addPlaceholderContent(this.taskDefinition, healthCheckPath, logging) : undefined;
    this.container = this.taskDefinition.addContainer('App', {
      image: props.containerImage ?? ecs.ContainerImage.fromRegistry(PLACEHOLDER_IMAGE),
      // The placeholder serves `<health path>` (200) and an index page, as nobody, from the volume.
      ...(placeholder ? placeholderServerOptions(containerPort) : {}),
      user: props.containerUser ?? (placeholder ? PLACEHOLDER_USER : undefined),
      readonlyRootFilesystem: props.readonlyRootFilesystem ?? true,
      memoryLimitMiB: placeholder ? taskMemoryMiB - PLACEHOLDER_CONTENT_MEMORY_MIB : taskMemoryMiB,
      essential: true,
      portMappings: [{ containerPort, protocol: ecs.Protocol.TCP }],
      logging,
      environment,
      secrets,
    });
    if (content) {
      this.container.addMountPoints({ sourceVolume: 'tmp', containerPath: '/srv', readOnly: true });
      this.container.addContainerDependencies({ container: content, condition: ecs.ContainerDependencyCondition.SUCCESS });
    } else {
      // Scratch space for the application (root-owned unless the image declares `VOLUME /tmp` with its owner).
      this.container.addMountPoints({ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false });
    }
    this.logBucket.grantWrite(this.taskDefinition.taskRole);

    this.serviceSecurityGroup = new ec2.SecurityGroup(this, 'ServiceSecurityGroup', {
      vpc: this.vpc,
      description: 'Payment service tasks: inbound only from the load balancer',
      allowAllOutbound: false,
    });
    this.serviceSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs and the image registry');

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      // No desiredCount: a deployment must not reset a scaled-out service; registering the scalable target
      // raises a new service to minCapacity.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      assignPublicIp: false,
      vpcSubnets: applicationSubnets,
      securityGroups: [this.serviceSecurityGroup],
      circuitBreaker: { enable: true, rollback: true },
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      healthCheckGracePeriod: Duration.seconds(60),
    });

    // ---- load balancer ----
    this.loadBalancerSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc: this.vpc,
      description: 'Payment load balancer: HTTPS from the internet (HTTP only to redirect)',
      allowAllOutbound: false,
    });
    this.loadBalancerSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from clients');
    this.loadBalancerSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP from clients, redirected to HTTPS');

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: this.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: this.loadBalancerSecurityGroup,
      deletionProtection: props.loadBalancerDeletionProtection ?? true,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.DEFENSIVE,
      http2Enabled: true,
    });

    this.loadBalancerLogBucket = newLogDeliveryBucket(this, 'LoadBalancerLogs', [
      {
        id: 'retention',
        transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(90) }],
        expiration: Duration.days(logRetentionDays),
        noncurrentVersionExpiration: Duration.days(30),
      },
    ]);
    logToAccessLogBucket(this.loadBalancerLogBucket, this.logBucket.accessLogBucket, 'load-balancer-logs/');
    this.loadBalancer.logAccessLogs(this.loadBalancerLogBucket, 'alb');
    if (Stack.of(this.logBucket) !== stack) {
      acknowledge(this.loadBalancerLogBucket, [
        {
          id: 'guard:s3_bucket_logging_enabled_check',
          reason:
            'server access logging is on, to the access-log bucket of the region\'s storage stack (an Fn::ImportValue ' +
            'the Control Tower rule cannot resolve)',
        },
      ]);
    }

    if (props.certificate) {
      this.certificate = props.certificate;
    } else {
      this.certificate = new acm.Certificate(this, 'Certificate', {
        domainName,
        subjectAlternativeNames: [regionalDomainName],
        validation: acm.CertificateValidation.fromDns(props.hostedZone),
      });
    }

    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc: this.vpc,
      targetType: elbv2.TargetType.IP,
      port: containerPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      deregistrationDelay: Duration.seconds(PaymentRegionDefaults.DEREGISTRATION_DELAY_SECONDS),
      healthCheck: {
        enabled: true,
        path: healthCheckPath,
        protocol: elbv2.Protocol.HTTP,
        healthyHttpCodes: '200',
        interval: Duration.seconds(intervalSeconds),
        timeout: Duration.seconds(PaymentRegionDefaults.HEALTH_CHECK_TIMEOUT_SECONDS),
        healthyThresholdCount,
        unhealthyThresholdCount,
      },
    });
    this.service.attachToApplicationTargetGroup(this.targetGroup);

    this.httpsListener = this.loadBalancer.addListener('HttpsListener', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [this.certificate],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      defaultTargetGroups: [this.targetGroup],
      open: false,
    });
    this.httpListener = this.loadBalancer.addListener('HttpListener', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
      open: false,
    });
    // The only path into the tasks: load balancer → container port.
    this.serviceSecurityGroup.connections.allowFrom(this.loadBalancerSecurityGroup, ec2.Port.tcp(containerPort), 'Load balancer to the payment service');

    this.regionalRecord = new route53.ARecord(this, 'RegionalRecord', {
      zone: props.hostedZone,
      recordName: Token.isUnresolved(regionalDomainName) ? regionalDomainName : `${regionalDomainName}.`,
      target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(this.loadBalancer)),
      comment: `Payment ${props.role} region ${region}: probed by the failover health checks`,
    });

    // ---- WAF ----
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      description: 'Payment load balancer: AWS managed rules and a per-IP rate limit',
      visibilityConfig: visibility('payment-web-acl'),
      rules: paymentWebAclRules(rateLimit),
    });
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.loadBalancer.loadBalancerArn,
      webAclArn: this.webAcl.attrArn,
    });
    // WAF requires log group names starting with `aws-waf-logs-`.
    const webAclLogGroupName = `aws-waf-logs-${Names.uniqueResourceName(this, { maxLength: 200 })}`;
    this.webAclLogGroup = new logs.LogGroup(this, 'WebAclLogs', {
      logGroupName: webAclLogGroupName,
      encryptionKey: this.encryptionKey,
      retention: logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const webAclLogging = new wafv2.CfnLoggingConfiguration(this, 'WebAclLogging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [
        stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: webAclLogGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      ],
      // Card data never travels in headers; credentials might.
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    });
    webAclLogging.node.addDependency(this.webAclLogGroup);

    // ---- autoscaling ----
    this.scaling = this.service.autoScaleTaskCount({ minCapacity, maxCapacity });
    this.scaling.scaleOnCpuUtilization('CpuScaling', {
      targetUtilizationPercent: cpuTargetPercent,
      scaleInCooldown: Duration.seconds(300),
      scaleOutCooldown: Duration.seconds(60),
    });
    this.scaling.scaleOnRequestCount('RequestScaling', {
      requestsPerTarget,
      targetGroup: this.targetGroup,
      scaleInCooldown: Duration.seconds(300),
      scaleOutCooldown: Duration.seconds(60),
    });

    // ---- alarms ----
    const latencyThresholdMs = props.latencyThresholdMs ?? 1000;
    const errorRateThresholdPercent = props.errorRateThresholdPercent ?? 5;
    this.alarms = [
      new cloudwatch.Alarm(this, 'UnhealthyHostsAlarm', {
        alarmDescription: 'At least one payment task fails the load balancer health check',
        metric: this.metricUnhealthyHostCount(),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 2,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, 'RunningTasksAlarm', {
        alarmDescription: `Fewer payment tasks run than the minimum capacity (${minCapacity})`,
        metric: this.metricRunningTaskCount(),
        threshold: minCapacity,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 3,
        // No data means no task reports: the service is down.
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      }),
      new cloudwatch.Alarm(this, 'Target5xxRateAlarm', {
        alarmDescription: `More than ${errorRateThresholdPercent} % of the payment requests fail with 5xx from the tasks`,
        metric: this.metricTarget5xxRate(),
        threshold: errorRateThresholdPercent,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, 'LatencyAlarm', {
        alarmDescription: `p99 payment response time above ${latencyThresholdMs} ms`,
        metric: this.metricTargetResponseTime({ statistic: 'p99' }),
        threshold: latencyThresholdMs / 1000,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, 'LoadBalancer5xxAlarm', {
        alarmDescription: 'The load balancer itself answers 5xx (no healthy target, overload)',
        metric: this.metricLoadBalancer5xxCount(),
        threshold: 10,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 2,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      // Replication alarms get this topic only when they live in this stack (else the reference would be circular).
      ...this.logBucket.replicationAlarms.filter((alarm) => Stack.of(alarm) === stack),
    ];
    if (this.logBucket.replicationAlarms.some((alarm) => Stack.of(alarm) !== stack)) {
      Annotations.of(this).addWarningV2(
        'cdk-dr-payment-platform:replication-alarms-elsewhere',
        'the replication alarms of the given logBucket live in another stack: they are not sent to this region\'s alarm topic',
      );
    }
    if (this.network && this.network.natGateways > 0) {
      this.alarms.push(
        new cloudwatch.Alarm(this, 'NatPortAllocationAlarm', {
          alarmDescription: 'NAT gateways dropped connections: no source port left (tasks cannot reach AWS APIs or the registry)',
          metric: this.network.metricNatErrorPortAllocation(),
          threshold: 0,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    const action = new cloudwatchActions.SnsAction(this.alarmTopic);
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }

    // ---- dashboard ----
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# Payment ${props.role} region ${region}\nhttps://${regionalDomainName}${healthCheckPath}`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Traffic (requests / min)', left: [this.metricRequestCount()], width: 8 }),
      new cloudwatch.GraphWidget({
        title: 'Errors',
        left: [this.metricTarget5xxRate()],
        right: [this.metricLoadBalancer5xxCount()],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Latency (s)',
        left: [this.metricTargetResponseTime({ statistic: 'p50' }), this.metricTargetResponseTime({ statistic: 'p99' })],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Tasks',
        left: [this.metricRunningTaskCount(), this.metricUnhealthyHostCount()],
        leftAnnotations: [{ value: minCapacity, label: 'minimum capacity' }],
        width: 12,
      }),
      new cloudwatch.GraphWidget({ title: 'CPU (%)', left: [this.service.metricCpuUtilization()], width: 12 }),
    );
    if (this.logBucket.replicationDestination) {
      this.dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: 'Transaction-log replication',
          left: [this.logBucket.metricReplicationLatency()],
          right: [this.logBucket.metricOperationsFailedReplication()],
          leftAnnotations: [{ value: 900, label: 'RTC 15 min' }],
          width: 24,
        }),
      );
    }
    if (props.dashboardWidgets && props.dashboardWidgets.length > 0) {
      this.dashboard.addWidgets(...props.dashboardWidgets);
    }

    this.acknowledgeFindings();
  }

  /** Network access to and from the payment tasks (e.g. `region.connections.allowTo(database, Port.tcp(5432))`). */
  public get connections(): ec2.Connections {
    return this.service.connections;
  }

  /**
   * Requests reaching the service (AWS/ApplicationELB `RequestCount`).
   * @default - sum over 1 minute
   */
  public metricRequestCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.requestCount({ period: Duration.minutes(1), ...props });
  }

  /**
   * Targets failing the health check (AWS/ApplicationELB `UnHealthyHostCount`).
   * @default - maximum over 1 minute
   */
  public metricUnhealthyHostCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.unhealthyHostCount({ statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(1), ...props });
  }

  /**
   * Running tasks of the service (ECS/ContainerInsights `RunningTaskCount`, by ClusterName and ServiceName).
   * @default - minimum over 1 minute
   */
  public metricRunningTaskCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'ECS/ContainerInsights',
      metricName: 'RunningTaskCount',
      dimensionsMap: { ClusterName: this.cluster.clusterName, ServiceName: this.service.serviceName },
      statistic: cloudwatch.Stats.MINIMUM,
      period: Duration.minutes(1),
      ...props,
    });
  }

  /**
   * Target response time in seconds (AWS/ApplicationELB `TargetResponseTime`).
   * @default - p99 over 1 minute
   */
  public metricTargetResponseTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.targetResponseTime({ statistic: 'p99', period: Duration.minutes(1), ...props });
  }

  /**
   * 5xx responses of the load balancer itself (AWS/ApplicationELB `HTTPCode_ELB_5XX_Count`).
   * @default - sum over 1 minute
   */
  public metricLoadBalancer5xxCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, {
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(1),
      ...props,
    });
  }

  /**
   * Percentage of requests the tasks answered with 5xx: `100 * HTTPCode_Target_5XX_Count / RequestCount`.
   * @default - over 1 minute
   */
  public metricTarget5xxRate(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    const period = props?.period ?? Duration.minutes(1);
    return new cloudwatch.MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: {
        errors: this.targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: cloudwatch.Stats.SUM, period }),
        requests: this.targetGroup.metrics.requestCount({ statistic: cloudwatch.Stats.SUM, period }),
      },
      label: 'Target 5xx (%)',
      ...props,
      period,
    });
  }

  /** Lets the grantee write transaction-log records to this region's log bucket. */
  public grantWriteTransactionLogs(grantee: iam.IGrantable): iam.Grant {
    return this.logBucket.grantWrite(grantee);
  }

  private acknowledgeFindings(): void {
    acknowledge(this.loadBalancerSecurityGroup, [
      {
        id: 'AwsSolutions-EC23',
        reason: 'the payment endpoint is public: HTTPS 443 (and 80, redirect only) from any address, filtered by the WAF web ACL',
      },
    ]);
    acknowledge(this.taskDefinition, [
      {
        id: 'AwsSolutions-ECS2',
        reason: 'the environment holds only region, role, bucket name and database host/port; credentials are ECS secrets',
      },
      ...INLINE_POLICY_ACKNOWLEDGEMENTS,
    ]);
    acknowledge(this.httpListener, ['PCI.DSS.321-ELBv2ACMCertificateRequired', 'NIST.800.53.R5-ELBv2ACMCertificateRequired'].map((ruleId) => ({
      id: ruleId,
      reason: 'the HTTP listener serves no content: its only action is a permanent redirect to the HTTPS listener (ACM certificate)',
    })));
    acknowledge(this.cluster, [
      {
        id: 'guard:ecs_container_insights_enabled_check',
        reason: "Container Insights is on with 'enhanced' observability, a superset of 'enabled' that the Control Tower rule does not know",
      },
    ]);
    acknowledgeCrossRegionReferenceHandlers(Stack.of(this));
  }
}
