import { createHash } from 'crypto';
import { CustomResource, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { METRIC, METRIC_NAMESPACE, SERVICE_NAME } from './runtime/metric-names';
import { MigrateSchemaFunction } from './bundled/migrate-schema-function';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './runtime/migrations';
import { RelayTransactionLogFunction } from './bundled/relay-transaction-log-function';
import { configErrors } from './runtime/rules';
import { ValidatePaymentFunction } from './bundled/validate-payment-function';
import { acknowledge } from '../private/compliance';
import { allowCloudWatchLogs, newEncryptionKey } from '../private/kms';

/** How the validation function reaches the payment database. */
export interface ValidationDatabase {
  /**
   * Host name the function connects to. Pass the Aurora global database's writer endpoint: it follows the primary
   * cluster after a switchover or failover, so neither region's function needs reconfiguring.
   */
  readonly hostname: string;
  /**
   * @default 5432
   */
  readonly port?: number;
  /** Secret holding `username` and `password` (and optionally `dbname`), as RDS generates it. */
  readonly secret: secretsmanager.ISecret;
  /**
   * The database's security group: the function is allowed in on `port`.
   * @default - no ingress rule is added (the caller opens the database to `connections`)
   */
  readonly connections?: ec2.IConnectable;
  /**
   * Database name.
   * @default - the secret's `dbname`, else `postgres`
   */
  readonly databaseName?: string;
}

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
    validate(props, prefix, reservedConcurrency, logRetention, port, velocityWindowSeconds);

    const key = newEncryptionKey(this, 'EncryptionKey', {
      description: 'Payment validation: function logs, environment and card fingerprint key',
    });
    allowCloudWatchLogs(key);
    this.encryptionKey = key;

    if (props.fingerprintKey) {
      this.fingerprintKey = props.fingerprintKey;
    } else {
      const secret = new secretsmanager.Secret(this, 'FingerprintKey', {
        description: 'Payment validation: HMAC key of card fingerprints (never rotate: fingerprints would change)',
        encryptionKey: key,
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
        removalPolicy: RemovalPolicy.RETAIN,
      });
      acknowledge(secret, [
        { id: 'AwsSolutions-SMG4', reason: 'the card fingerprint HMAC key must stay constant: rotating it would change every stored fingerprint and break velocity and idempotency' },
        { id: 'NIST.800.53.R5-SecretsManagerRotationEnabled', reason: 'the card fingerprint HMAC key must stay constant: rotating it would change every stored fingerprint' },
        { id: 'PCI.DSS.321-SecretsManagerRotationEnabled', reason: 'the card fingerprint HMAC key must stay constant: rotating it would change every stored fingerprint' },
      ]);
      this.fingerprintKey = secret;
    }

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Payment validation functions: out to the database and to HTTPS (S3, Secrets Manager)',
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to S3, Secrets Manager and CloudFormation responses');
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(port) });
    if (props.database.connections) {
      this.connections.allowTo(props.database.connections, ec2.Port.tcp(port), 'payment validation to the database');
    } else {
      this.securityGroup.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(port), 'payment validation to the database');
    }

    const vpcSubnets = props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    const databaseEnv: Record<string, string> = {
      DB_HOST: props.database.hostname,
      DB_PORT: String(port),
      DB_SECRET_ARN: props.database.secret.secretArn,
      NODE_EXTRA_CA_CERTS: AMAZON_CA_BUNDLE,
      ...(props.database.databaseName ? { DB_NAME: props.database.databaseName } : {}),
    };

    // What the three functions share: arm64 in the VPC with the construct's security group and key, a retained,
    // KMS-encrypted log group of their own.
    const inVpc = {
      architecture: lambda.Architecture.ARM_64,
      vpc: props.vpc,
      vpcSubnets,
      securityGroups: [this.securityGroup],
      environmentEncryption: key,
    };
    const newLogGroup = (logGroupId: string) =>
      new logs.LogGroup(this, logGroupId, { retention: logRetention, encryptionKey: key, removalPolicy: RemovalPolicy.RETAIN });

    // ----- validation function
    this.logGroup = newLogGroup('LogGroup');
    const { role, policy } = this.newRole('ServiceRole', 'ServicePolicy', 'Payment validation function', this.logGroup);
    grantSecretValue(policy, props.database.secret);
    grantSecretValue(policy, this.fingerprintKey);
    const limits: Record<string, number> = {};
    for (const l of props.currencyLimits ?? []) {
      limits[l.currency] = l.maxAmountMinorUnits;
    }
    const fn = new ValidatePaymentFunction(this, 'Resource', {
      description: 'Payment validation: rules, idempotent decisions with their transaction-log records in PostgreSQL',
      ...inVpc,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      reservedConcurrentExecutions: reservedConcurrency,
      logGroup: this.logGroup,
      environment: {
        ...databaseEnv,
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
    this.function = fn;
    acknowledgeFunction(fn);

    // ----- transaction-log relay (the outbox committed with each decision, to S3 in batches): its own function, so
    // that the function handling card data cannot write to S3 and the relay cannot read the fingerprint key
    const relayLogGroup = newLogGroup('RelayLogGroup');
    const relay = this.newRole('RelayServiceRole', 'RelayServicePolicy', 'Payment validation transaction-log relay', relayLogGroup);
    grantSecretValue(relay.policy, props.database.secret);
    relay.policy.addStatements(
      new iam.PolicyStatement({
        sid: 'TransactionLogPutOnPrefix',
        actions: ['s3:PutObject'],
        resources: [props.logBucket.arnForObjects(`${prefix}*`)],
      }),
    );
    acknowledge(relay.policy, [
      {
        id: 'AwsSolutions-IAM5',
        reason: 's3:PutObject is limited to the transaction-log key prefix of this function (one object per batch of records, keys unknown in advance)',
        appliesTo: [{ regex: `/^Resource::.*\\/${escapeRegex(prefix)}\\*$/` } as unknown as string],
      },
    ]);
    if (props.logBucket.encryptionKey) {
      relay.policy.addStatements(
        new iam.PolicyStatement({
          sid: 'TransactionLogEncrypt',
          actions: ['kms:GenerateDataKey'],
          resources: [props.logBucket.encryptionKey.keyArn],
        }),
      );
    }
    const relayFunction = new RelayTransactionLogFunction(this, 'RelayFunction', {
      description: 'Payment validation: relays the transaction-log outbox to S3 in batches (every minute)',
      ...inVpc,
      memorySize: 512,
      // Ends before the next scheduled run; a run that could not start in time is dropped, the next one catches up.
      timeout: Duration.seconds(50),
      retryAttempts: 0,
      maxEventAge: Duration.minutes(1),
      role: relay.role,
      reservedConcurrentExecutions: 1,
      logGroup: relayLogGroup,
      environment: {
        ...databaseEnv,
        // Four writers share the pool.
        DB_POOL_MAX: '4',
        LOG_BUCKET_NAME: props.logBucket.bucketName,
        LOG_KEY_PREFIX: prefix,
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRIC_NAMESPACE,
      },
    });
    relayFunction.node.addDependency(relay.policy);
    acknowledgeFunction(relayFunction);
    this.relayFunction = relayFunction;
    this.relaySchedule = new events.Rule(this, 'RelaySchedule', {
      description: 'Relay the payment-validation transaction-log outbox to S3',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      // A run missed is caught up by the next one, a minute later.
      targets: [new targets.LambdaFunction(relayFunction, { retryAttempts: 0, maxEventAge: Duration.minutes(1) })],
    });

    // ----- schema migrations (primary region)
    if (props.runMigrations ?? true) {
      const migrationLogGroup = newLogGroup('MigrationLogGroup');
      const migration = this.newRole('MigrationServiceRole', 'MigrationServicePolicy', 'Payment validation schema migration', migrationLogGroup);
      grantSecretValue(migration.policy, props.database.secret);
      const migrationFunction = new MigrateSchemaFunction(this, 'MigrationFunction', {
        description: 'Payment validation: applies the schema migrations (CloudFormation custom resource)',
        ...inVpc,
        memorySize: 256,
        timeout: Duration.minutes(5),
        role: migration.role,
        reservedConcurrentExecutions: 1,
        logGroup: migrationLogGroup,
        environment: databaseEnv,
      });
      migrationFunction.node.addDependency(migration.policy);
      acknowledgeFunction(migrationFunction);
      this.migrationFunction = migrationFunction;
      this.migration = new CustomResource(this, 'Migration', {
        serviceToken: migrationFunction.functionArn,
        resourceType: 'Custom::PaymentValidationSchema',
        properties: {
          SchemaVersion: LATEST_SCHEMA_VERSION,
          // A changed migration list re-runs migrate() (Update); applied versions are skipped.
          MigrationsChecksum: createHash('sha256').update(JSON.stringify(MIGRATIONS)).digest('hex'),
        },
      });
      // The migration needs its network path (egress rules, ENIs) in place, and the database itself when it is a
      // construct of this app (e.g. the DatabaseCluster passed as `connections`: its writer must accept connections).
      this.migration.node.addDependency(this.securityGroup);
      if (props.database.connections && Construct.isConstruct(props.database.connections)) {
        this.migration.node.addDependency(props.database.connections);
      }
    }

    // ----- alarms
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, threshold: number, evaluationPeriods: number, description: string) => {
      const a = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      if (props.alarmTopic) {
        a.addAlarmAction(new cw_actions.SnsAction(props.alarmTopic));
      }
      return a;
    };
    const durationThreshold = props.durationAlarmThreshold ?? Duration.seconds(1);
    this.errorsAlarm = alarm('ErrorsAlarm', this.metricErrors(), 1, 1, 'Payment validation function errors (unhandled failures)');
    this.throttlesAlarm = alarm('ThrottlesAlarm', this.metricThrottles(), 1, 1, 'Payment validation function throttled (reserved concurrency reached)');
    this.durationAlarm = alarm(
      'DurationAlarm',
      this.metricDuration(),
      durationThreshold.toMilliseconds(),
      3,
      `Payment validation p99 duration >= ${durationThreshold.toMilliseconds()} ms`,
    );
    const maxDelay = props.transactionLogMaxDelay ?? Duration.minutes(5);
    this.transactionLogBacklogAlarm = alarm(
      'TransactionLogBacklogAlarm',
      this.metricTransactionLogOldestPendingAge(),
      maxDelay.toSeconds(),
      1,
      `Payment validation transaction-log record waiting >= ${maxDelay.toSeconds()} s for S3 (relay writes failing)`,
    );
    this.relayErrorsAlarm = alarm(
      'RelayErrorsAlarm',
      relayFunction.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      1,
      1,
      'Payment validation transaction-log relay errors (unhandled failures)',
    );
    this.alarms = [this.errorsAlarm, this.throttlesAlarm, this.durationAlarm, this.transactionLogBacklogAlarm, this.relayErrorsAlarm];
  }

  /** Function errors (Sum). */
  public metricErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum', ...props });
  }

  /** Throttled invocations (Sum). */
  public metricThrottles(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum', ...props });
  }

  /** Duration (p99 by default). */
  public metricDuration(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricDuration({ period: Duration.minutes(5), statistic: 'p99', ...props });
  }

  /** Invocations (Sum). */
  public metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricInvocations({ period: Duration.minutes(5), statistic: 'Sum', ...props });
  }

  /** Payments accepted (200). */
  public metricPaymentsAccepted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.handlerMetric(METRIC.ACCEPTED, 'Sum', props);
  }

  /** Payments declined (422). */
  public metricPaymentsDeclined(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.handlerMetric(METRIC.DECLINED, 'Sum', props);
  }

  /** Requests answered 503 because the database was unavailable. */
  public metricDatabaseUnavailable(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.handlerMetric(METRIC.DATABASE_UNAVAILABLE, 'Sum', props);
  }

  /** Transaction-log records not yet in S3 after a relay run (Maximum). */
  public metricTransactionLogPending(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.handlerMetric(METRIC.LOG_PENDING, 'Maximum', props);
  }

  /** Age in seconds of the oldest transaction-log record not yet in S3, after a relay run (Maximum). */
  public metricTransactionLogOldestPendingAge(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.handlerMetric(METRIC.LOG_OLDEST_PENDING_AGE, 'Maximum', props);
  }

  /** Transaction-log records written to S3 by the relay (Sum). */
  public metricTransactionLogRecordsWritten(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.handlerMetric(METRIC.LOG_RECORDS_WRITTEN, 'Sum', props);
  }

  /** Allow `grantee` to invoke the validation function. */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return this.function.grantInvoke(grantee);
  }

  private handlerMetric(metricName: string, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE,
      metricName,
      dimensionsMap: { service: SERVICE_NAME },
      period: Duration.minutes(5),
      statistic,
      ...props,
    });
  }

  /**
   * A role with only what a VPC function writing to its own log group needs, in a customer-managed policy (no AWS
   * managed policy, no inline policy). The function must depend on the policy: Lambda checks the network-interface
   * permissions when it creates a VPC function.
   */
  private newRole(id: string, policyId: string, what: string, logGroup: logs.ILogGroup): { role: iam.Role; policy: iam.ManagedPolicy } {
    const role = new iam.Role(this, id, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${what}: logs, VPC network interfaces, its secrets`,
    });
    const policy = new iam.ManagedPolicy(this, policyId, {
      description: `${what}: least-privilege permissions`,
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          sid: 'WriteOwnLogGroup',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn],
        }),
        new iam.PolicyStatement({
          sid: 'VpcNetworkInterfaces',
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeSubnets',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          resources: ['*'],
        }),
      ],
    });
    acknowledge(policy, [
      {
        id: 'AwsSolutions-IAM5',
        reason: 'Lambda VPC networking: the EC2 network-interface actions Lambda calls for a VPC function do not support resource-level permissions (same statement as the AWSLambdaVPCAccessExecutionRole managed policy)',
        appliesTo: ['Resource::*'],
      },
    ]);
    return { role, policy };
  }
}

/** secretsmanager:GetSecretValue on one secret (and kms:Decrypt on its key through Secrets Manager). */
function grantSecretValue(policy: iam.ManagedPolicy, secret: secretsmanager.ISecret): void {
  // A secret imported by name has a partial ARN: match the 6-character suffix Secrets Manager appends.
  const arn = secret.secretFullArn ?? `${secret.secretArn}-??????`;
  policy.addStatements(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [arn] }));
  if (secret.encryptionKey) {
    policy.addStatements(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [secret.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(policy).region}.amazonaws.com` } },
      }),
    );
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function acknowledgeFunction(fn: lambda.Function): void {
  acknowledge(fn, [
    {
      id: 'AwsSolutions-L1',
      reason: 'the bundled handler is built and tested for Node.js 22 (nodejs22.x, supported until April 2027); the runtime moves with the library, not per deployment',
    },
    {
      id: 'NIST.800.53.R5-LambdaDLQ',
      reason: 'invoked synchronously (the caller gets the error and retries with the same paymentId) or by the relay schedule (the next run, a minute later, retries); the migration reports failures to CloudFormation',
    },
  ]);
}

function validate(
  props: ValidationFunctionProps,
  prefix: string,
  reservedConcurrency: number,
  logRetention: logs.RetentionDays,
  port: number,
  velocityWindowSeconds: number,
): void {
  if (!Token.isUnresolved(prefix) && (!/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*\/$/.test(prefix))) {
    throw new Error(`logKeyPrefix must be path segments ending with '/' (no leading '/', no '*'), got: ${prefix}`);
  }
  if (prefix.includes('*')) {
    throw new Error(`logKeyPrefix must be path segments ending with '/' (no leading '/', no '*'), got: ${prefix}`);
  }
  if (!Token.isUnresolved(reservedConcurrency) && (!Number.isInteger(reservedConcurrency) || reservedConcurrency < 1)) {
    throw new Error(`reservedConcurrency must be a positive integer, got: ${reservedConcurrency}`);
  }
  if (logRetention !== logs.RetentionDays.INFINITE && logRetention < 365) {
    throw new Error(`logRetention must be at least 365 days (PCI DSS 10.5.1), got: ${logRetention}`);
  }
  const maxDelay = props.transactionLogMaxDelay;
  if (maxDelay !== undefined && !maxDelay.isUnresolved() && maxDelay.toSeconds({ integral: false }) < 120) {
    throw new Error(`transactionLogMaxDelay must be at least 2 minutes (the relay runs every minute), got: ${maxDelay.toHumanString()}`);
  }
  if (!Token.isUnresolved(port) && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new Error(`database.port must be an integer from 1 to 65535, got: ${port}`);
  }
  const seen = new Set<string>();
  for (const l of props.currencyLimits ?? []) {
    if (seen.has(l.currency)) {
      throw new Error(`currencyLimits must list each currency once, got: ${l.currency} twice`);
    }
    seen.add(l.currency);
  }
  const limits: Record<string, number> = {};
  for (const l of props.currencyLimits ?? []) {
    if (!Token.isUnresolved(l.maxAmountMinorUnits)) limits[l.currency] = l.maxAmountMinorUnits;
  }
  const errors = configErrors({
    currencyLimits: limits,
    velocityMaxPayments: Token.isUnresolved(props.velocity.maxPayments) ? 1 : props.velocity.maxPayments,
    velocityWindowSeconds,
  });
  if (errors.length > 0) {
    throw new Error(errors[0]);
  }
}
