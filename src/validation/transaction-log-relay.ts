import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { RelayTransactionLogFunction } from './bundled/relay-transaction-log-function';
import { acknowledgeFunction, newFunctionPermissions, SharedFunctionProps, vpcFunctionOptions } from './function-support';
import { handlerMetric, METRIC_PERIOD, newAlarm } from './monitoring';
import { METRIC, METRIC_NAMESPACE, SERVICE_NAME } from './runtime/metric-names';
import { acknowledge } from '../private/compliance';

/** Props of {@link TransactionLogRelay}. */
export interface TransactionLogRelayProps extends SharedFunctionProps {
  /** The region's transaction-log bucket. */
  readonly logBucket: s3.IBucket;
  /** Key prefix of the transaction-log objects: the relay may write there only. */
  readonly logKeyPrefix: string;
  /** Alarm when a transaction-log record has waited this long for S3. */
  readonly transactionLogMaxDelay: Duration;
  /**
   * Topic notified by the alarms.
   * @default - alarms without actions
   */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * The transaction-log relay: a function run every minute that writes the outbox (the records committed with each
 * decision) to the log bucket in batches, with its alarms. Its own function, so that the function handling card data
 * cannot write to S3 and the relay cannot read the fingerprint key.
 */
export class TransactionLogRelay extends Construct {
  /** The relay function: the only writer to the log bucket. */
  public readonly function: lambda.Function;
  /** Schedule running the relay every minute. */
  public readonly schedule: events.Rule;
  /** Alarm: any relay function error within 5 minutes (configuration, permissions). */
  public readonly errorsAlarm: cloudwatch.Alarm;
  /** Alarm: a transaction-log record waited `transactionLogMaxDelay` or longer for S3 (unreachable or denied). */
  public readonly backlogAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: TransactionLogRelayProps) {
    super(scope, id);
    const { logGroup, role, policy } = newFunctionPermissions(this, 'Payment validation transaction-log relay', props);
    allowPutOnPrefix(policy, props.logBucket, props.logKeyPrefix);

    this.function = new RelayTransactionLogFunction(this, 'Function', {
      description: 'Payment validation: relays the transaction-log outbox to S3 in batches (every minute)',
      ...vpcFunctionOptions(props),
      memorySize: 512,
      // Ends before the next scheduled run; a run that could not start in time is dropped, the next one catches up.
      timeout: Duration.seconds(50),
      retryAttempts: 0,
      maxEventAge: Duration.minutes(1),
      role,
      reservedConcurrentExecutions: 1,
      logGroup,
      environment: {
        ...props.databaseEnvironment,
        // Four writers share the pool.
        DB_POOL_MAX: '4',
        LOG_BUCKET_NAME: props.logBucket.bucketName,
        LOG_KEY_PREFIX: props.logKeyPrefix,
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRIC_NAMESPACE,
      },
    });
    this.function.node.addDependency(policy);
    acknowledgeFunction(this.function);

    this.schedule = new events.Rule(this, 'Schedule', {
      description: 'Relay the payment-validation transaction-log outbox to S3',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      // A run missed is caught up by the next one, a minute later.
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 0, maxEventAge: Duration.minutes(1) })],
    });

    const maxDelay = props.transactionLogMaxDelay;
    this.backlogAlarm = newAlarm(this, 'BacklogAlarm', {
      metric: handlerMetric(METRIC.LOG_OLDEST_PENDING_AGE, 'Maximum'),
      threshold: maxDelay.toSeconds(),
      evaluationPeriods: 1,
      description: `Payment validation transaction-log record waiting >= ${maxDelay.toSeconds()} s for S3 (relay writes failing)`,
      topic: props.alarmTopic,
    });
    this.errorsAlarm = newAlarm(this, 'ErrorsAlarm', {
      metric: this.function.metricErrors({ period: METRIC_PERIOD, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      description: 'Payment validation transaction-log relay errors (unhandled failures)',
      topic: props.alarmTopic,
    });
  }
}

/** s3:PutObject under the key prefix (and kms:GenerateDataKey on the bucket's key, if it has one). */
function allowPutOnPrefix(policy: iam.ManagedPolicy, bucket: s3.IBucket, prefix: string): void {
  policy.addStatements(
    new iam.PolicyStatement({
      sid: 'TransactionLogPutOnPrefix',
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects(`${prefix}*`)],
    }),
  );
  acknowledge(policy, [
    {
      id: 'AwsSolutions-IAM5',
      reason: 's3:PutObject is limited to the transaction-log key prefix of this function (one object per batch of records, keys unknown in advance)',
      appliesTo: [{ regex: `/^Resource::.*\\/${escapeRegex(prefix)}\\*$/` } as unknown as string],
    },
  ]);
  if (bucket.encryptionKey) {
    policy.addStatements(
      new iam.PolicyStatement({
        sid: 'TransactionLogEncrypt',
        actions: ['kms:GenerateDataKey'],
        resources: [bucket.encryptionKey.keyArn],
      }),
    );
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
