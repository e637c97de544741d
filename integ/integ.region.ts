/**
 * A PRIMARY payment region in us-east-1 whose transaction logs replicate to the standby's bucket in us-west-2
 * (the platform's StandbyStorage stack, deployed first), with the assertions a deployed user relies on:
 * - `https://<regional name>/health` answers 200 through the HTTPS listener (certificate, WAF, target group);
 * - the log bucket's replication configuration has the rule with Replication Time Control (15 minutes).
 *
 * Deploying needs a real public hosted zone: set INTEG_HOSTED_ZONE_ID and INTEG_ZONE_NAME (the snapshot uses
 * placeholders). The buckets and keys are retained on destroy by design (transaction logs): delete them by hand.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { PaymentRegion, PaymentRole, TransactionLogBucket } from '../src';
import { PinnedStack } from '../src/private/stack';

const account = process.env.CDK_INTEG_ACCOUNT ?? '123456789012';
const primaryEnv = { account, region: 'us-east-1' };
const standbyEnv = { account, region: 'us-west-2' };
const zoneName = process.env.INTEG_ZONE_NAME ?? 'example.com';
const hostedZoneId = process.env.INTEG_HOSTED_ZONE_ID ?? 'Z0000000000000EXAMPLE';

const app = new App();
const storage = new PinnedStack(app, 'RegionIntegStandbyStorage', { env: standbyEnv });
const standbyLogs = new TransactionLogBucket(storage, 'TransactionLogs');

const primaryStack = new PinnedStack(app, 'RegionIntegPrimary', { env: primaryEnv, crossRegionReferences: true });
const region = new PaymentRegion(primaryStack, 'Payment', {
  role: PaymentRole.PRIMARY,
  domainName: `pay-integ.${zoneName}`,
  hostedZone: route53.HostedZone.fromHostedZoneAttributes(primaryStack, 'Zone', { hostedZoneId, zoneName }),
  replicationDestination: standbyLogs.asReplicationDestination(),
  natGateways: 1,
  minCapacity: 2,
  maxCapacity: 4,
  loadBalancerDeletionProtection: false,
});
new CfnOutput(primaryStack, 'HealthUrl', { value: `https://${region.regionalDomainName}${region.healthCheckPath}` });

const integ = new IntegTest(app, 'Region', {
  testCases: [storage, primaryStack],
  assertionStack: new Stack(app, 'RegionAssertions', { env: primaryEnv }),
  diffAssets: false,
});

integ.assertions
  .httpApiCall(`https://${region.regionalDomainName}${region.healthCheckPath}`)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) });

integ.assertions
  .awsApiCall('S3', 'getBucketReplication', { Bucket: region.logBucket.bucket.bucketName })
  .expect(
    ExpectedResult.objectLike({
      ReplicationConfiguration: {
        Rules: [
          {
            ID: 'transaction-log-replication',
            Status: 'Enabled',
            Destination: {
              ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
              Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
            },
          },
        ],
      },
    }),
  );
