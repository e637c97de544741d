import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** The topic a member's alarms notify when the caller passes none: encrypted with `key`, TLS only. */
export function newAlarmTopic(scope: Construct, key: kms.IKey): sns.Topic {
  return new sns.Topic(scope, 'AlarmTopic', { masterKey: key, enforceSSL: true });
}
