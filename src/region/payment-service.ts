import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PaymentRegionDefaults } from './defaults';
import { PaymentRole } from './payment-role';
import { grantEcrPull } from './private/ecr-pull';
import { INLINE_POLICY_ACKNOWLEDGEMENTS, logRetention } from './private/logs';
import {
  addPlaceholderContent,
  PLACEHOLDER_CONTENT_MEMORY_MIB,
  PLACEHOLDER_IMAGE,
  PLACEHOLDER_USER,
  placeholderServerOptions,
} from './private/placeholder';
import { TransactionLogBucket } from './transaction-log-bucket';
import { acknowledge } from '../private/compliance';

/** The database the payment service connects to. */
export interface PaymentDatabaseConnection {
  /** Host name of the database endpoint that takes writes (`DB_HOST`, e.g. the Aurora global writer endpoint). */
  readonly hostname: string;
  /**
   * Host name of the region's own reader endpoint (`DB_READER_HOST`): what `/health` and reads use, also while the
   * region is passive (docs/region.md, "A passive region").
   * @default - no DB_READER_HOST
   */
  readonly readerHostname?: string;
  /** Port of the database endpoint. */
  readonly port: number;
  /**
   * The secret holding the credentials (JSON with `username` and `password`, as RDS writes it). It reaches the
   * container only as ECS secrets (`DB_USERNAME`, `DB_PASSWORD`), never as plain environment variables. ECS
   * resolves those at task start only: the container also gets the secret's ARN (`DB_SECRET_ARN`) and its task role
   * may read it, so that the application re-reads the password after a rotation (on an authentication failure,
   * SQLSTATE 28P01) without a restart (docs/database.md, "Credentials across failover and rotation").
   */
  readonly secret: secretsmanager.ISecret;
}

/** The settings of a {@link PaymentService} that a {@link PaymentRegion} passes through from its own props. */
export interface PaymentServiceOptions {
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
   * Target ALB requests per task per minute for scaling (once the service is behind a load balancer).
   * @default 1000
   */
  readonly requestsPerTarget?: number;

  /**
   * The database the service connects to (`DB_HOST`, `DB_PORT` environment; credentials as ECS secrets).
   * Allow the network path with `region.connections.allowTo(database, port)`.
   * @default - no database settings are passed
   */
  readonly database?: PaymentDatabaseConnection;
}

/** Props of {@link PaymentService}. */
export interface PaymentServiceProps extends PaymentServiceOptions {
  /** PRIMARY or STANDBY: sets the default minimum capacity and the `PAYMENT_ROLE` environment variable. */
  readonly role: PaymentRole;

  /** The VPC of the cluster and the tasks. */
  readonly vpc: ec2.IVpc;

  /**
   * Subnets of the tasks (private; with egress, unless the image is reached through VPC endpoints).
   * @default - the private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /** Encrypts the service log group; its key policy must let CloudWatch Logs use it. */
  readonly encryptionKey: kms.IKey;

  /** The transaction-log bucket the tasks write to (`TRANSACTION_LOG_BUCKET` environment variable). */
  readonly logBucket: TransactionLogBucket;

  /**
   * The path the placeholder image answers 200 on (unused with `containerImage`: the image serves its own).
   * @default '/health'
   */
  readonly healthCheckPath?: string;

  /**
   * Days the service logs are kept (at least 365, a value CloudWatch Logs accepts).
   * @default 365
   */
  readonly logRetentionDays?: number;
}

/**
 * The payment service of one region: an ECS cluster (Container Insights enhanced) running a Fargate service of
 * non-root tasks with a read-only root file system, logging to a KMS-encrypted log group and scaling on CPU (and,
 * once behind a load balancer, on requests per task). Its tasks accept no inbound traffic until
 * {@link PaymentService.attachToLoadBalancer} opens the container port to the load balancer.
 */
export class PaymentService extends Construct {
  /** The role of this region. */
  public readonly role: PaymentRole;
  /** The ECS cluster (Container Insights enhanced). */
  public readonly cluster: ecs.Cluster;
  /** Log group of the service's containers. */
  public readonly logGroup: logs.LogGroup;
  /** The task definition of the payment service. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The payment service container. */
  public readonly container: ecs.ContainerDefinition;
  /**
   * The private ECR repository the task execution role may pull from: set when `containerImage` names an image by
   * its ECR URI (`<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>`), undefined otherwise.
   */
  public readonly imageRepositoryArn?: string;
  /** Security group of the tasks. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The Fargate service. */
  public readonly service: ecs.FargateService;
  /** The service's scalable task count. */
  public readonly scaling: ecs.ScalableTaskCount;
  /** Port the container listens on. */
  public readonly containerPort: number;
  /** The health-check path (the placeholder image serves it). */
  public readonly healthCheckPath: string;
  /** Minimum number of tasks. */
  public readonly minCapacity: number;
  /** Maximum number of tasks. */
  public readonly maxCapacity: number;

  private readonly requestsPerTarget: number;

  constructor(scope: Construct, id: string, props: PaymentServiceProps) {
    super(scope, id);
    this.role = props.role;
    const isPrimary = props.role === PaymentRole.PRIMARY;
    this.minCapacity = props.minCapacity ?? (isPrimary ? PaymentRegionDefaults.PRIMARY_MIN_CAPACITY : PaymentRegionDefaults.STANDBY_MIN_CAPACITY);
    this.maxCapacity = props.maxCapacity ?? PaymentRegionDefaults.MAX_CAPACITY;
    const cpuTargetPercent = props.cpuTargetPercent ?? PaymentRegionDefaults.CPU_TARGET_PERCENT;
    this.requestsPerTarget = props.requestsPerTarget ?? PaymentRegionDefaults.REQUESTS_PER_TARGET;
    validateScaling(this.minCapacity, this.maxCapacity, cpuTargetPercent, this.requestsPerTarget);
    const logRetentionDays = logRetention('logRetentionDays', props.logRetentionDays ?? PaymentRegionDefaults.LOG_RETENTION_DAYS);
    this.healthCheckPath = props.healthCheckPath ?? PaymentRegionDefaults.HEALTH_CHECK_PATH;
    if (!this.healthCheckPath.startsWith('/')) {
      throw new Error(`healthCheckPath must start with '/', got: ${this.healthCheckPath}`);
    }
    this.containerPort = props.containerPort ?? PaymentRegionDefaults.CONTAINER_PORT;

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: props.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENHANCED,
    });
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: props.encryptionKey,
      retention: logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: props.cpu ?? 1024,
      memoryLimitMiB: props.memoryMiB ?? 2048,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
      volumes: [{ name: 'tmp' }],
    });
    this.container = this.addPaymentContainer(props);
    this.imageRepositoryArn = grantEcrPull(this.container);
    props.logBucket.grantWrite(this.taskDefinition.taskRole);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Payment service tasks: inbound only from the load balancer',
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs and the image registry');

    this.service = new ecs.FargateService(this, 'Resource', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      // No desiredCount: a deployment must not reset a scaled-out service; registering the scalable target
      // raises a new service to minCapacity.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      assignPublicIp: false,
      vpcSubnets: props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      circuitBreaker: { enable: true, rollback: true },
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      healthCheckGracePeriod: Duration.seconds(60),
    });

    this.scaling = this.service.autoScaleTaskCount({ minCapacity: this.minCapacity, maxCapacity: this.maxCapacity });
    this.scaling.scaleOnCpuUtilization('CpuScaling', {
      targetUtilizationPercent: cpuTargetPercent,
      scaleInCooldown: Duration.seconds(300),
      scaleOutCooldown: Duration.seconds(60),
    });

    this.acknowledgeFindings();
  }

  /** Network access to and from the payment tasks (e.g. `service.connections.allowTo(database, Port.tcp(5432))`). */
  public get connections(): ec2.Connections {
    return this.service.connections;
  }

  /**
   * Puts the tasks behind a load balancer: registers them in `targetGroup`, opens the container port to
   * `loadBalancer` only, and scales on the requests per task the target group counts (`requestsPerTarget`).
   * Call it once, when a listener of `loadBalancer` already forwards to `targetGroup`.
   */
  public attachToLoadBalancer(targetGroup: elbv2.ApplicationTargetGroup, loadBalancer: ec2.IConnectable): void {
    this.service.attachToApplicationTargetGroup(targetGroup);
    // The only path into the tasks: load balancer → container port.
    this.securityGroup.connections.allowFrom(loadBalancer, ec2.Port.tcp(this.containerPort), 'Load balancer to the payment service');
    this.scaling.scaleOnRequestCount('RequestScaling', {
      requestsPerTarget: this.requestsPerTarget,
      targetGroup,
      scaleInCooldown: Duration.seconds(300),
      scaleOutCooldown: Duration.seconds(60),
    });
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

  /** Adds the payment container (and, for the placeholder image, its init container) to the task definition. */
  private addPaymentContainer(props: PaymentServiceProps): ecs.ContainerDefinition {
    const environment: Record<string, string> = {
      PAYMENT_REGION: Stack.of(this).region,
      PAYMENT_ROLE: props.role,
      TRANSACTION_LOG_BUCKET: props.logBucket.bucket.bucketName,
    };
    const secrets: Record<string, ecs.Secret> = {};
    if (props.database) {
      environment.DB_HOST = props.database.hostname;
      if (props.database.readerHostname) {
        environment.DB_READER_HOST = props.database.readerHostname;
      }
      environment.DB_PORT = Token.isUnresolved(props.database.port) ? Token.asString(props.database.port) : String(props.database.port);
      secrets.DB_USERNAME = ecs.Secret.fromSecretsManager(props.database.secret, 'username');
      secrets.DB_PASSWORD = ecs.Secret.fromSecretsManager(props.database.secret, 'password');
      // The value at task start only: after a rotation the application re-reads the secret itself.
      environment.DB_SECRET_ARN = props.database.secret.secretArn;
      props.database.secret.grantRead(this.taskDefinition.taskRole);
    }
    const placeholder = !props.containerImage;
    const taskMemoryMiB = props.memoryMiB ?? 2048;
    const logging = ecs.LogDrivers.awsLogs({
      logGroup: this.logGroup,
      streamPrefix: 'payment',
      mode: ecs.AwsLogDriverMode.NON_BLOCKING,
    });
    const content = placeholder ? addPlaceholderContent(this.taskDefinition, this.healthCheckPath, logging) : undefined;
    const container = this.taskDefinition.addContainer('App', {
      image: props.containerImage ?? ecs.ContainerImage.fromRegistry(PLACEHOLDER_IMAGE),
      // The placeholder serves `<health path>` (200) and an index page, as nobody, from the volume.
      ...(placeholder ? placeholderServerOptions(this.containerPort) : {}),
      user: props.containerUser ?? (placeholder ? PLACEHOLDER_USER : undefined),
      readonlyRootFilesystem: props.readonlyRootFilesystem ?? true,
      memoryLimitMiB: placeholder ? taskMemoryMiB - PLACEHOLDER_CONTENT_MEMORY_MIB : taskMemoryMiB,
      essential: true,
      portMappings: [{ containerPort: this.containerPort, protocol: ecs.Protocol.TCP }],
      logging,
      environment,
      secrets,
    });
    if (content) {
      container.addMountPoints({ sourceVolume: 'tmp', containerPath: '/srv', readOnly: true });
      container.addContainerDependencies({ container: content, condition: ecs.ContainerDependencyCondition.SUCCESS });
    } else {
      // Scratch space for the application (root-owned unless the image declares `VOLUME /tmp` with its owner).
      container.addMountPoints({ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false });
    }
    return container;
  }

  private acknowledgeFindings(): void {
    acknowledge(this.taskDefinition, [
      {
        id: 'AwsSolutions-ECS2',
        reason: 'the environment holds only region, role, bucket name, database host/port and the secret ARN; credentials are ECS secrets',
      },
      ...INLINE_POLICY_ACKNOWLEDGEMENTS,
    ]);
    acknowledge(this.cluster, [
      {
        id: 'guard:ecs_container_insights_enabled_check',
        reason: "Container Insights is on with 'enhanced' observability, a superset of 'enabled' that the Control Tower rule does not know",
      },
    ]);
  }
}

function validateScaling(minCapacity: number, maxCapacity: number, cpuTargetPercent: number, requestsPerTarget: number): void {
  if (minCapacity < 1 || !Number.isInteger(minCapacity)) {
    throw new Error(`minCapacity must be an integer of at least 1, got: ${minCapacity}`);
  }
  if (minCapacity > maxCapacity) {
    throw new Error(`minCapacity must be <= maxCapacity, got: ${minCapacity} > ${maxCapacity}`);
  }
  if (cpuTargetPercent < 10 || cpuTargetPercent > 90) {
    throw new Error(`cpuTargetPercent must be between 10 and 90, got: ${cpuTargetPercent}`);
  }
  if (requestsPerTarget < 1) {
    throw new Error(`requestsPerTarget must be at least 1, got: ${requestsPerTarget}`);
  }
}
