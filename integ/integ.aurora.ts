/**
 * AuroraGlobalPair in two regions (us-east-1 primary, us-west-2 standby), with the assertions a deployed user
 * relies on:
 * - the global cluster has exactly two members: the primary cluster is the writer, the secondary is not writable;
 * - the global cluster is encrypted and runs aurora-postgresql;
 * - the primary cluster is encrypted, uses IAM authentication and exports its PostgreSQL log;
 * - its cluster parameter group forces TLS and sets the RPO guardrail (20 s);
 * - the credentials secret is replicated to the standby region and in sync.
 *
 * The integ variant turns deletion protection off and destroys on removal so that the test can clean up.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AuroraGlobalPair } from '../src';
import { newIntegVpc } from './support/network';
import { PinnedStack } from '../src/private/stack';

const account = '123456789012';
const primaryEnv = { account, region: 'us-east-1' };
const standbyEnv = { account, region: 'us-west-2' };
const globalClusterIdentifier = 'integ-aurora-global';

const app = new App();
const primary = new PinnedStack(app, 'AuroraIntegPrimary', { env: primaryEnv });
const standby = new PinnedStack(app, 'AuroraIntegStandby', { env: standbyEnv });

function network(stack: Stack): ec2.Vpc {
  return newIntegVpc(stack, { maxAzs: 3, mapPublicIpOnLaunch: false });
}

const pair = new AuroraGlobalPair(primary, 'Database', {
  primaryVpc: network(primary),
  secondaryVpc: network(standby),
  globalClusterIdentifier,
  primaryReaders: 0,
  primaryInstanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE),
  deletionProtection: false,
  removalPolicy: RemovalPolicy.DESTROY,
});
new CfnOutput(primary, 'GlobalWriterEndpoint', { value: pair.globalWriterEndpoint });
new CfnOutput(standby, 'SecondaryReaderEndpoint', { value: pair.secondaryCluster.clusterReadEndpoint.hostname });

const integ = new IntegTest(app, 'AuroraGlobal', {
  testCases: [primary, standby],
  assertionStack: new Stack(app, 'AuroraIntegAssertions', { env: primaryEnv }),
});

integ.assertions
  .awsApiCall('RDS', 'describeGlobalClusters', { GlobalClusterIdentifier: globalClusterIdentifier })
  .expect(
    ExpectedResult.objectLike({
      GlobalClusters: [
        Match.objectLike({
          GlobalClusterIdentifier: globalClusterIdentifier,
          Engine: 'aurora-postgresql',
          StorageEncrypted: true,
          // DescribeGlobalClusters lists the primary (writer) member first.
          GlobalClusterMembers: Match.arrayWith([
            Match.objectLike({
              DBClusterArn: Match.stringLikeRegexp(`:us-east-1:[0-9]+:cluster:${globalClusterIdentifier}-primary$`),
              IsWriter: true,
            }),
            Match.objectLike({
              DBClusterArn: Match.stringLikeRegexp(`:us-west-2:[0-9]+:cluster:${globalClusterIdentifier}-secondary$`),
              IsWriter: false,
            }),
          ]),
        }),
      ],
    }),
  );

integ.assertions
  .awsApiCall('SecretsManager', 'describeSecret', { SecretId: `${globalClusterIdentifier}/master` })
  .expect(
    ExpectedResult.objectLike({
      ReplicationStatus: [Match.objectLike({ Region: 'us-west-2', Status: 'InSync' })],
    }),
  );

integ.assertions
  .awsApiCall('RDS', 'describeDBClusters', { DBClusterIdentifier: pair.primaryClusterIdentifier })
  .expect(
    ExpectedResult.objectLike({
      DBClusters: [
        Match.objectLike({
          StorageEncrypted: true,
          IAMDatabaseAuthenticationEnabled: true,
          EnabledCloudwatchLogsExports: ['postgresql'],
          BackupRetentionPeriod: 7,
        }),
      ],
    }),
  );

integ.assertions
  .awsApiCall('RDS', 'describeDBClusterParameters', {
    DBClusterParameterGroupName: pair.primaryParameterGroup.bindToCluster({}).parameterGroupName,
    Source: 'user',
  })
  .expect(
    ExpectedResult.objectLike({
      // Returned sorted by name.
      Parameters: Match.arrayWith([
        Match.objectLike({ ParameterName: 'rds.force_ssl', ParameterValue: '1' }),
        Match.objectLike({ ParameterName: 'rds.global_db_rpo', ParameterValue: '20' }),
      ]),
    }),
  );
