import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ACCOUNT, STANDBY_REGION, testVpc, twoRegions, TwoRegions } from './fixtures';
import { AuroraGlobalPair, AuroraGlobalPairProps } from '../../src';
import { newEncryptionKey } from '../../src/private/kms';
import { PinnedStack } from '../../src/private/stack';
import { expectCompliant } from '../compliance/harness';

const GLOBAL_ID = 'payments-global';

interface Built extends TwoRegions {
  readonly pair: AuroraGlobalPair;
  readonly primaryTemplate: Template;
  readonly standbyTemplate: Template;
}

function build(props: Partial<AuroraGlobalPairProps> = {}, regions: TwoRegions = twoRegions()): Built {
  const pair = new AuroraGlobalPair(regions.primary, 'Database', {
    primaryVpc: regions.primaryVpc,
    secondaryVpc: regions.standbyVpc,
    globalClusterIdentifier: GLOBAL_ID,
    ...props,
  });
  return {
    ...regions,
    pair,
    primaryTemplate: Template.fromStack(regions.primary),
    standbyTemplate: Template.fromStack(regions.standby),
  };
}

/** The one resource of a type in a template, with its logical id. */
function only(template: Template, type: string): { id: string; resource: any } {
  const found = template.findResources(type);
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return { id: ids[0], resource: found[ids[0]] };
}

describe('AuroraGlobalPair', () => {
  describe('global database wiring', () => {
    const b = build();

    test('the global cluster owns engine, version and encryption', () => {
      b.primaryTemplate.hasResourceProperties('AWS::RDS::GlobalCluster', {
        GlobalClusterIdentifier: GLOBAL_ID,
        Engine: 'aurora-postgresql',
        EngineVersion: '16.11',
        StorageEncrypted: true,
        DeletionProtection: true,
      });
      b.standbyTemplate.resourceCountIs('AWS::RDS::GlobalCluster', 0);
    });

    test('the primary joins the global cluster by reference, with the same engine version', () => {
      const global = only(b.primaryTemplate, 'AWS::RDS::GlobalCluster');
      b.primaryTemplate.hasResourceProperties('AWS::RDS::DBCluster', {
        GlobalClusterIdentifier: { Ref: global.id },
        DBClusterIdentifier: `${GLOBAL_ID}-primary`,
        Engine: 'aurora-postgresql',
        EngineVersion: '16.11',
        MasterUsername: 'payments_admin',
        DatabaseName: 'payments',
      });
    });

    test('the secondary joins through GlobalClusterIdentifier with no master credentials', () => {
      const secondary = only(b.standbyTemplate, 'AWS::RDS::DBCluster');
      expect(secondary.resource.Properties).toEqual(
        expect.objectContaining({
          GlobalClusterIdentifier: GLOBAL_ID,
          DBClusterIdentifier: `${GLOBAL_ID}-secondary`,
          Engine: 'aurora-postgresql',
          EngineVersion: '16.11',
        }),
      );
      for (const absent of ['MasterUsername', 'MasterUserPassword', 'ManageMasterUserPassword', 'DatabaseName', 'SnapshotIdentifier']) {
        expect(secondary.resource.Properties).not.toHaveProperty(absent);
      }
      b.standbyTemplate.resourceCountIs('AWS::SecretsManager::Secret', 0);
    });

    test('the standby stack depends on the primary stack (one cdk deploy --all)', () => {
      expect(b.standby.dependencies).toContain(b.primary);
      expect(b.primary.dependencies).not.toContain(b.standby);
      const manifest = b.app.synth().getStackByName(b.standby.stackName).dependencies.map((d) => d.id);
      expect(manifest).toContain(b.primary.artifactId);
    });

    test('no cross-region reference is needed: the standby template references nothing of the primary', () => {
      expect(JSON.stringify(b.standbyTemplate.toJSON())).not.toMatch(/Fn::ImportValue|CrossRegion/);
      b.primaryTemplate.resourceCountIs('Custom::CrossRegionExportWriter', 0);
    });

    test('each member is encrypted with a customer key of its own region', () => {
      for (const template of [b.primaryTemplate, b.standbyTemplate]) {
        const key = only(template, 'AWS::KMS::Key');
        expect(key.resource.Properties.EnableKeyRotation).toBe(true);
        template.hasResourceProperties('AWS::RDS::DBCluster', {
          StorageEncrypted: true,
          KmsKeyId: { 'Fn::GetAtt': [key.id, 'Arn'] },
        });
        template.allResourcesProperties('AWS::RDS::DBInstance', {
          EnablePerformanceInsights: true,
          PerformanceInsightsKMSKeyId: { 'Fn::GetAtt': [key.id, 'Arn'] },
          PubliclyAccessible: false,
          MonitoringInterval: 60,
        });
      }
    });

    test('both parameter groups force TLS and set the RPO guardrail to 20 seconds', () => {
      for (const template of [b.primaryTemplate, b.standbyTemplate]) {
        const group = only(template, 'AWS::RDS::DBClusterParameterGroup');
        expect(group.resource.Properties).toEqual(
          expect.objectContaining({
            Family: 'aurora-postgresql16',
            Parameters: expect.objectContaining({ 'rds.force_ssl': '1', 'rds.global_db_rpo': '20', 'log_connections': '1' }),
          }),
        );
        template.hasResourceProperties('AWS::RDS::DBCluster', { DBClusterParameterGroupName: { Ref: group.id } });
      }
    });

    test('clusters are in isolated subnets only', () => {
      for (const [template, stack] of [[b.primaryTemplate, b.primary], [b.standbyTemplate, b.standby]] as const) {
        const vpc = stack === b.primary ? b.primaryVpc : b.standbyVpc;
        const isolated = vpc.isolatedSubnets.map((s) => stack.resolve(s.subnetId));
        const group = only(template, 'AWS::RDS::DBSubnetGroup');
        expect(group.resource.Properties.SubnetIds).toEqual(isolated);
        template.hasResourceProperties('AWS::RDS::DBCluster', { DBSubnetGroupName: { Ref: group.id } });
      }
    });

    test('deletion protection, snapshot on removal, backups, IAM auth and log exports on both members', () => {
      for (const template of [b.primaryTemplate, b.standbyTemplate]) {
        template.hasResource('AWS::RDS::DBCluster', {
          DeletionPolicy: 'Snapshot',
          UpdateReplacePolicy: 'Snapshot',
          Properties: Match.objectLike({
            DeletionProtection: true,
            BackupRetentionPeriod: 7,
            EnableIAMDatabaseAuthentication: true,
            EnableCloudwatchLogsExports: ['postgresql'],
            CopyTagsToSnapshot: true,
            Port: 5432,
          }),
        });
      }
    });

    test('PostgreSQL logs go to KMS-encrypted log groups kept 365 days, created before the clusters', () => {
      for (const [template, id] of [
        [b.primaryTemplate, `${GLOBAL_ID}-primary`],
        [b.standbyTemplate, `${GLOBAL_ID}-secondary`],
      ] as const) {
        const key = only(template, 'AWS::KMS::Key');
        const [logGroupId, logGroupResource] = Object.entries(template.findResources('AWS::Logs::LogGroup', {
          Properties: { LogGroupName: `/aws/rds/cluster/${id}/postgresql` },
        }))[0];
        const logGroup = { id: logGroupId, resource: logGroupResource };
        expect(logGroup.resource.Properties).toEqual({
          LogGroupName: `/aws/rds/cluster/${id}/postgresql`,
          RetentionInDays: 365,
          KmsKeyId: { 'Fn::GetAtt': [key.id, 'Arn'] },
        });
        const cluster = only(template, 'AWS::RDS::DBCluster');
        expect(cluster.resource.DependsOn).toContain(logGroup.id);
        // CloudWatch Logs may use the key for this log group only.
        const statements = key.resource.Properties.KeyPolicy.Statement;
        expect(statements).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              Sid: 'AllowCloudWatchLogsForTheClusterLog',
              Condition: {
                ArnEquals: {
                  'kms:EncryptionContext:aws:logs:arn': {
                    'Fn::Join': ['', expect.arrayContaining([expect.stringContaining(`log-group:/aws/rds/cluster/${id}/postgresql`)])],
                  },
                },
              },
            }),
          ]),
        );
      }
    });

    test('primary: writer + 1 reader r6g.xlarge; secondary: 1 instance r6g.large', () => {
      b.primaryTemplate.resourcePropertiesCountIs('AWS::RDS::DBInstance', { DBInstanceClass: 'db.r6g.xlarge' }, 2);
      b.primaryTemplate.resourceCountIs('AWS::RDS::DBInstance', 2);
      const secondary = only(b.standbyTemplate, 'AWS::RDS::DBCluster');
      b.standbyTemplate.resourceCountIs('AWS::RDS::DBInstance', 1);
      b.standbyTemplate.hasResourceProperties('AWS::RDS::DBInstance', {
        DBInstanceClass: 'db.r6g.large',
        DBClusterIdentifier: { Ref: secondary.id },
        Engine: 'aurora-postgresql',
      });
    });

    test('the credentials secret is KMS-encrypted, replicated to the standby region and rotated', () => {
      const key = only(b.primaryTemplate, 'AWS::KMS::Key');
      b.primaryTemplate.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: `${GLOBAL_ID}/master`,
        KmsKeyId: { 'Fn::GetAtt': [key.id, 'Arn'] },
        ReplicaRegions: [{ Region: STANDBY_REGION }],
      });
      b.primaryTemplate.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
        RotationRules: { ScheduleExpression: 'rate(30 days)' },
      });
      // The rotation function runs in the private subnets with egress (it calls the Secrets Manager API).
      const rotation = only(b.primaryTemplate, 'AWS::Serverless::Application');
      const privateIds = b.primaryVpc.privateSubnets.map((s) => b.primary.resolve(s.subnetId));
      expect(rotation.resource.Properties.Parameters.vpcSubnetIds).toEqual({
        'Fn::Join': ['', [privateIds[0], ',', privateIds[1], ',', privateIds[2]]],
      });
    });

    test('secondarySecret is the replica: same name, standby region, readable by a standby service', () => {
      const regions = twoRegions();
      const role = new iam.Role(regions.standby, 'ReaderRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
      const pair = new AuroraGlobalPair(regions.primary, 'Database', {
        primaryVpc: regions.primaryVpc,
        secondaryVpc: regions.standbyVpc,
        globalClusterIdentifier: GLOBAL_ID,
      });
      pair.secondarySecret.grantRead(role);
      Template.fromStack(regions.standby).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [
            Match.objectLike({
              Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
              Resource: {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:secretsmanager:${STANDBY_REGION}:${ACCOUNT}:secret:${GLOBAL_ID}/master-??????`]],
              },
            }),
          ],
        },
      });
      expect(b.standby.resolve(b.pair.secondarySecret.secretArn)).toEqual({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:secretsmanager:${STANDBY_REGION}:${ACCOUNT}:secret:${GLOBAL_ID}/master`]],
      });
      expect(b.pair.secondarySecret.stack).toBe(b.standby);
    });

    test('reads the global writer endpoint at deploy time (CloudFormation has no attribute for it)', () => {
      const lookups = b.primaryTemplate.findResources('Custom::AWS');
      const [lookupId, lookup] = Object.entries(lookups)[0];
      expect(b.primary.resolve(b.pair.globalWriterEndpoint)).toEqual({ 'Fn::GetAtt': [lookupId, 'GlobalClusters.0.Endpoint'] });
      const create = JSON.stringify(lookup.Properties.Create);
      expect(create).toContain('describeGlobalClusters');
      expect(create).toContain(`\\"GlobalClusterIdentifier\\":\\"${GLOBAL_ID}\\"`);
      const global = only(b.primaryTemplate, 'AWS::RDS::GlobalCluster');
      expect(lookup.DependsOn).toEqual(expect.arrayContaining([global.id]));
      // the lookup may describe this global cluster only
      b.primaryTemplate.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [
            {
              Action: 'rds:DescribeGlobalClusters',
              Effect: 'Allow',
              Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:rds::${ACCOUNT}:global-cluster:${GLOBAL_ID}`]] },
            },
          ],
        },
      });
      expect(b.pair.globalClusterIdentifier).toBe(GLOBAL_ID);
    });

    test('the secondary cluster is an IDatabaseCluster of the standby stack with its endpoints', () => {
      const secondary = only(b.standbyTemplate, 'AWS::RDS::DBCluster');
      expect(b.pair.secondaryCluster.stack).toBe(b.standby);
      expect(b.standby.resolve(b.pair.secondaryCluster.clusterEndpoint.hostname)).toEqual({
        'Fn::GetAtt': [secondary.id, 'Endpoint.Address'],
      });
      expect(b.standby.resolve(b.pair.secondaryCluster.clusterReadEndpoint.hostname)).toEqual({
        'Fn::GetAtt': [secondary.id, 'ReadEndpoint.Address'],
      });
      expect(b.pair.secondaryDbInstances).toHaveLength(1);
      expect(b.pair.secondaryClusterResource.node.path).toBe('Standby/Database/Cluster');
    });
  });

  describe('alarms', () => {
    test('replication-lag and RPO-lag alarms watch the secondary cluster, in the standby region, thresholds from the RPO', () => {
      const b = build();
      const topic = only(b.standbyTemplate, 'AWS::SNS::Topic');
      b.standbyTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/RDS',
        MetricName: 'AuroraGlobalDBReplicationLag',
        Dimensions: [{ Name: 'DBClusterIdentifier', Value: `${GLOBAL_ID}-secondary` }],
        Statistic: 'Maximum',
        Period: 60,
        Threshold: 10000,
        EvaluationPeriods: 3,
        AlarmActions: [{ Ref: topic.id }],
        OKActions: [{ Ref: topic.id }],
        InsufficientDataActions: [{ Ref: topic.id }],
      });
      b.standbyTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'AuroraGlobalDBRPOLag',
        Dimensions: [{ Name: 'DBClusterIdentifier', Value: `${GLOBAL_ID}-secondary` }],
        Threshold: 16000,
        AlarmActions: [{ Ref: topic.id }],
      });
      // Nothing alarms on the primary's (non-existent) replication metrics.
      b.primaryTemplate.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: Match.stringLikeRegexp('AuroraGlobalDB') }, 0);
      b.primaryTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'CPUUtilization',
        Dimensions: Match.arrayWith([{ Name: 'DBClusterIdentifier', Value: `${GLOBAL_ID}-primary` }]),
        AlarmActions: [{ Ref: only(b.primaryTemplate, 'AWS::SNS::Topic').id }],
      });
      expect(b.pair.alarms).toHaveLength(3);
      // The alarm topics are KMS-encrypted with the region's key.
      const key = only(b.standbyTemplate, 'AWS::KMS::Key');
      expect(topic.resource.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [key.id, 'Arn'] });
    });

    test('a 60-second RPO sets the guardrail and scales the thresholds; alarms go to the caller\'s topics', () => {
      const regions = twoRegions();
      const primaryTopic = new sns.Topic(regions.primary, 'OpsTopic');
      const standbyTopic = new sns.Topic(regions.standby, 'OpsTopic');
      const b = build({ rpo: Duration.seconds(60), primaryAlarmTopic: primaryTopic, secondaryAlarmTopic: standbyTopic }, regions);
      b.standbyTemplate.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
        Parameters: Match.objectLike({ 'rds.global_db_rpo': '60' }),
      });
      b.standbyTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'AuroraGlobalDBReplicationLag',
        Threshold: 30000,
        AlarmActions: [{ Ref: b.standby.getLogicalId(standbyTopic.node.defaultChild as any) }],
      });
      b.standbyTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'AuroraGlobalDBRPOLag', Threshold: 48000 });
      b.primaryTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmActions: [{ Ref: b.primary.getLogicalId(primaryTopic.node.defaultChild as any) }],
      });
      // No topic of the pair's own when the caller passes them.
      b.standbyTemplate.resourceCountIs('AWS::SNS::Topic', 1);
      b.primaryTemplate.resourceCountIs('AWS::SNS::Topic', 1);
    });

    test('with the guardrail off, rds.global_db_rpo is not set but the alarms stay', () => {
      const b = build({ rpoGuardrail: false });
      for (const template of [b.primaryTemplate, b.standbyTemplate]) {
        const group = only(template, 'AWS::RDS::DBClusterParameterGroup');
        expect(group.resource.Properties.Parameters).not.toHaveProperty('rds.global_db_rpo');
        expect(group.resource.Properties.Parameters['rds.force_ssl']).toBe('1');
      }
      b.standbyTemplate.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: Match.stringLikeRegexp('AuroraGlobalDB') }, 2);
    });

    test('metric helpers name the secondary cluster and the standby region', () => {
      const b = build();
      for (const [metric, name] of [
        [b.pair.metricReplicationLag(), 'AuroraGlobalDBReplicationLag'],
        [b.pair.metricRpoLag(), 'AuroraGlobalDBRPOLag'],
        [b.pair.metricProgressLag({ statistic: 'Average' }), 'AuroraGlobalDBProgressLag'],
      ] as const) {
        expect(metric.metricName).toBe(name);
        expect(metric.namespace).toBe('AWS/RDS');
        expect(metric.dimensions).toEqual({ DBClusterIdentifier: `${GLOBAL_ID}-secondary` });
        expect(metric.region).toBe(STANDBY_REGION);
      }
      expect(b.pair.metricProgressLag({ statistic: 'Average' }).statistic).toBe('Average');
      expect(b.pair.metricPrimary('CPUUtilization').dimensions).toEqual({ DBClusterIdentifier: `${GLOBAL_ID}-primary` });
    });
  });

  describe('access', () => {
    test('grantConnect and grantConnectSecondary give rds-db:connect on each cluster for the user', () => {
      const regions = twoRegions();
      const b0 = new AuroraGlobalPair(regions.primary, 'Database', {
        primaryVpc: regions.primaryVpc,
        secondaryVpc: regions.standbyVpc,
        globalClusterIdentifier: GLOBAL_ID,
      });
      const primaryRole = new iam.Role(regions.primary, 'AppRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
      const standbyRole = new iam.Role(regions.standby, 'AppRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
      b0.grantConnect(primaryRole, 'payments_app');
      b0.grantConnectSecondary(standbyRole, 'payments_app');
      const primaryCluster = only(Template.fromStack(regions.primary), 'AWS::RDS::DBCluster');
      Template.fromStack(regions.primary).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [
            {
              Action: 'rds-db:connect',
              Effect: 'Allow',
              Resource: {
                'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [primaryCluster.id, 'DBClusterResourceId'] }, '/payments_app'])],
              },
            },
          ],
        },
      });
      const standbyCluster = only(Template.fromStack(regions.standby), 'AWS::RDS::DBCluster');
      Template.fromStack(regions.standby).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [
            {
              Action: 'rds-db:connect',
              Effect: 'Allow',
              Resource: {
                'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [standbyCluster.id, 'DBClusterResourceId'] }, '/payments_app'])],
              },
            },
          ],
        },
      });
    });

    test('connections open 5432 from a service security group in each region', () => {
      const regions = twoRegions();
      const pair = new AuroraGlobalPair(regions.primary, 'Database', {
        primaryVpc: regions.primaryVpc,
        secondaryVpc: regions.standbyVpc,
      });
      const primaryService = new ec2.SecurityGroup(regions.primary, 'Service', { vpc: regions.primaryVpc });
      const standbyService = new ec2.SecurityGroup(regions.standby, 'Service', { vpc: regions.standbyVpc });
      pair.primaryConnections.allowDefaultPortFrom(primaryService);
      pair.secondaryConnections.allowDefaultPortFrom(standbyService);
      for (const [stack, sg, service] of [
        [regions.primary, pair.primarySecurityGroup, primaryService],
        [regions.standby, pair.secondarySecurityGroup, standbyService],
      ] as const) {
        Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
          IpProtocol: 'tcp',
          FromPort: 5432,
          ToPort: 5432,
          GroupId: stack.resolve(sg.securityGroupId),
          SourceSecurityGroupId: stack.resolve(service.securityGroupId),
        });
      }
    });
  });

  describe('options', () => {
    test('headless secondary: no instances, and a warning about the RTO cost', () => {
      const b = build({ secondaryInstances: 0 });
      b.standbyTemplate.resourceCountIs('AWS::RDS::DBInstance', 0);
      b.standbyTemplate.resourceCountIs('AWS::RDS::DBCluster', 1);
      Annotations.fromStack(b.primary).hasWarning(
        '/Primary/Database',
        Match.stringLikeRegexp('secondaryInstances is 0 \\(headless secondary\\): a failover must first add an instance'),
      );
    });

    test('reader counts, instance types, engine version, backups and removal are configurable', () => {
      const b = build({
        primaryReaders: 3,
        secondaryInstances: 2,
        primaryInstanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE2),
        secondaryInstanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE),
        engineVersion: rds.AuroraPostgresEngineVersion.VER_17_4,
        backupRetention: Duration.days(35),
        removalPolicy: RemovalPolicy.RETAIN,
        deletionProtection: false,
      });
      b.primaryTemplate.resourcePropertiesCountIs('AWS::RDS::DBInstance', { DBInstanceClass: 'db.r7g.2xlarge' }, 4);
      b.standbyTemplate.resourcePropertiesCountIs('AWS::RDS::DBInstance', { DBInstanceClass: 'db.r7g.xlarge' }, 2);
      b.primaryTemplate.hasResourceProperties('AWS::RDS::GlobalCluster', { EngineVersion: '17.4', DeletionProtection: false });
      for (const template of [b.primaryTemplate, b.standbyTemplate]) {
        template.hasResource('AWS::RDS::DBCluster', {
          DeletionPolicy: 'Retain',
          Properties: Match.objectLike({ EngineVersion: '17.4', BackupRetentionPeriod: 35, DeletionProtection: false }),
        });
        template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Family: 'aurora-postgresql17' });
      }
      b.primaryTemplate.hasResource('AWS::RDS::GlobalCluster', { DeletionPolicy: 'Retain' });
    });

    test('with the default SNAPSHOT removal, the data-less global cluster is deleted after its members', () => {
      const b = build();
      b.primaryTemplate.hasResource('AWS::RDS::GlobalCluster', { DeletionPolicy: 'Delete' });
    });

    test('the default global cluster identifier is deterministic, valid and names both members', () => {
      const make = () => {
        const regions = twoRegions();
        return new AuroraGlobalPair(regions.primary, 'Database', { primaryVpc: regions.primaryVpc, secondaryVpc: regions.standbyVpc });
      };
      const first = make();
      expect(first.globalClusterIdentifier).toBe(make().globalClusterIdentifier);
      expect(first.globalClusterIdentifier).toMatch(/^[a-z](?:-?[a-z0-9])*$/);
      expect(first.globalClusterIdentifier.length).toBeLessThanOrEqual(53);
      expect(first.primaryClusterIdentifier).toBe(`${first.globalClusterIdentifier}-primary`);
      expect(first.secondaryClusterIdentifier).toBe(`${first.globalClusterIdentifier}-secondary`);
    });

    test('without private subnets with egress, rotation runs in the isolated subnets and a warning asks for an endpoint', () => {
      const regions = twoRegions();
      const isolatedOnly = testVpc(regions.primary, 'IsolatedOnly', [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }]);
      new AuroraGlobalPair(regions.primary, 'Database', { primaryVpc: isolatedOnly, secondaryVpc: regions.standbyVpc });
      const rotation = only(Template.fromStack(regions.primary), 'AWS::Serverless::Application');
      const isolatedIds = isolatedOnly.isolatedSubnets.map((s) => regions.primary.resolve(s.subnetId));
      expect(rotation.resource.Properties.Parameters.vpcSubnetIds).toEqual({
        'Fn::Join': ['', [isolatedIds[0], ',', isolatedIds[1], ',', isolatedIds[2]]],
      });
      Annotations.fromStack(regions.primary).hasWarning(
        '/Primary/Database',
        Match.stringLikeRegexp('needs a Secrets Manager interface endpoint'),
      );
    });

    test('a customer key for the secret replica is passed to the replica region', () => {
      // The key lives in a standby-region stack deployed before the primary (the replica is created with the primary).
      const regions = twoRegions(STANDBY_REGION, true);
      const storage = new PinnedStack(regions.app, 'StandbyStorage', {
        env: { account: ACCOUNT, region: STANDBY_REGION },
        crossRegionReferences: true,
      });
      const replicaKey = newEncryptionKey(storage, 'Key', { description: 'standby storage' });
      const b = build({ secretReplicaEncryptionKey: replicaKey }, regions);
      b.primaryTemplate.hasResourceProperties('AWS::SecretsManager::Secret', {
        ReplicaRegions: [{ Region: STANDBY_REGION, KmsKeyId: Match.anyValue() }],
      });
      expect(b.primary.dependencies).toContain(storage);
    });
  });

  describe('validation', () => {
    test('fails when both VPCs are in the same region', () => {
      const regions = twoRegions('us-east-1');
      expect(() => build({}, regions)).toThrow('secondaryVpc must be in a different region than primaryVpc, got: us-east-1 for both');
    });

    test('fails when the engine version is older than 16', () => {
      expect(() => build({ engineVersion: rds.AuroraPostgresEngineVersion.VER_15_4 })).toThrow(
        'engineVersion must be aurora-postgresql 16 or later, got: 15.4',
      );
    });

    test('fails when the rpo is below 20 seconds', () => {
      expect(() => build({ rpo: Duration.seconds(10) })).toThrow(
        'rpo must be at least 20 seconds (the minimum of rds.global_db_rpo), got: 10 seconds',
      );
    });

    test('fails when primaryReaders is out of range', () => {
      expect(() => build({ primaryReaders: 16 })).toThrow('primaryReaders must be an integer between 0 and 15, got: 16');
      expect(() => build({ primaryReaders: -1 })).toThrow('primaryReaders must be an integer between 0 and 15, got: -1');
    });

    test('fails when secondaryInstances is out of range', () => {
      expect(() => build({ secondaryInstances: 17 })).toThrow('secondaryInstances must be an integer between 0 and 16, got: 17');
      expect(() => build({ secondaryInstances: 1.5 })).toThrow('secondaryInstances must be an integer between 0 and 16, got: 1.5');
    });

    test('fails when a VPC has no isolated subnets', () => {
      const regions = twoRegions();
      const noIsolated = testVpc(regions.standby, 'NoIsolated', [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ]);
      expect(() =>
        new AuroraGlobalPair(regions.primary, 'Database', { primaryVpc: regions.primaryVpc, secondaryVpc: noIsolated }),
      ).toThrow('secondaryVpc must have private isolated subnets for the database, got: none in Standby/NoIsolated');
    });

    test('fails when the globalClusterIdentifier is invalid', () => {
      const message = (id: string) =>
        'globalClusterIdentifier must be 1 to 53 lowercase letters, digits or hyphens, start with a letter, ' +
        `and neither end with a hyphen nor hold two consecutive hyphens, got: ${id}`;
      for (const id of ['Payments', '1payments', 'pay--ments', 'payments-', 'a'.repeat(54), 'pay_ments']) {
        expect(() => build({ globalClusterIdentifier: id })).toThrow(message(id));
      }
    });

    test('fails when backupRetention is below 7 days', () => {
      expect(() => build({ backupRetention: Duration.days(3) })).toThrow(
        'backupRetention must be a whole number of days between 7 and 35, got: 3 days',
      );
    });

    test('fails when databaseName is invalid', () => {
      expect(() => build({ databaseName: 'pay-ments' })).toThrow(
        'databaseName must start with a letter and hold only letters, digits and underscores (at most 63), got: pay-ments',
      );
    });

    test('fails when the primary VPC is not in the region of the pair\'s stack', () => {
      const regions = twoRegions();
      expect(
        () => new AuroraGlobalPair(regions.primary, 'Database', { primaryVpc: regions.standbyVpc, secondaryVpc: regions.standbyVpc }),
      ).toThrow('primaryVpc must be in the region of the stack the pair is created in (us-east-1), got: us-west-2');
    });

    test('fails when a stack is environment-agnostic', () => {
      const regions = twoRegions();
      const agnostic = new Stack(regions.app, 'Agnostic');
      const vpc = new ec2.Vpc(agnostic, 'Vpc');
      expect(() => new AuroraGlobalPair(regions.primary, 'Database', { primaryVpc: regions.primaryVpc, secondaryVpc: vpc })).toThrow(
        'secondaryVpc must be in a stack with an explicit region (env), got: an environment-agnostic stack Agnostic',
      );
    });
  });

  describe('compliance', () => {
    test('both stacks pass cdk-nag (3 packs), cfn-guard and cfn-lint', () => {
      const b = build();
      const report = expectCompliant(b.app);
      expect(report.templates.map((t) => t.split('/').pop()).sort()).toEqual(['Primary.template.json', 'Standby.template.json']);
    });
  });
});
