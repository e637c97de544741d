import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { newEncryptionKey } from '../../private/kms';

/** A stack's alert topic: KMS-encrypted (CloudWatch may use the key), TLS-only, one e-mail subscription per address. */
export function newAlertTopic(stack: Stack, emails: string[]): sns.Topic {
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

/** The team's own topic when given (its subscriptions and key are the owner's), else a new alert topic. */
export function alertTopicFor(stack: Stack, emails: string[], existing?: sns.ITopic): sns.ITopic {
  return existing ?? newAlertTopic(stack, emails);
}
