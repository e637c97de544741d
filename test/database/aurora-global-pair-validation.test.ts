import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { testVpc, twoRegions } from './fixtures';
import { build } from './pair-fixture';
import { AuroraGlobalPair } from '../../src';

describe('AuroraGlobalPair', () => {
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
});
