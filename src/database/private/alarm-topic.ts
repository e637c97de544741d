import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** CloudWatch alarms publish to the KMS-encrypted alarm topic: they need the key. */
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

/** The topic a member's alarms notify when the caller passes none: encrypted with `key`, TLS only. */
export function newAlarmTopic(scope: Construct, key: kms.IKey): sns.Topic {
  return new sns.Topic(scope, 'AlarmTopic', { masterKey: key, enforceSSL: true });
}
