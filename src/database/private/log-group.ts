import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The name of the log group RDS exports a cluster's PostgreSQL log to (RDS chooses it; it cannot be set). */
export function clusterLogGroupName(clusterIdentifier: string): string {
  return `/aws/rds/cluster/${clusterIdentifier}/postgresql`;
}

/** Options of {@link newLogGroup}. */
export interface LogGroupOptions {
  /** The construct id of the log group. @default 'LogGroup' */
  readonly id?: string;
  /** The sid of the key policy statement that lets CloudWatch Logs use the key. @default 'AllowCloudWatchLogsForTheClusterLog' */
  readonly sid?: string;
}

/**
 * A log group, KMS-encrypted, kept one year (PCI DSS 10.5.1), retained on delete; the key's policy lets CloudWatch
 * Logs of the key's region use it for this log group only.
 */
export function newLogGroup(scope: Construct, key: kms.IKey, logGroupName: string, options: LogGroupOptions = {}): logs.LogGroup {
  const stack = Stack.of(scope);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: options.sid ?? 'AllowCloudWatchLogsForTheClusterLog',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnEquals: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: logGroupName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
  return new logs.LogGroup(scope, options.id ?? 'LogGroup', {
    logGroupName,
    encryptionKey: key,
    retention: logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
