import { Annotations, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { AuroraGlobalPairProps } from './aurora-global-pair-props';
import { AuroraMemberProps } from './aurora-member-props';
import { AuroraPrimaryMember } from './aurora-primary-member';
import { AuroraSecondaryMember } from './aurora-secondary-member';
import { GlobalWriterEndpoint } from './global-writer-endpoint';
import { defaultRotationSubnets, removalPolicyWithoutData } from './private/cluster-common';
import {
  concreteRegion,
  defaultGlobalClusterIdentifier,
  MIN_RPO_SECONDS,
  requireBackupRetention,
  requireDatabaseName,
  requireEngineVersion,
  requireGlobalClusterIdentifier,
  requireIntegerInRange,
  requireIsolatedSubnets,
  requireRpo,
} from './private/validation';

/**
 * An Aurora PostgreSQL global database across two regions: an `AWS::RDS::GlobalCluster`, a primary
 * `DatabaseCluster` joined to it in the primary region, and a secondary cluster joined to it through
 * `GlobalClusterIdentifier` (no master credentials) in the standby region.
 *
 * Each region has its own customer-managed KMS key (storage, Performance Insights, logs, alarm topic), a cluster
 * parameter group with `rds.force_ssl` and `rds.global_db_rpo`, PostgreSQL logs exported to a KMS-encrypted log
 * group kept one year, IAM database authentication, enhanced monitoring, and private isolated subnets only.
 * The master credentials live in Secrets Manager (rotated), replicated to the standby region.
 *
 * The replication-lag and RPO-lag alarms watch the secondary cluster, whose metrics they are.
 *
 * The pair composes: the global cluster (here), an {@link AuroraPrimaryMember} (`Primary`), a
 * {@link GlobalWriterEndpoint} (`GlobalEndpointLookup`) and, in the stack of `secondaryVpc`, an
 * {@link AuroraSecondaryMember} with the same id as the pair. Each region's alarms belong to its member.
 */
export class AuroraGlobalPair extends Construct {
  /** The global cluster. */
  public readonly globalCluster: rds.CfnGlobalCluster;
  /** The identifier of the global cluster. */
  public readonly globalClusterIdentifier: string;
  /**
   * The global writer endpoint: it follows the writer to the new primary after a switchover or failover.
   *
   * CloudFormation does not return it (AWS::RDS::GlobalCluster has no usable `GlobalEndpoint.Address` attribute,
   * cloudformation-coverage-roadmap#2364), so it is read at deploy time with `rds:DescribeGlobalClusters` on this
   * global cluster only ({@link globalEndpointLookup}). Usable in any stack (cross-region through CDK's references).
   */
  public get globalWriterEndpoint(): string { return this.writerEndpoint.endpoint; }
  /** The deploy-time lookup of the global writer endpoint. */
  public get globalEndpointLookup(): cr.AwsCustomResource { return this.writerEndpoint.lookup; }

  /** The primary cluster (primary region). */
  public get primaryCluster(): rds.DatabaseCluster { return this.primaryMember.cluster; }
  /** The identifier of the primary cluster (`<globalClusterIdentifier>-primary`). */
  public get primaryClusterIdentifier(): string { return this.primaryMember.clusterIdentifier; }
  /** The customer-managed key of the primary region. */
  public get primaryKey(): kms.IKey { return this.primaryMember.key; }
  /** The security group of the primary cluster: allow 5432 from your services through `primaryConnections`. */
  public get primarySecurityGroup(): ec2.ISecurityGroup { return this.primaryMember.securityGroup; }
  /** The connections of the primary cluster (default port 5432). */
  public get primaryConnections(): ec2.Connections { return this.primaryMember.connections; }
  /** The cluster parameter group of the primary. */
  public get primaryParameterGroup(): rds.IParameterGroup { return this.primaryMember.parameterGroup; }
  /** The log group the primary exports its PostgreSQL log to. */
  public get primaryLogGroup(): logs.ILogGroup { return this.primaryMember.logGroup; }
  /** The topic the primary region's alarms notify. */
  public get primaryAlarmTopic(): sns.ITopic { return this.primaryMember.alarmTopic; }

  /**
   * The secondary cluster (standby region) as an `IDatabaseCluster`: endpoints, metrics, `grantConnect`.
   * Lives in the standby stack.
   */
  public get secondaryCluster(): rds.IDatabaseCluster { return this.secondaryMember.cluster; }
  /** The CloudFormation resource of the secondary cluster (aws-cdk-lib has no L2 for a secondary member). */
  public get secondaryClusterResource(): rds.CfnDBCluster { return this.secondaryMember.clusterResource; }
  /** The instances of the secondary cluster (empty for a headless secondary). */
  public get secondaryDbInstances(): rds.CfnDBInstance[] { return this.secondaryMember.instances; }
  /** The identifier of the secondary cluster (`<globalClusterIdentifier>-secondary`). */
  public get secondaryClusterIdentifier(): string { return this.secondaryMember.clusterIdentifier; }
  /** The customer-managed key of the standby region. */
  public get secondaryKey(): kms.IKey { return this.secondaryMember.key; }
  /** The security group of the secondary cluster. */
  public get secondarySecurityGroup(): ec2.ISecurityGroup { return this.secondaryMember.securityGroup; }
  /** The connections of the secondary cluster (default port 5432). */
  public get secondaryConnections(): ec2.Connections { return this.secondaryMember.connections; }
  /** The cluster parameter group of the secondary. */
  public get secondaryParameterGroup(): rds.IParameterGroup { return this.secondaryMember.parameterGroup; }
  /** The log group the secondary exports its PostgreSQL log to. */
  public get secondaryLogGroup(): logs.ILogGroup { return this.secondaryMember.logGroup; }
  /** The topic the standby region's alarms notify. */
  public get secondaryAlarmTopic(): sns.ITopic { return this.secondaryMember.alarmTopic; }

  /** The master credentials (primary region). */
  public get secret(): secretsmanager.ISecret { return this.primaryMember.secret; }
  /** The replica of the master credentials in the standby region, usable by services there. */
  public get secondarySecret(): secretsmanager.ISecret { return this.secondaryMember.secret; }

  /** Alarm: the secondary's `AuroraGlobalDBReplicationLag` above half the RPO for 3 minutes (standby region). */
  public get replicationLagAlarm(): cloudwatch.Alarm { return this.secondaryMember.replicationLagAlarm; }
  /** Alarm: the secondary's `AuroraGlobalDBRPOLag` at 80 % of the RPO (standby region). */
  public get rpoLagAlarm(): cloudwatch.Alarm { return this.secondaryMember.rpoLagAlarm; }
  /** Alarm: the primary writer's CPU above 80 % for 5 minutes (primary region). */
  public get primaryWriterCpuAlarm(): cloudwatch.Alarm { return this.primaryMember.writerCpuAlarm; }
  /** Every alarm of the pair. */
  public readonly alarms: cloudwatch.Alarm[];

  /** The RPO the pair is held to. */
  public readonly rpo: Duration;

  /** The primary region (the region of the pair's stack). */
  public readonly primaryRegion: string;
  /** The standby region (the region of the secondary VPC's stack). */
  public readonly secondaryRegion: string;


  /** The primary member (primary region): cluster, key, logs, credentials, writer CPU alarm. */
  public readonly primaryMember: AuroraPrimaryMember;
  /** The secondary member (standby region, in the standby stack): cluster, instances, key, logs, lag alarms. */
  public readonly secondaryMember: AuroraSecondaryMember;
  /** The construct that reads {@link globalWriterEndpoint} at deploy time (its lookup and the lookup's log group). */
  public readonly writerEndpoint: GlobalWriterEndpoint;

  constructor(scope: Construct, id: string, props: AuroraGlobalPairProps) {
    super(scope, id);
    const primaryStack = Stack.of(this);
    const secondaryStack = props.secondaryStack ?? Stack.of(props.secondaryVpc);
    this.primaryRegion = concreteRegion('primaryVpc', Stack.of(props.primaryVpc));
    this.secondaryRegion = concreteRegion('secondaryVpc', secondaryStack);
    this.rpo = props.rpo ?? Duration.seconds(MIN_RPO_SECONDS);
    this.globalClusterIdentifier = props.globalClusterIdentifier ?? defaultGlobalClusterIdentifier(this);
    validate(props, this);

    const removalPolicy = props.removalPolicy ?? RemovalPolicy.SNAPSHOT;
    // What both members take: they always match.
    const memberProps: Omit<AuroraMemberProps, 'vpc'> = {
      engineVersion: props.engineVersion ?? rds.AuroraPostgresEngineVersion.VER_16_11,
      rpo: this.rpo,
      rpoGuardrail: props.rpoGuardrail,
      backupRetention: props.backupRetention,
      deletionProtection: props.deletionProtection,
      removalPolicy,
      performanceInsightRetention: props.performanceInsightRetention,
      secretReplicaEncryptionKey: props.secretReplicaEncryptionKey,
    };

    this.globalCluster = this.newGlobalCluster(memberProps.engineVersion, props.deletionProtection ?? true, removalPolicy);

    this.primaryMember = new AuroraPrimaryMember(this, 'Primary', {
      ...memberProps,
      vpc: props.primaryVpc,
      encryptionKey: props.primaryEncryptionKey,
      globalCluster: this.globalCluster,
      secretReplicaRegion: this.secondaryRegion,
      databaseName: props.databaseName,
      masterUsername: props.masterUsername,
      instanceType: props.primaryInstanceType,
      readers: props.primaryReaders,
      alarmTopic: props.primaryAlarmTopic,
      secretRotationInterval: props.secretRotationInterval,
      rotationSubnets: props.rotationSubnets ?? defaultRotationSubnets(this, props.primaryVpc),
    });
    this.writerEndpoint = new GlobalWriterEndpoint(this, 'GlobalEndpointLookup', {
      globalCluster: this.globalCluster,
      primaryCluster: this.primaryMember.cluster,
      encryptionKey: this.primaryMember.key,
    });

    secondaryStack.addDependency(
      primaryStack,
      `the secondary cluster joins the Aurora global cluster ${this.globalClusterIdentifier} created in ${primaryStack.stackName}`,
    );
    // Same id as this pair, directly under the standby stack: a stable path (`<standby stack>/<id>/...`).
    this.secondaryMember = new AuroraSecondaryMember(secondaryStack, id, {
      ...memberProps,
      vpc: props.secondaryVpc,
      encryptionKey: props.secondaryEncryptionKey,
      globalClusterIdentifier: this.globalClusterIdentifier,
      instanceType: props.secondaryInstanceType,
      instances: props.secondaryInstances,
      alarmTopic: props.secondaryAlarmTopic,
    });
    if ((props.secondaryInstances ?? 1) === 0) {
      Annotations.of(this).addWarningV2(
        'cdk-dr-payment-platform:headless-secondary',
        'secondaryInstances is 0 (headless secondary): a failover must first add an instance to the secondary cluster, ' +
          'which adds its creation time (typically 10 to 20 minutes) to the RTO (docs/database.md)',
      );
    }
    this.alarms = [this.replicationLagAlarm, this.rpoLagAlarm, this.primaryWriterCpuAlarm];
  }

  /**
   * A metric of the secondary cluster (namespace AWS/RDS, dimension DBClusterIdentifier, standby region):
   * usable on dashboards in either region and on alarms in the standby region.
   * Defaults: statistic Maximum, period 1 minute (override them in `props`).
   */
  public metricSecondary(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.secondaryMember.metric(metricName, props);
  }

  /**
   * A metric of the primary cluster (namespace AWS/RDS, dimension DBClusterIdentifier, primary region).
   * Defaults: statistic Maximum, period 1 minute (override them in `props`).
   */
  public metricPrimary(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.primaryMember.metric(metricName, props);
  }

  /**
   * How far the secondary's storage lags behind the primary (`AuroraGlobalDBReplicationLag`, milliseconds,
   * maximum over 1 minute), on the secondary cluster.
   */
  public metricReplicationLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.secondaryMember.metricReplicationLag(props);
  }

  /**
   * The recovery-point lag: how long a commit on the primary takes to be stored on the secondary
   * (`AuroraGlobalDBRPOLag`, milliseconds, maximum over 1 minute), on the secondary cluster.
   */
  public metricRpoLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.secondaryMember.metricRpoLag(props);
  }

  /**
   * The lag of the secondary behind the primary for user and system transactions (`AuroraGlobalDBProgressLag`,
   * milliseconds, maximum over 1 minute), on the secondary cluster.
   */
  public metricProgressLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.secondaryMember.metricProgressLag(props);
  }

  /**
   * Grant `rds-db:connect` as `dbUser` on the primary cluster (IAM database authentication). The grantee must be
   * in the primary region's stack (or a stack it does not precede).
   */
  public grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant {
    return this.primaryMember.grantConnect(grantee, dbUser);
  }

  /**
   * Grant `rds-db:connect` as `dbUser` on the secondary cluster (IAM database authentication), for principals of
   * the standby region's stack.
   */
  public grantConnectSecondary(grantee: iam.IGrantable, dbUser: string): iam.Grant {
    return this.secondaryMember.grantConnect(grantee, dbUser);
  }

  /**
   * The global cluster: it owns engine, version and encryption; both members join it through
   * GlobalClusterIdentifier, so CloudFormation deletes them before it and can upgrade its engine version.
   */
  private newGlobalCluster(
    engineVersion: rds.AuroraPostgresEngineVersion,
    deletionProtection: boolean,
    removalPolicy: RemovalPolicy,
  ): rds.CfnGlobalCluster {
    const globalCluster = new rds.CfnGlobalCluster(this, 'GlobalCluster', {
      globalClusterIdentifier: this.globalClusterIdentifier,
      engine: 'aurora-postgresql',
      engineVersion: engineVersion.auroraPostgresFullVersion,
      storageEncrypted: true,
      deletionProtection,
    });
    // It holds no data (its members do and snapshot themselves): keep it only on RETAIN, so that a removed pair
    // does not leave an empty global cluster blocking the identifier.
    globalCluster.applyRemovalPolicy(removalPolicyWithoutData(removalPolicy));
    return globalCluster;
  }
}

/**
 * Checks the props before anything is built, in a fixed order (the first failure is reported); the messages name
 * the pair's props. The members check their own props again, under their own names.
 */
function validate(props: AuroraGlobalPairProps, pair: AuroraGlobalPair): void {
  const primaryStack = Stack.of(pair);
  if (pair.primaryRegion !== concreteRegion('scope', primaryStack)) {
    throw new Error(
      `primaryVpc must be in the region of the stack the pair is created in (${primaryStack.region}), got: ${pair.primaryRegion}`,
    );
  }
  const secondaryVpcRegion = props.secondaryVpc.env.region;
  if (props.secondaryStack && !Token.isUnresolved(secondaryVpcRegion) && secondaryVpcRegion !== pair.secondaryRegion) {
    throw new Error(`secondaryVpc must be in the region of secondaryStack (${pair.secondaryRegion}), got: ${secondaryVpcRegion}`);
  }
  if (pair.primaryRegion === pair.secondaryRegion) {
    throw new Error(`secondaryVpc must be in a different region than primaryVpc, got: ${pair.primaryRegion} for both`);
  }
  requireIsolatedSubnets('primaryVpc', props.primaryVpc);
  requireIsolatedSubnets('secondaryVpc', props.secondaryVpc);
  requireEngineVersion(props.engineVersion ?? rds.AuroraPostgresEngineVersion.VER_16_11);
  requireRpo(pair.rpo);
  requireIntegerInRange('primaryReaders', props.primaryReaders ?? 1, 0, 15);
  requireIntegerInRange('secondaryInstances', props.secondaryInstances ?? 1, 0, 16);
  requireBackupRetention(props.backupRetention ?? Duration.days(7));
  requireDatabaseName(props.databaseName ?? 'payments');
  requireGlobalClusterIdentifier(pair.globalClusterIdentifier);
}
