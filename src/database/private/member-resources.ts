import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { newAlarmTopic } from './alarm-topic';
import { clusterLogGroupName, newLogGroup } from './log-group';
import { newMonitoringRole } from './monitoring-role';
import { allowAlarmsToPublish, newEncryptionKey } from '../../private/kms';

/** Which member, for descriptions: the primary cluster (primary region) or the secondary (standby region). */
export interface MemberResourcesOptions {
  readonly globalClusterIdentifier: string;
  readonly clusterIdentifier: string;
  /** `primary` or `secondary`. */
  readonly member: 'primary' | 'secondary';
  readonly vpc: ec2.IVpc;
  /** @default - a new topic encrypted with the member's key */
  readonly alarmTopic?: sns.ITopic;
  /** @default - a new customer-managed key */
  readonly encryptionKey?: kms.IKey;
}

/** What each member of the global database owns in its region besides its cluster. */
export interface MemberResources {
  readonly key: kms.IKey;
  readonly logGroup: logs.LogGroup;
  readonly alarmTopic: sns.ITopic;
  readonly monitoringRole: iam.Role;
  readonly securityGroup: ec2.SecurityGroup;
}

/**
 * The member's key (storage, logs, Performance Insights, alarms), its PostgreSQL log group, alarm topic, enhanced
 * monitoring role and security group (no outbound rule), with the ids both members use.
 */
export function newMemberResources(scope: Construct, options: MemberResourcesOptions): MemberResources {
  const region = options.member === 'primary' ? 'primary' : 'standby';
  // An existing key's policy is its owner's: the statements below are added to keys this member creates only.
  const key = options.encryptionKey ?? newEncryptionKey(scope, 'Key', {
    description: `Aurora global database ${options.globalClusterIdentifier}: ${region} region storage, logs, Performance Insights, alarms`,
  });
  const logGroup = newLogGroup(scope, key, clusterLogGroupName(options.clusterIdentifier));
  allowAlarmsToPublish(key);
  const alarmTopic = options.alarmTopic ?? newAlarmTopic(scope, key);
  const monitoringRole = newMonitoringRole(scope);
  const securityGroup = new ec2.SecurityGroup(scope, 'SecurityGroup', {
    vpc: options.vpc,
    description: `Aurora global database ${options.globalClusterIdentifier}, ${options.member} cluster`,
    allowAllOutbound: false,
  });
  return { key, logGroup, alarmTopic, monitoringRole, securityGroup };
}
