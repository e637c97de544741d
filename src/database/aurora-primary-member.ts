import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
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
  acknowledgeRotationIngress,
  acknowledgeInstanceBackupPlan,
  defaultRotationSubnets,
  masterSecretName,
  memberMetric,
  newGlobalParameterGroup,
  postgresConnections,
  POSTGRES_PORT,
} from './private/cluster-common';
import { newMemberResources } from './private/member-resources';
import { acknowledgeMonitoringRole } from './private/monitoring-role';
import {
  globalClusterIdentifierOf,
  MIN_RPO_SECONDS,
  requireBackupRetention,
  requireDatabaseName,
  requireEngineVersion,
  requireIntegerInRange,
  requireIsolatedSubnets,
  requireRpo,
} from './private/validation';

/** Props of {@link AuroraPrimaryMember}. */
export interface AuroraPrimaryMemberProps extends AuroraMemberProps {
  /**
   * The global cluster the member joins, in the member's stack. It must have a literal `globalClusterIdentifier`:
   * the member is named `<globalClusterIdentifier>-primary`.
   */
  readonly globalCluster: rds.CfnGlobalCluster;

  /** The standby region: the master credentials secret is replicated there. */
  readonly secretReplicaRegion: string;

  /**
   * The name of the database created in the cluster (replicated to the secondary).
   * @default 'payments'
   */
  readonly databaseName?: string;

  /**
   * The master user name. Its password is generated into a Secrets Manager secret named
   * `<globalClusterIdentifier>/master`, encrypted with the member's key, replicated and rotated.
   * @default 'payments_admin'
   */
  readonly masterUsername?: string;

  /**
   * The instance type of the writer and readers.
   * @default r6g.xlarge
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * The number of readers besides the writer, 0 to 15.
   * @default 1
   */
  readonly readers?: number;

  /**
   * How often the master password is rotated (single-user rotation, AWS hosted rotation function).
   * @default Duration.days(30)
   */
  readonly secretRotationInterval?: Duration;

  /**
   * The subnets of the rotation function. It must reach the cluster and the Secrets Manager API.
   * @default - the private subnets with egress of `vpc`, or its isolated subnets when it has none (with a
   *   warning: then the VPC needs a Secrets Manager interface endpoint)
   */
  readonly rotationSubnets?: ec2.SubnetSelection;
}

/**
 * The primary member of an Aurora PostgreSQL global database: a `DatabaseCluster` (writer and readers) joined to
 * the global cluster, with its region's customer-managed key (storage, Performance Insights, logs, alarm topic),
 * its cluster parameter group (TLS only, RPO guardrail), PostgreSQL log exported to a KMS-encrypted log group kept
 * one year, IAM database authentication, enhanced monitoring, private isolated subnets only, the master
 * credentials (generated, replicated to the standby region, rotated) and a writer CPU alarm.
 */
export class AuroraPrimaryMember extends Construct implements ec2.IConnectable {
  /** The cluster. */
  public readonly cluster: rds.DatabaseCluster;
  /** The identifier of the cluster (`<globalClusterIdentifier>-primary`). */
  public readonly clusterIdentifier: string;
  /** The customer-managed key of the member's region. */
  public readonly key: kms.IKey;
  /** The security group of the cluster: allow 5432 from your services through `connections`. */
  public readonly securityGroup: ec2.ISecurityGroup;
  /** The connections of the cluster (default port 5432). */
  public readonly connections: ec2.Connections;
  /** The cluster parameter group. */
  public readonly parameterGroup: rds.IParameterGroup;
  /** The log group the cluster exports its PostgreSQL log to. */
  public readonly logGroup: logs.ILogGroup;
  /** The topic the member's alarms notify. */
  public readonly alarmTopic: sns.ITopic;
  /** The enhanced-monitoring role of the instances. */
  public readonly monitoringRole: iam.IRole;
  /** The master credentials. */
  public readonly secret: secretsmanager.ISecret;
  /** Alarm: the writer's CPU above 80 % for 5 minutes. */
  public readonly writerCpuAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AuroraPrimaryMemberProps) {
    super(scope, id);
    const globalClusterIdentifier = globalClusterIdentifierOf('globalCluster', props.globalCluster);
    requireIsolatedSubnets('vpc', props.vpc);
    requireEngineVersion(props.engineVersion);
    const rpo = props.rpo ?? Duration.seconds(MIN_RPO_SECONDS);
    requireRpo(rpo);
    this.clusterIdentifier = `${globalClusterIdentifier}-primary`;
    const engine = rds.DatabaseClusterEngine.auroraPostgres({ version: props.engineVersion });

    const resources = newMemberResources(this, {
      globalClusterIdentifier,
      clusterIdentifier: this.clusterIdentifier,
      member: 'primary',
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
    this.parameterGroup = newGlobalParameterGroup(this, {
      engine,
      globalClusterIdentifier,
      rpo,
      rpoGuardrail: props.rpoGuardrail ?? true,
    });
    this.cluster = this.newCluster(props, engine, key, monitoringRole);

    const cfn = this.cluster.node.defaultChild as rds.CfnDBCluster;
    cfn.globalClusterIdentifier = props.globalCluster.ref;
    // RDS must write into the log group this construct owns (retention, encryption), not create its own.
    cfn.node.addDependency(this.logGroup);
    this.connections = postgresConnections(this.securityGroup);
    this.secret = this.cluster.secret!;
    this.cluster.addRotationSingleUser({
      automaticallyAfter: props.secretRotationInterval ?? Duration.days(30),
      vpcSubnets: props.rotationSubnets ?? defaultRotationSubnets(this, props.vpc),
    });
    acknowledgeRotationIngress(this.securityGroup);

    this.writerCpuAlarm = new cloudwatch.Alarm(this, 'WriterCpuAlarm', {
      alarmDescription: `${this.clusterIdentifier}: writer CPU above 80 % for 5 minutes`,
      metric: this.metric('CPUUtilization', {
        statistic: 'Average',
        dimensionsMap: { DBClusterIdentifier: this.clusterIdentifier, Role: 'WRITER' },
      }),
      threshold: 80,
      evaluationPeriods: 5,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    this.writerCpuAlarm.addAlarmAction(new cw_actions.SnsAction(this.alarmTopic));
    this.writerCpuAlarm.addOkAction(new cw_actions.SnsAction(this.alarmTopic));

    acknowledgeDefaultPort(this.cluster);
    acknowledgeInstanceBackupPlan([this.cluster]);
    acknowledgeMonitoringRole(monitoringRole);
  }

  /**
   * A metric of the cluster (namespace AWS/RDS, dimension DBClusterIdentifier, the member's region).
   * Defaults: statistic Maximum, period 1 minute (override them in `props`).
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return memberMetric(this.clusterIdentifier, Stack.of(this).region, metricName, props);
  }

  /** Grant `rds-db:connect` as `dbUser` on the cluster (IAM database authentication). */
  public grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant {
    return this.cluster.grantConnect(grantee, dbUser);
  }

  /** The cluster: writer and readers, credentials replicated to the standby region, continuous backups. */
  private newCluster(
    props: AuroraPrimaryMemberProps,
    engine: rds.IClusterEngine,
    key: kms.IKey,
    monitoringRole: iam.IRole,
  ): rds.DatabaseCluster {
    const readers = props.readers ?? 1;
    requireIntegerInRange('readers', readers, 0, 15);
    const backupRetention = props.backupRetention ?? Duration.days(7);
    requireBackupRetention(backupRetention);
    const databaseName = props.databaseName ?? 'payments';
    requireDatabaseName(databaseName);
    const instanceType = props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.XLARGE);
    const instanceProps: rds.ProvisionedClusterInstanceProps = {
      instanceType,
      publiclyAccessible: false,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: key,
      performanceInsightRetention: props.performanceInsightRetention ?? rds.PerformanceInsightRetention.DEFAULT,
    };
    const readerInstances: rds.IClusterInstance[] = [];
    for (let i = 1; i <= readers; i++) {
      readerInstances.push(rds.ClusterInstance.provisioned(`Reader${i}`, { ...instanceProps, promotionTier: 1 }));
    }
    const globalClusterIdentifier = globalClusterIdentifierOf('globalCluster', props.globalCluster);
    return new rds.DatabaseCluster(this, 'Cluster', {
      engine,
      clusterIdentifier: this.clusterIdentifier,
      credentials: rds.Credentials.fromGeneratedSecret(props.masterUsername ?? 'payments_admin', {
        secretName: masterSecretName(globalClusterIdentifier),
        encryptionKey: key,
        replicaRegions: [{ region: props.secretReplicaRegion, encryptionKey: props.secretReplicaEncryptionKey }],
      }),
      defaultDatabaseName: databaseName,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.securityGroup],
      port: POSTGRES_PORT,
      writer: rds.ClusterInstance.provisioned('Writer', instanceProps),
      readers: readerInstances,
      parameterGroup: this.parameterGroup,
      storageEncrypted: true,
      storageEncryptionKey: key,
      iamAuthentication: true,
      backup: { retention: backupRetention },
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.SNAPSHOT,
      copyTagsToSnapshot: true,
      cloudwatchLogsExports: ['postgresql'],
      monitoringInterval: Duration.seconds(60),
      monitoringRole,
    });
  }
}
