import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Props of {@link newEncryptionKey}. */
export interface EncryptionKeyOptions {
  readonly description: string;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** @default - none */
  readonly alias?: string;
}

/**
 * A customer-managed KMS key as every key of this library is made: rotation on, retained on delete, and a key
 * policy statement that lets KMS grants be created only for AWS resources (AWS Control Tower CT.KMS.PR.3).
 */
export function newEncryptionKey(scope: Construct, id: string, options: EncryptionKeyOptions): kms.Key {
  const key = new kms.Key(scope, id, {
    description: options.description,
    enableKeyRotation: true,
    removalPolicy: options.removalPolicy ?? RemovalPolicy.RETAIN,
    alias: options.alias,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyGrantsExceptForAwsResources',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
      },
    }),
  );
  return key;
}

/** Lets CloudWatch Logs of the key's region use the key for the log groups of this account. */
export function allowCloudWatchLogs(key: kms.IKey): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogs',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
}

/** CloudWatch alarms publish to a topic encrypted with `key`: they need the key (this account's alarms only). */
export function allowAlarmsToPublish(key: kms.IKey): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }),
  );
}
