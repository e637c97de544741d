import { CfnOutput, Duration, Lazy, RemovalPolicy, Stack, Stage, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import {
  DatabaseRecoveryMode,
  DecisionMode,
  RecoveryBudget,
  RecoveryBudgetInputs,
  RecoveryBudgetModel,
  RecoveryObjectives,
} from '../budget';
import { AuroraGlobalPair } from '../database';
import { ALB_ALIAS_TTL_SECONDS, FailoverDns, HEALTH_CHECK_METRICS_REGION } from '../dns';
import { RegionSwitchPlan } from '../failover';
import { acknowledge } from '../private/compliance';
import { acknowledgeCrossRegionReferenceHandlers } from '../private/cross-region';
import { newEncryptionKey } from '../private/kms';
import { isDnsName, isRegionName } from '../private/names';
import { PinnedStack } from '../private/stack';
import { PaymentNetwork, PaymentRegion, PaymentRole, TransactionLogBucket } from '../region';
import { CurrencyLimit, ValidationFunction, VelocityRule } from '../validation/validation-function';

/** Settings of one region's payment service. */
export interface PaymentRegionOptions {
  /**
   * Minimum number of payment tasks.
   * @default 10 in the primary, 2 in the standby
   */
  readonly minCapacity?: number;
  /**
   * Maximum number of payment tasks.
   * @default 50
   */
  readonly maxCapacity?: number;
  /**
   * NAT gateways of the region's VPC (0-3).
   * @default 3 in the primary, 1 in the standby
   */
  readonly natGateways?: number;
  /**
   * Task CPU units.
   * @default 1024
   */
  readonly cpu?: number;
  /**
   * Task memory in MiB.
   * @default 2048
   */
  readonly memoryMiB?: number;
  /**
   * Availability zones of the region (three), pinned so that synthesis is offline.
   * @default - the first three zones of the region
   */
  readonly availabilityZones?: string[];
  /**
   * Deletion protection on the region's load balancer.
   * @default true
   */
  readonly loadBalancerDeletionProtection?: boolean;
}

/** Settings of the Aurora global database. */
export interface PlatformDatabaseOptions {
  /**
   * Instance class of the primary cluster's writer and readers.
   * @default r6g.xlarge
   */
  readonly primaryInstanceType?: ec2.InstanceType;
  /**
   * Readers in the primary cluster.
   * @default 1
   */
  readonly primaryReaders?: number;
  /**
   * Instance class of the secondary cluster.
   * @default r6g.large
   */
  readonly secondaryInstanceType?: ec2.InstanceType;
  /**
   * Instances in the secondary cluster; 0 makes a headless secondary (cheaper, much slower to recover: the
   * recovery budget adds the instance creation time).
   * @default 1
   */
  readonly secondaryInstances?: number;
  /**
   * The RPO guardrail (`rds.global_db_rpo`): Aurora blocks commits on the primary when the secondary lags more.
   * @default Duration.seconds(20)
   */
  readonly rpo?: Duration;
  /**
   * Whether to set the RPO guardrail at all. Without it the modelled RPO is unbounded and the recovery
   * objectives check fails.
   * @default true
   */
  readonly rpoGuardrail?: boolean;
  /**
   * Deletion protection on both clusters.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * What happens to the clusters when they leave the stack.
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Settings of the payment-validation functions. */
export interface PlatformValidationOptions {
  /**
   * Per-currency upper limits, in minor units.
   * @default - the function's built-in limits
   */
  readonly currencyLimits?: CurrencyLimit[];
  /**
   * The velocity rule.
   * @default 5 payments per card in 10 minutes
   */
  readonly velocity?: VelocityRule;
  /**
   * Reserved concurrency of each function.
   * @default - unreserved
   */
  readonly reservedConcurrency?: number;
}

/** Settings of the Region switch plan (ARC) that runs switchover, failover and failback. */
export interface PlatformFailoverOptions {
  /**
   * Whether to create the Region switch plan.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Start the failover automatically when the primary's health check alarm fires. When false an operator
   * starts the plan, and the recovery budget counts a human decision (`approvalAllowanceSeconds`).
   * @default true
   */
  readonly automaticTrigger?: boolean;
  /**
   * Require a manual approval step in the plan.
   * @default false
   */
  readonly manualApproval?: boolean;
  /**
   * The role allowed to approve (required with manualApproval).
   * @default - none
   */
  readonly approvalRole?: iam.IRole;
  /**
   * Time an operator takes to decide, used by the recovery budget when the plan is not triggered
   * automatically or needs an approval.
   * @default Duration.minutes(5)
   */
  readonly decisionAllowance?: Duration;
}

/** Props of {@link DrPaymentPlatform}. */
export interface DrPaymentPlatformProps {
  /**
   * The AWS account of every stack.
   * @default - the CDK CLI's account (CDK_DEFAULT_ACCOUNT); synthesis fails when neither is set
   */
  readonly account?: string;
  /** The region that serves payments in normal operation, e.g. `us-east-1`. */
  readonly primaryRegion: string;
  /** The region that takes over, e.g. `us-west-2`. */
  readonly standbyRegion: string;
  /** The payment domain clients call, e.g. `pay.example.com`; must be inside the hosted zone. */
  readonly domainName: string;
  /** The Route 53 public hosted zone of the domain (imported by its attributes: no lookup). */
  readonly hostedZone: route53.HostedZoneAttributes;
  /** E-mail addresses subscribed to both regions' alert topics. */
  readonly alertEmails: string[];
  /**
   * The payment service's container image (serves HTTP on 8080 and `GET /health`).
   * @default - a public sample image: replace it
   */
  readonly containerImage?: ecs.ContainerImage;
  /**
   * Prefix of the stack names.
   * @default - the construct id
   */
  readonly stackNamePrefix?: string;
  /**
   * The recovery objectives the platform must meet: synthesis fails with the recovery-budget table when the
   * modelled worst case exceeds one.
   * @default - RTO 15 minutes, RPO 5 minutes
   */
  readonly recoveryObjectives?: RecoveryObjectives;
  /**
   * Measured values for the recovery budget's assumptions (e.g. from a drill): image pull, database promotion,
   * trigger dispatch, DNS propagation. Fields the platform derives from its own settings are ignored.
   * @default - the documented defaults
   */
  readonly recoveryMeasurements?: RecoveryBudgetInputs;
  /** @default - see PaymentRegionOptions */
  readonly primary?: PaymentRegionOptions;
  /** @default - see PaymentRegionOptions */
  readonly standby?: PaymentRegionOptions;
  /** @default - see PlatformDatabaseOptions */
  readonly database?: PlatformDatabaseOptions;
  /** @default - see PlatformValidationOptions */
  readonly validation?: PlatformValidationOptions;
  /**
   * Interval of the Route 53 health checks (10 or 30 seconds).
   * @default 10
   */
  readonly healthCheckIntervalSeconds?: number;
  /**
   * Consecutive failed Route 53 health checks before a region is unhealthy (1-10).
   * @default 3
   */
  readonly healthCheckFailureThreshold?: number;
  /** @default - see PlatformFailoverOptions */
  readonly failover?: PlatformFailoverOptions;
}

const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * A two-region active-passive disaster-recovery platform for payment processing, in one statement.
 *
 * Placed in an `App` or a `Stage`, it creates four stacks with explicit environments (see docs/architecture.md):
 * `StandbyStorage` (standby) ← `Primary` (primary) ← `Standby` (standby) ← `Dns` (us-east-1).
 */
export class DrPaymentPlatform extends Construct {
  /** The standby's transaction-log bucket (replication destination), deployed first. */
  public readonly standbyStorageStack: Stack;
  /** Primary region: network, Aurora global cluster + primary, payment service, validation, schema migration. */
  public readonly primaryStack: Stack;
  /** Standby region: network, Aurora secondary, payment service, validation. */
  public readonly standbyStack: Stack;
  /** Route 53 failover records, health checks, their alarms and the Region switch plan (us-east-1). */
  public readonly dnsStack: Stack;

  /** Alerts of the primary region (KMS-encrypted, e-mail subscriptions). */
  public readonly primaryAlertTopic: sns.Topic;
  /** Alerts of the standby region (KMS-encrypted, e-mail subscriptions). */
  public readonly standbyAlertTopic: sns.Topic;
  /** The standby's transaction-log bucket: the primary's replication destination and the standby's own log. */
  public readonly standbyLogBucket: TransactionLogBucket;
  public readonly primaryNetwork: PaymentNetwork;
  public readonly standbyNetwork: PaymentNetwork;
  /** The Aurora PostgreSQL global database (primary cluster in the primary stack, secondary in the standby's). */
  public readonly database: AuroraGlobalPair;
  /** The primary region's payment service (role PRIMARY). */
  public readonly primary: PaymentRegion;
  /** The standby region's payment service (role STANDBY). */
  public readonly standby: PaymentRegion;
  /** The HMAC key of card fingerprints, replicated to the standby region so fingerprints match after failover. */
  public readonly cardFingerprintKey: secretsmanager.Secret;
  /** Payment validation in the primary region (runs the schema migration). */
  public readonly primaryValidation: ValidationFunction;
  /** Payment validation in the standby region (same rules and fingerprint key). */
  public readonly standbyValidation: ValidationFunction;
  /** Alert topic of the Dns stack (us-east-1): health-check alarms and plan executions. */
  public readonly dnsAlertTopic: sns.Topic;
  /** PRIMARY/SECONDARY failover records and their health checks. */
  public readonly dns: FailoverDns;
  /** The Region switch plan; undefined when `failover.enabled` is false. */
  public readonly failoverPlan?: RegionSwitchPlan;
  /** The modelled recovery budget (RTO/RPO term by term) of this configuration. */
  public readonly recoveryBudget: RecoveryBudget;
  /** The objectives the budget was checked against. */
  public readonly recoveryObjectives: RecoveryObjectives;

  constructor(scope: Construct, id: string, props: DrPaymentPlatformProps) {
    super(scope, id);
    if (this.node.scopes.some((s) => Stack.isStack(s))) {
      throw new Error('DrPaymentPlatform creates its own stacks: place it in an App or a Stage, not in a Stack');
    }
    if (!Stage.of(this)) {
      throw new Error('DrPaymentPlatform must be placed in an App or a Stage');
    }
    const account = props.account ?? process.env.CDK_DEFAULT_ACCOUNT;
    validateProps(props, account);
    const prefix = props.stackNamePrefix ?? id;
    const failover = props.failover ?? {};
    const planEnabled = failover.enabled ?? true;
    const automaticTrigger = planEnabled && (failover.automaticTrigger ?? true);

    // Recovery budget first: a configuration that cannot meet its objectives fails before anything is built.
    this.recoveryObjectives = {
      rtoSeconds: props.recoveryObjectives?.rtoSeconds ?? 900,
      rpoSeconds: props.recoveryObjectives?.rpoSeconds ?? 300,
    };
    this.recoveryBudget = RecoveryBudgetModel.compute(budgetInputs(props, planEnabled));
    const failure = RecoveryBudgetModel.failureMessage(this.recoveryBudget, this.recoveryObjectives);
    if (failure) {
      throw new Error(failure);
    }

    const primaryEnv = { account: account!, region: props.primaryRegion };
    const standbyEnv = { account: account!, region: props.standbyRegion };
    const stackProps = (env: { account: string; region: string }, description: string, azs?: string[]) => ({
      env,
      description,
      availabilityZones: azs,
      crossRegionReferences: true,
    });

    this.standbyStorageStack = new PinnedStack(this, 'StandbyStorage', {
      ...stackProps(standbyEnv, 'Payments DR: standby transaction-log bucket (replication destination)', props.standby?.availabilityZones),
      stackName: `${prefix}-StandbyStorage`,
    });
    this.primaryStack = new PinnedStack(this, 'Primary', {
      ...stackProps(primaryEnv, 'Payments DR: primary region', props.primary?.availabilityZones),
      stackName: `${prefix}-Primary`,
    });
    this.standbyStack = new PinnedStack(this, 'Standby', {
      ...stackProps(standbyEnv, 'Payments DR: standby region', props.standby?.availabilityZones),
      stackName: `${prefix}-Standby`,
    });
    // Route 53 records, health checks and Region switch plans are global; Route 53 publishes health-check
    // metrics only in us-east-1, so the stack that holds them and their alarms is deployed there.
    this.dnsStack = new PinnedStack(this, 'Dns', {
      ...stackProps({ account: account!, region: HEALTH_CHECK_METRICS_REGION }, 'Payments DR: failover DNS, health checks and Region switch plan'),
      stackName: `${prefix}-Dns`,
    });
    for (const stack of [this.standbyStorageStack, this.primaryStack, this.standbyStack, this.dnsStack]) {
      acknowledgeCrossRegionReferenceHandlers(stack);
    }

    // Alert topics: one per region, KMS-encrypted, TLS-only, e-mail subscriptions.
    this.primaryAlertTopic = alertTopic(this.primaryStack, props.alertEmails);
    this.standbyAlertTopic = alertTopic(this.standbyStack, props.alertEmails);

    // Standby storage first: the primary's replication rule needs it to exist.
    this.standbyLogBucket = new TransactionLogBucket(this.standbyStorageStack, 'TransactionLog', {});

    // Networks, then the global database that spans them.
    this.primaryNetwork = new PaymentNetwork(this.primaryStack, 'Network', {
      natGateways: props.primary?.natGateways ?? 3,
    });
    this.standbyNetwork = new PaymentNetwork(this.standbyStack, 'Network', {
      natGateways: props.standby?.natGateways ?? 1,
    });
    const db = props.database ?? {};
    this.database = new AuroraGlobalPair(this.primaryStack, 'Database', {
      primaryVpc: this.primaryNetwork.vpc,
      secondaryVpc: this.standbyNetwork.vpc,
      globalClusterIdentifier: `${prefix}-payments`.toLowerCase(),
      primaryInstanceType: db.primaryInstanceType,
      primaryReaders: db.primaryReaders,
      secondaryInstanceType: db.secondaryInstanceType,
      secondaryInstances: db.secondaryInstances,
      rpo: db.rpo,
      rpoGuardrail: db.rpoGuardrail,
      deletionProtection: db.deletionProtection,
      removalPolicy: db.removalPolicy,
      primaryAlarmTopic: this.primaryAlertTopic,
      secondaryAlarmTopic: this.standbyAlertTopic,
    });

    // The payment service in both regions; both connect through the global writer endpoint.
    const primaryZone = route53.HostedZone.fromHostedZoneAttributes(this.primaryStack, 'HostedZone', props.hostedZone);
    const standbyZone = route53.HostedZone.fromHostedZoneAttributes(this.standbyStack, 'HostedZone', props.hostedZone);
    // Settings both regions' payment services share; each region adds its own role, database and log bucket.
    const serviceProps = (options: PaymentRegionOptions | undefined, vpc: ec2.IVpc, hostedZone: route53.IHostedZone) => ({
      vpc,
      hostedZone,
      containerImage: props.containerImage,
      domainName: props.domainName,
      minCapacity: options?.minCapacity,
      maxCapacity: options?.maxCapacity,
      cpu: options?.cpu,
      memoryMiB: options?.memoryMiB,
      loadBalancerDeletionProtection: options?.loadBalancerDeletionProtection,
    });
    this.primary = new PaymentRegion(this.primaryStack, 'Payments', {
      ...serviceProps(props.primary, this.primaryNetwork.vpc, primaryZone),
      role: PaymentRole.PRIMARY,
      database: { hostname: this.database.globalWriterEndpoint, port: 5432, secret: this.database.secret },
      replicationDestination: this.standbyLogBucket.asReplicationDestination(),
      alarmTopic: this.primaryAlertTopic,
    });
    this.standby = new PaymentRegion(this.standbyStack, 'Payments', {
      ...serviceProps(props.standby, this.standbyNetwork.vpc, standbyZone),
      role: PaymentRole.STANDBY,
      database: { hostname: this.database.globalWriterEndpoint, port: 5432, secret: this.database.secondarySecret },
      logBucket: this.standbyLogBucket,
      alarmTopic: this.standbyAlertTopic,
    });
    this.primary.connections.allowTo(this.database.primaryConnections, ec2.Port.tcp(5432), 'payment service to Aurora');
    this.standby.connections.allowTo(this.database.secondaryConnections, ec2.Port.tcp(5432), 'payment service to Aurora');

    // Payment validation in both regions; the schema is migrated from the primary (the secondary is read-only).
    const fingerprintKeyEncryption = newEncryptionKey(this.primaryStack, 'CardFingerprintKeyEncryption', {
      description: 'Encrypts the card-fingerprint HMAC key',
    });
    this.cardFingerprintKey = new secretsmanager.Secret(this.primaryStack, 'CardFingerprintKey', {
      secretName: `${prefix}/card-fingerprint-key`,
      description: 'HMAC-SHA256 key of card fingerprints (same value in both regions)',
      encryptionKey: fingerprintKeyEncryption,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      replicaRegions: [{ region: props.standbyRegion }],
    });
    acknowledge(this.cardFingerprintKey, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'the card-fingerprint HMAC key is not rotated automatically: rotating it would change every stored ' +
          'fingerprint and break the velocity rule and idempotency checks; rotation is a planned re-keying',
      },
      {
        id: 'NIST.800.53.R5-SecretsManagerRotationEnabled',
        reason: 'the card-fingerprint HMAC key is re-keyed by a planned procedure, not automatic rotation',
      },
      {
        id: 'PCI.DSS.321-SecretsManagerRotationEnabled',
        reason: 'the card-fingerprint HMAC key is re-keyed by a planned procedure, not automatic rotation',
      },
    ]);
    const standbyFingerprintKey = secretsmanager.Secret.fromSecretNameV2(
      this.standbyStack,
      'CardFingerprintKeyReplica',
      `${prefix}/card-fingerprint-key`,
    );
    const validation = props.validation ?? {};
    // The same rules in both regions: a payment must get the same decision wherever it lands.
    const rules = {
      currencyLimits: validation.currencyLimits,
      velocity: validation.velocity ?? { maxPayments: 5, window: Duration.minutes(10) },
      reservedConcurrency: validation.reservedConcurrency,
    };
    this.primaryValidation = new ValidationFunction(this.primaryStack, 'Validation', {
      vpc: this.primaryNetwork.vpc,
      database: {
        hostname: this.database.globalWriterEndpoint,
        secret: this.database.secret,
        connections: this.database.primaryConnections,
      },
      logBucket: this.primary.logBucket.bucket,
      fingerprintKey: this.cardFingerprintKey,
      ...rules,
      runMigrations: true,
      alarmTopic: this.primaryAlertTopic,
    });
    this.standbyValidation = new ValidationFunction(this.standbyStack, 'Validation', {
      vpc: this.standbyNetwork.vpc,
      database: {
        hostname: this.database.globalWriterEndpoint,
        secret: this.database.secondarySecret,
        connections: this.database.secondaryConnections,
      },
      logBucket: this.standbyLogBucket.bucket,
      fingerprintKey: standbyFingerprintKey,
      ...rules,
      runMigrations: false,
      alarmTopic: this.standbyAlertTopic,
    });
    this.standbyStack.addDependency(this.primaryStack, 'the secondary cluster joins the primary\'s global cluster');

    // Failover records and health checks, then the Region switch plan that steers them (data plane only): the
    // records' calculated health checks include the plan's control checks, and the plan is triggered by the
    // primary's health-check alarm. In JS the two refer to each other, so the control check ids are lazy; in
    // CloudFormation the graph is acyclic (HTTPS check -> alarm -> plan -> calculated check -> record).
    const dnsZone = route53.HostedZone.fromHostedZoneAttributes(this.dnsStack, 'HostedZone', props.hostedZone);
    this.dnsAlertTopic = alertTopic(this.dnsStack, props.alertEmails);
    let plan: RegionSwitchPlan | undefined;
    this.dns = new FailoverDns(this.dnsStack, 'FailoverDns', {
      hostedZone: dnsZone,
      recordName: props.domainName,
      primary: {
        loadBalancer: this.primary.loadBalancer,
        region: props.primaryRegion,
        healthCheckDomainName: this.primary.regionalDomainName,
        controlHealthCheckId: planEnabled ? Lazy.string({ produce: () => plan!.primaryHealthCheckId }) : undefined,
      },
      standby: {
        loadBalancer: this.standby.loadBalancer,
        region: props.standbyRegion,
        healthCheckDomainName: this.standby.regionalDomainName,
        controlHealthCheckId: planEnabled ? Lazy.string({ produce: () => plan!.standbyHealthCheckId }) : undefined,
      },
      healthCheckIntervalSeconds: props.healthCheckIntervalSeconds,
      failureThreshold: props.healthCheckFailureThreshold,
      alarmTopic: this.dnsAlertTopic,
    });
    if (planEnabled) {
      const primaryHealthAlarm = this.dns.alarms[0];
      plan = new RegionSwitchPlan(this.dnsStack, 'FailoverPlan', {
        planName: `${prefix}-payments`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 32).replace(/-+$/, ''),
        primary: {
          region: props.primaryRegion,
          service: this.primary.service,
          databaseCluster: this.database.primaryCluster,
          recordSetIdentifier: this.dns.primarySetIdentifier,
        },
        standby: {
          region: props.standbyRegion,
          service: this.standby.service,
          databaseCluster: this.database.secondaryCluster,
          recordSetIdentifier: this.dns.standbySetIdentifier,
        },
        globalClusterIdentifier: this.database.globalClusterIdentifier,
        hostedZone: dnsZone,
        recordName: props.domainName,
        manualApproval: failover.manualApproval,
        approvalRole: failover.approvalRole,
        alarmTopic: this.dnsAlertTopic,
        triggers: automaticTrigger
          ? [{ alarms: [primaryHealthAlarm], targetRegion: props.standbyRegion, description: 'primary region unhealthy' }]
          : undefined,
        applicationHealthAlarms: this.dns.alarms,
      });
      this.failoverPlan = plan;
    }
    this.dnsStack.addDependency(this.standbyStack, 'the failover records alias both load balancers');
    this.dnsStack.addDependency(this.primaryStack, 'the failover records alias both load balancers');

    // What operators need at hand (docs/operations.md reads them with `aws cloudformation describe-stacks`).
    new CfnOutput(this.primaryStack, 'GlobalClusterIdentifier', { value: this.database.globalClusterIdentifier });
    new CfnOutput(this.primaryStack, 'GlobalWriterEndpoint', { value: this.database.globalWriterEndpoint });
    new CfnOutput(this.primaryStack, 'RegionalDomainName', { value: this.primary.regionalDomainName });
    new CfnOutput(this.standbyStack, 'RegionalDomainName', { value: this.standby.regionalDomainName });
    new CfnOutput(this.dnsStack, 'PaymentDomainName', { value: props.domainName });
    if (this.failoverPlan) {
      new CfnOutput(this.dnsStack, 'PlanArn', { value: this.failoverPlan.planArn });
      new CfnOutput(this.dnsStack, 'PlanName', { value: this.failoverPlan.planName });
    }
  }
}

function alertTopic(stack: Stack, emails: string[]): sns.Topic {
  const key = newEncryptionKey(stack, 'AlertTopicKey', { description: 'Encrypts the payment platform alert topic' });
  key.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));
  const topic = new sns.Topic(stack, 'AlertTopic', {
    displayName: 'Payments DR alerts',
    masterKey: key,
    enforceSSL: true,
  });
  for (const email of emails) {
    topic.addSubscription(new subscriptions.EmailSubscription(email));
  }
  return topic;
}

function validateProps(props: DrPaymentPlatformProps, account: string | undefined): void {
  if (!account || (!Token.isUnresolved(account) && !/^\d{12}$/.test(account))) {
    throw new Error(
      `account must be a 12-digit AWS account id (or set CDK_DEFAULT_ACCOUNT), got: ${account ?? 'undefined'}`,
    );
  }
  for (const [name, region] of [['primaryRegion', props.primaryRegion], ['standbyRegion', props.standbyRegion]]) {
    if (!isRegionName(region)) {
      throw new Error(`${name} must be an AWS region name like us-east-1, got: ${region}`);
    }
  }
  if (props.primaryRegion === props.standbyRegion) {
    throw new Error(`standbyRegion must differ from primaryRegion, got: ${props.standbyRegion} for both`);
  }
  const domain = props.domainName.replace(/\.$/, '');
  if (!isDnsName(domain)) {
    throw new Error(`domainName must be a lowercase DNS name like pay.example.com, got: ${props.domainName}`);
  }
  const zone = props.hostedZone.zoneName.replace(/\.$/, '');
  if (domain !== zone && !domain.endsWith(`.${zone}`)) {
    throw new Error(`domainName must be inside the hosted zone ${zone}, got: ${props.domainName}`);
  }
  if (props.alertEmails.length === 0) {
    throw new Error('alertEmails must name at least one address, got: []');
  }
  for (const email of props.alertEmails) {
    if (!EMAIL_PATTERN.test(email)) {
      throw new Error(`alertEmails must hold e-mail addresses, got: ${email}`);
    }
  }
  if (props.failover?.manualApproval && !props.failover.approvalRole) {
    throw new Error('failover.approvalRole is required when failover.manualApproval is true, got: undefined');
  }
}

/** The recovery-budget inputs this configuration implies, plus the caller's measured values. */
function budgetInputs(props: DrPaymentPlatformProps, planEnabled: boolean): RecoveryBudgetInputs {
  const measured = props.recoveryMeasurements ?? {};
  const failover = props.failover ?? {};
  const automatic = planEnabled && (failover.automaticTrigger ?? true) && !failover.manualApproval;
  const db = props.database ?? {};
  const guardrail = db.rpoGuardrail ?? true;
  return {
    // Measured assumptions first; everything the platform decides itself overrides them.
    dnsPropagationSeconds: measured.dnsPropagationSeconds,
    triggerDispatchSeconds: automatic ? measured.triggerDispatchSeconds : undefined,
    databasePromotionSeconds: measured.databasePromotionSeconds,
    instanceCreationSeconds: db.secondaryInstances === 0 ? measured.instanceCreationSeconds : undefined,
    imagePullSeconds: measured.imagePullSeconds,
    healthCheckIntervalSeconds: props.healthCheckIntervalSeconds ?? 10,
    healthCheckFailureThreshold: props.healthCheckFailureThreshold ?? 3,
    dnsTtlSeconds: ALB_ALIAS_TTL_SECONDS,
    decisionMode: automatic ? DecisionMode.AUTOMATIC_TRIGGER : DecisionMode.MANUAL_APPROVAL,
    // The trigger is the primary's HealthCheckStatus alarm: one 60 s period (HealthCheckStatusAlarms).
    triggerAlarmEvaluationPeriods: automatic ? 1 : undefined,
    triggerAlarmPeriodSeconds: automatic ? 60 : undefined,
    approvalAllowanceSeconds: automatic ? undefined : (failover.decisionAllowance ?? Duration.minutes(5)).toSeconds(),
    databaseRecoveryMode: DatabaseRecoveryMode.FAILOVER,
    secondaryHeadless: db.secondaryInstances === 0,
    standbyMinTasks: props.standby?.minCapacity ?? 2,
    primaryMinTasks: props.primary?.minCapacity ?? 10,
    computeInParallelWithDatabase: planEnabled,
    globalDbRpoSeconds: guardrail ? (db.rpo ?? Duration.seconds(20)).toSeconds() : undefined,
    rpoGuardrailEnabled: guardrail,
  };
}
