import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { testVpc, twoRegions } from './fixtures';
import { AuroraGlobalPair, AuroraPrimaryMember, AuroraSecondaryMember } from '../../src';

const GLOBAL_ID = 'payments-global';
const VERSION = rds.AuroraPostgresEngineVersion.VER_16_11;

describe('AuroraGlobalPair parts', () => {
  test('the pair composes the global cluster, both members and the endpoint lookup at stable paths', () => {
    const regions = twoRegions();
    const pair = new AuroraGlobalPair(regions.primary, 'Database', {
      primaryVpc: regions.primaryVpc,
      secondaryVpc: regions.standbyVpc,
      globalClusterIdentifier: GLOBAL_ID,
    });
    expect(pair.globalCluster.node.path).toBe('Primary/Database/GlobalCluster');
    expect(pair.primaryMember.node.path).toBe('Primary/Database/Primary');
    expect(pair.writerEndpoint.node.path).toBe('Primary/Database/GlobalEndpointLookup');
    expect(pair.secondaryMember.node.path).toBe('Standby/Database');
    expect(pair.primaryCluster).toBe(pair.primaryMember.cluster);
    expect(pair.secondaryClusterResource).toBe(pair.secondaryMember.clusterResource);
    expect(pair.globalWriterEndpoint).toBe(pair.writerEndpoint.endpoint);
    expect(pair.globalEndpointLookup).toBe(pair.writerEndpoint.lookup);
    expect(pair.alarms).toEqual([
      pair.secondaryMember.replicationLagAlarm,
      pair.secondaryMember.rpoLagAlarm,
      pair.primaryMember.writerCpuAlarm,
    ]);
  });

  test('a secondary member on its own joins the named global cluster with its instances and lag alarms', () => {
    const regions = twoRegions();
    const member = new AuroraSecondaryMember(regions.standby, 'Replica', {
      vpc: regions.standbyVpc,
      globalClusterIdentifier: GLOBAL_ID,
      engineVersion: VERSION,
      instances: 2,
      rpo: Duration.seconds(40),
    });
    const template = Template.fromStack(regions.standby);
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      GlobalClusterIdentifier: GLOBAL_ID,
      DBClusterIdentifier: `${GLOBAL_ID}-secondary`,
    });
    template.resourceCountIs('AWS::RDS::DBInstance', 2);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'AuroraGlobalDBRPOLag', Threshold: 32000 });
    expect(member.metricProgressLag().dimensions).toEqual({ DBClusterIdentifier: `${GLOBAL_ID}-secondary` });
    expect(member.secret.stack).toBe(regions.standby);
  });

  test('a member checks its own props', () => {
    const regions = twoRegions();
    const noIsolated = testVpc(regions.standby, 'NoIsolated', [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    ]);
    const secondary = (id: string, props: { vpc?: ec2.IVpc; instances?: number }) =>
      new AuroraSecondaryMember(regions.standby, id, {
        vpc: props.vpc ?? regions.standbyVpc,
        globalClusterIdentifier: GLOBAL_ID,
        engineVersion: VERSION,
        instances: props.instances,
      });
    expect(() => secondary('A', { instances: 17 })).toThrow('instances must be an integer between 0 and 16, got: 17');
    expect(() => secondary('B', { vpc: noIsolated })).toThrow(
      'vpc must have private isolated subnets for the database, got: none in Standby/NoIsolated',
    );
    const unnamed = new rds.CfnGlobalCluster(regions.primary, 'Unnamed', { engine: 'aurora-postgresql' });
    expect(
      () =>
        new AuroraPrimaryMember(regions.primary, 'Member', {
          vpc: regions.primaryVpc,
          globalCluster: unnamed,
          engineVersion: VERSION,
          secretReplicaRegion: regions.standby.region,
        }),
    ).toThrow('globalCluster must have a globalClusterIdentifier, got: none on Primary/Unnamed');
  });
});
