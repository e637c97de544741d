import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ACCOUNT, STANDBY_REGION, twoRegions } from './fixtures';
import { build, GLOBAL_ID, only } from './pair-fixture';
import { AuroraGlobalPair } from '../../src';
import { expectCompliant } from '../compliance/harness';

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

  describe('compliance', () => {
    test('both stacks pass cdk-nag (3 packs), cfn-guard and cfn-lint', () => {
      const b = build();
      const report = expectCompliant(b.app);
      expect(report.templates.map((t) => t.split('/').pop()).sort()).toEqual(['Primary.template.json', 'Standby.template.json']);
    });
  });
});
