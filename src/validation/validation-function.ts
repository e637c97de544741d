import { CustomResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ValidatePaymentFunction } from './bundled/validate-payment-function';
import { checkValidationFunctionProps } from './check-props';
import { acknowledgeFunction, grantSecretValue, newFunctionPermissions, SharedFunctionProps, vpcFunctionOptions } from './function-support';
import { handlerMetric, METRIC_PERIOD, newAlarm } from './monitoring';
import { METRIC, METRIC_NAMESPACE, SERVICE_NAME } from './runtime/metric-names';
import { SchemaMigration } from './schema-migration';
import { TransactionLogRelay } from './transaction-log-relay';
import { ValidationDatabase } from './validation-database';
import { acknowledge } from '../private/compliance';
import { allowCloudWatchLogs, newEncryptionKey } from '../private/kms';
/** The maximum amount of one currency. */
export interface CurrencyLimit {
  /** ISO 4217 code of an active currency, e.g. `USD`. */
  readonly currency: string;
  /** Largest accepted amount in the currency's minor units (cents for USD, yen for JPY, fils for BHD). */
  readonly maxAmountMinorUnits: number;
}

/** Velocity rule: at most `maxPayments` accepted payments per card within `window`. */
export interface VelocityRule {
  readonly maxPayments: number;
  /** Whole seconds, at least one. */
  readonly window: Duration;
}

/** Props of {@link ValidationFunction}. */
export interface ValidationFunctionProps {
  /** The VPC of the function (it runs in private subnets with egress to S3 and Secrets Manager). */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets of the function.
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** The payment database. */
  readonly database: ValidationDatabase;
  /** The region's transaction-log bucket: one JSON record per decision under `logKeyPrefix`, delivered in batches. */
  readonly logBucket: s3.IBucket;
  /**
   * Key prefix of the transaction-log objects (`<prefix>YYYY/MM/DD/HH/<region>-<batch>-<nonce>.ndjson`, one JSON
   * record per line); the relay function may write there only.
   * @default 'validation/'
   */
  readonly logKeyPrefix?: string;
  /**
   * HMAC key of card fingerprints. With two regions, pass one secret replicated to the standby region (its
   * `replicaRegions`) so that a card has the same fingerprint after failover (velocity and idempotency rely on it).
   * The key must never rotate: a new key changes every fingerprint.
   * @default - a new secret (64 random characters, encrypted with the construct's key, retained on delete)
   */
  readonly fingerprintKey?: secretsmanager.ISecret;
  /**
   * Maximum amount per currency; currencies not listed accept up to 1,000,000 major units.
   * @default - 1,000,000 major units for every currency
   */
  readonly currencyLimits?: CurrencyLimit[];
  /** The velocity rule. */
  readonly velocity: VelocityRule;
  /**
   * Reserved concurrency of the function: it also caps the database connections the function opens (two per
   * instance). The account must keep 100 unreserved executions.
   * @default 50
   */
  readonly reservedConcurrency?: number;
  /**
   * Apply the schema migrations at deploy time (custom resource). Enable it in the primary region only.
   * @default true
   */
  readonly runMigrations?: boolean;
  /**
   * Host the schema migration connects to: the writer endpoint of the region's own cluster, so that it runs against
   * the writer of the region it is deployed in (the DR state's active region).
   * @default - database.hostname
   */
  readonly migrationHostname?: string;
  /**
   * Retention of the functions' logs: at least one year (PCI DSS 10.5.1).
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Topic notified by the alarms.
   * @default - alarms without actions
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Threshold of the p99 duration alarm.
   * @default Duration.seconds(1)
   */
  readonly durationAlarmThreshold?: Duration;
  /**
   * Alarm when a transaction-log record has waited this long for S3 (the relay runs every minute; S3 unreachable
   * or access denied keeps records in the database outbox).
   * @default Duration.minutes(5)
   */
  readonly transactionLogMaxDelay?: Duration;
  /**
   * Memory of the function (CPU scales with it).
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * Timeout of the function.
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
}

/** The Amazon CA bundle (RDS CAs included) in the Lambda Node.js runtime; not loaded by default since Node.js 20. */
const AMAZON_CA_BUNDLE = '/var/runtime/ca-cert.pem';

/**
 * Payment validation as a Lambda function (Node.js 22, arm64) in the VPC's private subnets: pure rules, decisions
 * recorded in PostgreSQL in one round trip (idempotent on paymentId, card kept as last four + HMAC fingerprint), one
 * transaction-log record per decision committed with it and relayed to the region's bucket in batches every minute,
 * the schema migrated at deploy time by a custom resource.
 *
 * Invoke it directly with `{ paymentId, merchantId, amount, currency, card: { number, expiryMonth, expiryYear } }`;
 * it answers `{ statusCode, body }` (200, 400, 409, 422 or 503 — see docs/validation.md).
 */
export class ValidationFunction extends Construct implements ec2.IConnectable {
  /** The validation function. */
  public readonly function: lambda.IFunction;
  /** Its log group (KMS-encrypted, retained). */
  public readonly logGroup: logs.ILogGroup;
  /** Security group of the validation and migration functions. */
  public readonly securityGroup: ec2.ISecurityGroup;
  /** Network connections of the functions (allowed to the database port). */
  public readonly connections: ec2.Connections;
  /** The card fingerprint key. */
  public readonly fingerprintKey: secretsmanager.ISecret;
  /** Key encrypting the log groups, the environment and the generated fingerprint secret. */
  public readonly encryptionKey: kms.IKey;
  /** The schema migration function (undefined when `runMigrations` is false). */
  public readonly migrationFunction?: lambda.IFunction;
  /** The schema migration custom resource (undefined when `runMigrations` is false). Add dependencies on the
   *  database cluster to it so that it runs once the writer exists. */
  public readonly migration?: CustomResource;
  /** The transaction-log relay: writes the outbox to the log bucket in batches (the only writer to S3). */
  public readonly relayFunction: lambda.IFunction;
  /** Schedule running the relay every minute. */
  public readonly relaySchedule: events.Rule;
  /** Alarm: any function error within 5 minutes. */
  public readonly errorsAlarm: cloudwatch.Alarm;
  /** Alarm: any throttle within 5 minutes. */
  public readonly throttlesAlarm: cloudwatch.Alarm;
  /** Alarm: p99 duration above the threshold for 3 of 3 periods of 5 minutes. */
  public readonly durationAlarm: cloudwatch.Alarm;
  /** Alarm: any relay function error within 5 minutes (configuration, permissions). */
  public readonly relayErrorsAlarm: cloudwatch.Alarm;
  /** Alarm: a transaction-log record waited `transactionLogMaxDelay` or longer for S3 (unreachable or denied). */
  public readonly transactionLogBacklogAlarm: cloudwatch.Alarm;
  /** Every alarm of the construct. */
  public readonly alarms: cloudwatch.IAlarm[];

  constructor(scope: Construct, id: string, props: ValidationFunctionProps) {
    super(scope, id);
    const prefix = props.logKeyPrefix ?? 'validation/';
    const reservedConcurrency = props.reservedConcurrency ?? 50;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;
    const port = props.database.port ?? 5432;
    const velocityWindowSeconds = props.velocity.window.toSeconds({ integral: false });
    checkValidationFunctionProps(props, { prefix, reservedConcurrency, logRetention, port, velocityWindowSeconds });

    this.encryptionKey = newEncryptionKey(this, 'EncryptionKey', {
      description: 'Payment validation: function logs, environment and card fingerprint key',
    });
    allowCloudWatchLogs(this.encryptionKey);
    this.fingerprintKey = props.fingerprintKey ?? this.newFingerprintKey();
    this.securityGroup = this.newSecurityGroup(props.vpc);
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(port) });
    if (props.database.connections) {
      this.connections.allowTo(props.database.connections, ec2.Port.tcp(port), 'payment validation to the database');
    } else {
      this.securityGroup.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(port), 'payment validation to the database');
    }

    const connectSecret = props.database.applicationSecret ?? props.database.secret;
    const shared: SharedFunctionProps = {
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup: this.securityGroup,
      encryptionKey: this.encryptionKey,
      logRetention,
      databaseSecret: connectSecret,
      databaseEnvironment: {
        DB_HOST: props.database.hostname,
        DB_PORT: String(port),
        DB_SECRET_ARN: connectSecret.secretArn,
        NODE_EXTRA_CA_CERTS: AMAZON_CA_BUNDLE,
        ...(props.database.databaseName ? { DB_NAME: props.database.databaseName } : {}),
      },
    };

    const validation = this.newValidatePaymentFunction(props, shared, reservedConcurrency, velocityWindowSeconds);
    this.function = validation.fn;
    this.logGroup = validation.logGroup;

    const relay = new TransactionLogRelay(this, 'Relay', {
      ...shared,
      logBucket: props.logBucket,
      logKeyPrefix: prefix,
      transactionLogMaxDelay: props.transactionLogMaxDelay ?? Duration.minutes(5),
      alarmTopic: props.alarmTopic,
    });
    this.relayFunction = relay.function;
    this.relaySchedule = relay.schedule;

    if (props.runMigrations ?? true) {
      const { secret: databaseSecret, connections: databaseConnections, applicationSecret } = props.database;
      const DB_HOST = props.migrationHostname ?? props.database.hostname;
      const databaseEnvironment = { ...shared.databaseEnvironment, DB_HOST, DB_SECRET_ARN: databaseSecret.secretArn };
      const migration = new SchemaMigration(this, 'Migration', { ...shared, databaseSecret, databaseEnvironment, databaseConnections, applicationSecret });
      this.migrationFunction = migration.function;
      this.migration = migration.resource;
      // They connect as the role the migration creates and whose password it sets: update them after it.
      [this.function, this.relayFunction].forEach((fn) => fn.node.addDependency(migration.resource));
    }

    const durationThreshold = props.durationAlarmThreshold ?? Duration.seconds(1);
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, threshold: number, evaluationPeriods: number, description: string) =>
      newAlarm(this, alarmId, { metric, threshold, evaluationPeriods, description, topic: props.alarmTopic });
    this.errorsAlarm = alarm('ErrorsAlarm', this.metricErrors(), 1, 1, 'Payment validation function errors (unhandled failures)');
    this.throttlesAlarm = alarm('ThrottlesAlarm', this.metricThrottles(), 1, 1, 'Payment validation function throttled (reserved concurrency reached)');
    this.durationAlarm = alarm('DurationAlarm', this.metricDuration(), durationThreshold.toMilliseconds(), 3,
      `Payment validation p99 duration >= ${durationThreshold.toMilliseconds()} ms`);
    this.transactionLogBacklogAlarm = relay.backlogAlarm;
    this.relayErrorsAlarm = relay.errorsAlarm;
    this.alarms = [this.errorsAlarm, this.throttlesAlarm, this.durationAlarm, this.transactionLogBacklogAlarm, this.relayErrorsAlarm];
  }

  /** Function errors (Sum). */
  public metricErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricErrors({ period: METRIC_PERIOD, statistic: 'Sum', ...props });
  }

  /** Throttled invocations (Sum). */
  public metricThrottles(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricThrottles({ period: METRIC_PERIOD, statistic: 'Sum', ...props });
  }

  /** Duration (p99 by default). */
  public metricDuration(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricDuration({ period: METRIC_PERIOD, statistic: 'p99', ...props });
  }

  /** Invocations (Sum). */
  public metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricInvocations({ period: METRIC_PERIOD, statistic: 'Sum', ...props });
  }

  /** Payments accepted (200). */
  public metricPaymentsAccepted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return handlerMetric(METRIC.ACCEPTED, 'Sum', props);
  }

  /** Payments declined (422). */
  public metricPaymentsDeclined(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return handlerMetric(METRIC.DECLINED, 'Sum', props);
  }

  /** Requests answered 400 `CARD_DATA_IN_FIELD`: a possible card number in a field other than `card.number`. */
  public metricRequestsWithCardDataInField(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return handlerMetric(METRIC.CARD_DATA_IN_FIELD, 'Sum', props);
  }

  /** Requests answered 503 because the database was unavailable. */
  public metricDatabaseUnavailable(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return handlerMetric(METRIC.DATABASE_UNAVAILABLE, 'Sum', props);
  }

  /** Transaction-log records not yet in S3 after a relay run (Maximum). */
  public metricTransactionLogPending(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return handlerMetric(METRIC.LOG_PENDING, 'Maximum', props);
  }

  /** Age in seconds of the oldest transaction-log record not yet in S3, after a relay run (Maximum). */
  public metricTransactionLogOldestPendingAge(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return handlerMetric(METRIC.LOG_OLDEST_PENDING_AGE, 'Maximum', props);
  }

  /** Transaction-log records written to S3 by the relay (Sum). */
  public metricTransactionLogRecordsWritten(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return handlerMetric(METRIC.LOG_RECORDS_WRITTEN, 'Sum', props);
  }

  /** Allow `grantee` to invoke the validation function. */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return this.function.grantInvoke(grantee);
  }

  /** The card fingerprint HMAC key when none is given: 64 random characters, encrypted with the key, retained. */
  private newFingerprintKey(): secretsmanager.ISecret {
    const secret = new secretsmanager.Secret(this, 'FingerprintKey', {
      description: 'Payment validation: HMAC key of card fingerprints (never rotate: fingerprints would change)',
      encryptionKey: this.encryptionKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(secret, [
      { id: 'AwsSolutions-SMG4', reason: 'the card fingerprint HMAC key must stay constant: rotating it would change every stored fingerprint and break velocity and idempotency' },
      { id: 'NIST.800.53.R5-SecretsManagerRotationEnabled', reason: 'the card fingerprint HMAC key must stay constant: rotating it would change every stored fingerprint' },
      { id: 'PCI.DSS.321-SecretsManagerRotationEnabled', reason: 'the card fingerprint HMAC key must stay constant: rotating it would change every stored fingerprint' },
    ]);
    return secret;
  }

  /** The functions' security group: out to HTTPS only (the database port is added by the caller). */
  private newSecurityGroup(vpc: ec2.IVpc): ec2.SecurityGroup {
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'Payment validation functions: out to the database and to HTTPS (S3, Secrets Manager)',
      allowAllOutbound: false,
    });
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to S3, Secrets Manager and CloudFormation responses');
    return securityGroup;
  }

  /**
   * The validation function itself (`Resource`) with its `LogGroup`, `ServiceRole` and `ServicePolicy`: it reads the
   * database and fingerprint secrets and nothing else (no S3: the relay writes the transaction log).
   */
  private newValidatePaymentFunction(
    props: ValidationFunctionProps,
    shared: SharedFunctionProps,
    reservedConcurrency: number,
    velocityWindowSeconds: number,
  ): { fn: ValidatePaymentFunction; logGroup: logs.LogGroup } {
    const { logGroup, role, policy } = newFunctionPermissions(this, 'Payment validation function', shared);
    grantSecretValue(policy, this.fingerprintKey);
    const limits: Record<string, number> = {};
    for (const l of props.currencyLimits ?? []) {
      limits[l.currency] = l.maxAmountMinorUnits;
    }
    const fn = new ValidatePaymentFunction(this, 'Resource', {
      description: 'Payment validation: rules, idempotent decisions with their transaction-log records in PostgreSQL',
      ...vpcFunctionOptions(shared),
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      reservedConcurrentExecutions: reservedConcurrency,
      logGroup,
      environment: {
        ...shared.databaseEnvironment,
        DB_POOL_MAX: '2',
        FINGERPRINT_KEY_SECRET_ARN: this.fingerprintKey.secretArn,
        CURRENCY_LIMITS: JSON.stringify(limits),
        VELOCITY_MAX_PAYMENTS: String(props.velocity.maxPayments),
        VELOCITY_WINDOW_SECONDS: String(velocityWindowSeconds),
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRIC_NAMESPACE,
      },
    });
    fn.node.addDependency(policy);
    acknowledgeFunction(fn);
    return { fn, logGroup };
  }
}
