import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { ACCOUNT, STANDBY_REGION, testVpc, twoRegions } from './fixtures';
import { build, only } from './pair-fixture';
import { AuroraGlobalPair } from '../../src';
import { newEncryptionKey } from '../../src/private/kms';
import { PinnedStack } from '../../src/private/stack';

describe('AuroraGlobalPair', () => {
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
});
