import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AuroraMemberProps } from './aurora-member-props';
import {
  acknowledgeDefaultPort,
  acknowledgeInstanceBackupPlan,
  masterSecretName,
  memberMetric,
  newGlobalParameterGroup,
  postgresConnections,
  POSTGRES_PORT,
  removalPolicyWithoutData,
} from './private/cluster-common';
import { newMemberResources } from './private/member-resources';
import { acknowledgeMonitoringRole } from './private/monitoring-role';
import {
  MIN_RPO_SECONDS,
  requireBackupRetention,
  requireEngineVersion,
  requireIntegerInRange,
  requireIsolatedSubnets,
  requireRpo,
} from './private/validation';

/** Props of {@link AuroraSecondaryMember}. */
export interface AuroraSecondaryMemberProps extends AuroraMemberProps {
  /**
   * The identifier of the global cluster to join (a literal: the global cluster lives in another region's stack,
   * so it is named, not referenced). The member is named `<globalClusterIdentifier>-secondary`. Its stack must
   * be deployed after the global cluster's.
   */
  readonly globalClusterIdentifier: string;

  /**
   * The instance type of the instances. After a failover the first of them becomes the writer.
   * @default r6g.large
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * The number of instances, 0 to 16. 0 makes a headless secondary: storage keeps replicating, but a failover
   * must first add an instance.
   * @default 1
   */
  readonly instances?: number;
}

/**
 * The secondary member of an Aurora PostgreSQL global database, in the standby region: a cluster joined to the
 * global cluster through `GlobalClusterIdentifier` (aws-cdk-lib has no L2 for a secondary member: no master
 * credentials, no database name, both come from the primary) and its instances, with its region's
 * customer-managed key, cluster parameter group, KMS-encrypted log group, subnet group and security group; the
 * standby replica of the master credentials; and the replication-lag and RPO-lag alarms, which watch this
 * cluster's metrics (Aurora publishes them on the secondary).
 */
export class AuroraSecondaryMember extends Construct implements ec2.IConnectable {
  /** The cluster as an `IDatabaseCluster`: endpoints, metrics, `grantConnect`. */
  public readonly cluster: rds.IDatabaseCluster;
  /** The CloudFormation resource of the cluster. */
  public readonly clusterResource: rds.CfnDBCluster;
  /** The instances of the cluster (empty for a headless secondary). */
  public readonly instances: rds.CfnDBInstance[];
  /** The identifier of the cluster (`<globalClusterIdentifier>-secondary`). */
  public readonly clusterIdentifier: string;
  /** The customer-managed key of the member's region. */
  public readonly key: kms.IKey;
  /** The security group of the cluster. */
  public readonly securityGroup: ec2.ISecurityGroup;
  /** The connections of the cluster (default port 5432). */
  public readonly connections: ec2.Connections;
  /** The cluster parameter group. */
  public readonly parameterGroup: rds.IParameterGroup;
  /** The subnet group of the cluster (private isolated subnets). */
  public readonly subnetGroup: rds.ISubnetGroup;
  /** The log group the cluster exports its PostgreSQL log to. */
  public readonly logGroup: logs.ILogGroup;
  /** The topic the member's alarms notify. */
  public readonly alarmTopic: sns.ITopic;
  /** The enhanced-monitoring role of the instances. */
  public readonly monitoringRole: iam.IRole;
  /** The replica of the master credentials in this region (`<globalClusterIdentifier>/master`). */
  public readonly secret: secretsmanager.ISecret;
  /** Alarm: `AuroraGlobalDBReplicationLag` above half the RPO for 3 minutes. */
  public readonly replicationLagAlarm: cloudwatch.Alarm;
  /** Alarm: `AuroraGlobalDBRPOLag` at 80 % of the RPO. */
  public readonly rpoLagAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AuroraSecondaryMemberProps) {
    super(scope, id);
    requireIsolatedSubnets('vpc', props.vpc);
    requireEngineVersion(props.engineVersion);
    const rpo = props.rpo ?? Duration.seconds(MIN_RPO_SECONDS);
    requireRpo(rpo);
    const instanceCount = props.instances ?? 1;
    requireIntegerInRange('instances', instanceCount, 0, 16);
    const globalClusterIdentifier = props.globalClusterIdentifier;
    this.clusterIdentifier = `${globalClusterIdentifier}-secondary`;
    const engine = rds.DatabaseClusterEngine.auroraPostgres({ version: props.engineVersion });
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.SNAPSHOT;

    const resources = newMemberResources(this, {
      globalClusterIdentifier,
      clusterIdentifier: this.clusterIdentifier,
      member: 'secondary',
      vpc: props.vpc,
      alarmTopic: props.alarmTopic,
      encryptionKey: props.encryptionKey,
    });
    const { key, monitoringRole } = resources;
    this.key = key;
    this.logGroup = resources.logGroup;
    this.alarmTopic = resources.alarmTopic;
    this.monitoringRole = monitoringRole;
    this.securityGroup = resources.securityGroup;
    this.connections = postgresConnections(this.securityGroup);
    this.parameterGroup = newGlobalParameterGroup(this, { engine, globalClusterIdentifier, rpo, rpoGuardrail: props.rpoGuardrail ?? true });
    this.subnetGroup = new rds.SubnetGroup(this, 'SubnetGroup', {
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      description: `Aurora global database ${globalClusterIdentifier}, secondary cluster (isolated subnets)`,
      removalPolicy: removalPolicyWithoutData(removalPolicy),
    });
    this.clusterResource = this.newClusterResource(props, key);
    this.instances = this.newInstances(props, instanceCount, key, monitoringRole);

    this.cluster = rds.DatabaseCluster.fromDatabaseClusterAttributes(this, 'ClusterAttributes', {
      clusterIdentifier: this.clusterResource.ref,
      clusterResourceIdentifier: this.clusterResource.attrDbClusterResourceId,
      clusterEndpointAddress: this.clusterResource.attrEndpointAddress,
      readerEndpointAddress: this.clusterResource.attrReadEndpointAddress,
      port: POSTGRES_PORT,
      securityGroups: [this.securityGroup],
      engine,
      instanceIdentifiers: this.instances.map((instance) => instance.ref),
    });
    this.secret = secretsmanager.Secret.fromSecretAttributes(this, 'Secret', {
      secretPartialArn: Stack.of(this).formatArn({
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: masterSecretName(globalClusterIdentifier),
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
      encryptionKey: props.secretReplicaEncryptionKey,
    });

    [this.replicationLagAlarm, this.rpoLagAlarm] = this.newLagAlarms(rpo);

    acknowledgeDefaultPort(this.clusterResource);
    acknowledgeInstanceBackupPlan(this.instances);
    acknowledgeMonitoringRole(monitoringRole);
  }

  /**
   * A metric of the cluster (namespace AWS/RDS, dimension DBClusterIdentifier, the member's region): usable on
   * dashboards in either region and on alarms in this one.
   * Defaults: statistic Maximum, period 1 minute (override them in `props`).
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return memberMetric(this.clusterIdentifier, Stack.of(this).region, metricName, props);
  }

  /**
   * How far this member's storage lags behind the primary (`AuroraGlobalDBReplicationLag`, milliseconds, maximum
   * over 1 minute).
   */
  public metricReplicationLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('AuroraGlobalDBReplicationLag', props);
  }

  /**
   * The recovery-point lag: how long a commit on the primary takes to be stored on this member
   * (`AuroraGlobalDBRPOLag`, milliseconds, maximum over 1 minute).
   */
  public metricRpoLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('AuroraGlobalDBRPOLag', props);
  }

  /**
   * The lag of this member behind the primary for user and system transactions (`AuroraGlobalDBProgressLag`,
   * milliseconds, maximum over 1 minute).
   */
  public metricProgressLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('AuroraGlobalDBProgressLag', props);
  }

  /** Grant `rds-db:connect` as `dbUser` on the cluster (IAM database authentication). */
  public grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant {
    return this.cluster.grantConnect(grantee, dbUser);
  }

  /**
   * The cluster: joined through GlobalClusterIdentifier (a literal, deterministic identifier, so no cross-region
   * reference), no master credentials and no database name (both come from the primary), encrypted with a key of
   * its own region, same engine version as the global cluster.
   */
  private newClusterResource(props: AuroraSecondaryMemberProps, key: kms.IKey): rds.CfnDBCluster {
    const backupDays = requireBackupRetention(props.backupRetention ?? Duration.days(7));
    const cluster = new rds.CfnDBCluster(this, 'Cluster', {
      globalClusterIdentifier: props.globalClusterIdentifier,
      dbClusterIdentifier: this.clusterIdentifier,
      engine: 'aurora-postgresql',
      engineVersion: props.engineVersion.auroraPostgresFullVersion,
      dbClusterParameterGroupName: this.parameterGroup.bindToCluster({}).parameterGroupName,
      dbSubnetGroupName: this.subnetGroup.subnetGroupName,
      vpcSecurityGroupIds: [this.securityGroup.securityGroupId],
      port: POSTGRES_PORT,
      storageEncrypted: true,
      kmsKeyId: key.keyArn,
      enableIamDatabaseAuthentication: true,
      enableCloudwatchLogsExports: ['postgresql'],
      backupRetentionPeriod: backupDays,
      deletionProtection: props.deletionProtection ?? true,
      copyTagsToSnapshot: true,
    });
    cluster.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.SNAPSHOT);
    // RDS must write into the log group this construct owns (retention, encryption), not create its own.
    cluster.node.addDependency(this.logGroup);
    return cluster;
  }

  /** The instances, `Instance1` to `Instance<count>`: all promotion tier 1, enhanced monitoring, Performance Insights. */
  private newInstances(
    props: AuroraSecondaryMemberProps,
    count: number,
    key: kms.IKey,
    monitoringRole: iam.IRole,
  ): rds.CfnDBInstance[] {
    const instanceType = props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE);
    const instances: rds.CfnDBInstance[] = [];
    for (let i = 1; i <= count; i++) {
      const instance = new rds.CfnDBInstance(this, `Instance${i}`, {
        dbClusterIdentifier: this.clusterResource.ref,
        engine: 'aurora-postgresql',
        dbInstanceClass: `db.${instanceType.toString()}`,
        publiclyAccessible: false,
        promotionTier: 1,
        enablePerformanceInsights: true,
        performanceInsightsKmsKeyId: key.keyArn,
        performanceInsightsRetentionPeriod: props.performanceInsightRetention ?? rds.PerformanceInsightRetention.DEFAULT,
        monitoringInterval: 60,
        monitoringRoleArn: monitoringRole.roleArn,
      });
      instance.applyRemovalPolicy(removalPolicyWithoutData(props.removalPolicy ?? RemovalPolicy.SNAPSHOT));
      instances.push(instance);
    }
    return instances;
  }

  /**
   * The replication-lag alarm (above half the RPO for 3 minutes) and the RPO-lag alarm (at 80 % of the RPO). Both
   * notify the alarm topic on ALARM, OK and INSUFFICIENT_DATA.
   */
  private newLagAlarms(rpo: Duration): cloudwatch.Alarm[] {
    const rpoSeconds = rpo.toSeconds();
    const rpoMs = rpoSeconds * 1000;
    const replicationLagAlarm = new cloudwatch.Alarm(this, 'ReplicationLagAlarm', {
      alarmDescription:
        `${this.clusterIdentifier}: AuroraGlobalDBReplicationLag above half the RPO (${rpoSeconds / 2} s) for 3 minutes: ` +
        'the standby is falling behind the primary',
      metric: this.metricReplicationLag(),
      threshold: rpoMs / 2,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });
    const rpoLagAlarm = new cloudwatch.Alarm(this, 'RpoLagAlarm', {
      alarmDescription:
        `${this.clusterIdentifier}: AuroraGlobalDBRPOLag at 80 % of the RPO (${rpoSeconds} s): data written in the ` +
        'primary region is at risk (with the guardrail on, Aurora is about to pause commits)',
      metric: this.metricRpoLag(),
      threshold: rpoMs * 0.8,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });
    for (const alarm of [replicationLagAlarm, rpoLagAlarm]) {
      alarm.addAlarmAction(new cw_actions.SnsAction(this.alarmTopic));
      alarm.addOkAction(new cw_actions.SnsAction(this.alarmTopic));
      // The lag metrics stopping (replication broken, standby impaired, or roles swapped by a switchover) means
      // the RPO is no longer observed: say so too.
      alarm.addInsufficientDataAction(new cw_actions.SnsAction(this.alarmTopic));
    }
    return [replicationLagAlarm, rpoLagAlarm];
  }
}
