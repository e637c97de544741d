/**
 * The full two-region platform (`DrPaymentPlatform`: StandbyStorage ← Primary ← Standby ← Dns), with the assertions
 * a deployed user relies on:
 * - the Aurora global cluster has both members: the primary cluster is the writer, the standby's is not;
 * - the payment domain has its PRIMARY and SECONDARY failover alias records, each with the platform's health check,
 *   and Route 53's HTTPS checks of both regions' `/health` report success;
 * - `https://<payment domain>/health` answers 200 through the failover records (certificate, ALB, WAF, service);
 * - a valid payment sent to the primary validation function is accepted (200, VALID), and sending the same payment
 *   again returns the identical response byte for byte (idempotency on paymentId), while the same id with another
 *   amount is a conflict (409);
 * - the Region switch plan is active/passive with its two activate workflows;
 * - each region has its backup vault, locked (Vault Lock), with the platform's retention limits;
 * - the deploy guard refuses a deployment that declares the wrong active region: its function, given what
 *   CloudFormation gives it with `DeclaredActiveRegion` set to the standby (the writer is in the primary), answers
 *   the runbook message, and it agrees with the declared state the stacks were deployed with.
 *
 * Offline, the snapshot is synthesized with placeholders. A real deployment needs an account and a public hosted
 * zone, given through integ-runner's own variables (which the runner replaces by its placeholders when it
 * synthesizes the snapshot, so the snapshot stays the same on every machine):
 *
 *   CDK_INTEG_ACCOUNT=111122223333 CDK_INTEG_HOSTED_ZONE_ID=Z... CDK_INTEG_HOSTED_ZONE_NAME=example.org \
 *     npx integ-runner --language typescript --update-on-failed integ.platform.ts
 *
 * The payment domain is `pay-integ.<zone>`. Sizes are reduced (one reader-less r6g.large writer, two tasks per
 * region, one NAT gateway per region) and deletion protection is off on the database and both load balancers so that
 * the runner's destroy succeeds. The transaction-log buckets, KMS keys and log groups are retained by design
 * (payment records): delete them by hand after the test; the primary cluster leaves a final snapshot. The backup vaults
 * are retained too, and locked in GOVERNANCE mode here (compliance mode would make them undeletable after 3 days, and
 * their fixed names would block the next run): remove them by hand with `aws backup delete-backup-vault-lock-configuration`,
 * `delete-recovery-point` for each recovery point, then `delete-backup-vault`, in both regions. The transaction-log
 * buckets use GOVERNANCE Object Lock for the same reason (`s3:BypassGovernanceRetention` deletes their versions).
 */
import { AwsApiCall, ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DrPaymentPlatform, ObjectLockMode, VaultLockMode } from '../src';
import { newReplayChecker } from './support/replay-checker';

const PRIMARY = 'us-east-1';
const STANDBY = 'us-west-2';
// integ-runner sets CDK_INTEG_ACCOUNT to the placeholder 12345678 while it synthesizes the snapshot; the platform
// accepts only 12-digit account ids, so anything else falls back to a 12-digit placeholder.
const integAccount = process.env.CDK_INTEG_ACCOUNT;
const account = integAccount && /^\d{12}$/.test(integAccount) ? integAccount : '123456789012';
const hostedZoneId = process.env.CDK_INTEG_HOSTED_ZONE_ID ?? 'Z0123456789EXAMPLE';
const zoneName = process.env.CDK_INTEG_HOSTED_ZONE_NAME ?? 'example.com';
const domainName = `pay-integ.${zoneName}`;

const app = new App();
const platform = new DrPaymentPlatform(app, 'PlatformInteg', {
  account,
  primaryRegion: PRIMARY,
  standbyRegion: STANDBY,
  domainName,
  hostedZone: { hostedZoneId, zoneName },
  alertEmails: ['payments-integ@example.com'],
  // `cdk destroy` must be able to remove the load balancers and clusters of a test deployment.
  primary: { minCapacity: 2, maxCapacity: 4, natGateways: 1, loadBalancerDeletionProtection: false },
  standby: { minCapacity: 2, maxCapacity: 4, natGateways: 1, loadBalancerDeletionProtection: false },
  database: {
    primaryInstanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE),
    primaryReaders: 0,
    deletionProtection: false,
    removalPolicy: RemovalPolicy.DESTROY,
  },
  // A test deployment must be removable: locks that principals allowed to can lift (see the header).
  backup: { vaultLockMode: VaultLockMode.GOVERNANCE, transactionLogLockMode: ObjectLockMode.GOVERNANCE },
});

// Every assertion below calls an API that is global (Route 53, ARC Region switch), answers for the global cluster
// from the primary region (RDS DescribeGlobalClusters), or targets a primary-region resource (the validation
// function): one assertion stack in the primary region covers them all.
const assertionStack = new Stack(app, 'PlatformIntegAssertions', { env: { account, region: PRIMARY } });
// The standby vault is read in its own region: the assertion stack's calls run in the primary region, so a small
// stack in the standby region (deployed after the platform) holds that one call.
const standbyAssertions = new Stack(app, 'PlatformIntegStandbyAssertions', { env: { account, region: STANDBY } });
standbyAssertions.addDependency(platform.standbyStack, 'reads the standby backup vault');
const integ = new IntegTest(app, 'Platform', {
  testCases: [platform.standbyStorageStack, platform.primaryStack, platform.standbyStack, platform.dnsStack, standbyAssertions],
  assertionStack,
  // The stacks pin their own regions; the runner's region only hosts the CLI session.
  regions: [PRIMARY],
  // Asset hashes change with every handler edit; the handlers have their own tests and snapshots.
  diffAssets: false,
  // The platform takes most of an hour to deploy (global database, two regions): deploy once, without first deploying
  // the previous snapshot to exercise an update.
  stackUpdateWorkflow: false,
});
new CfnOutput(assertionStack, 'PaymentHealthUrl', { value: `https://${domainName}${platform.primary.healthCheckPath}` });

// 1. The global cluster has both members: the primary cluster is the writer and its only reader cluster is the
// standby's. The order of GlobalClusterMembers is not documented, so each member is matched on its own.
const globalClusterIdentifier = platform.database.globalClusterIdentifier;
const primaryClusterArn = Match.stringLikeRegexp(`:${PRIMARY}:[0-9]+:cluster:${platform.database.primaryClusterIdentifier}$`);
const secondaryClusterArn = Match.stringLikeRegexp(`:${STANDBY}:[0-9]+:cluster:${platform.database.secondaryClusterIdentifier}$`);
integ.assertions
  .awsApiCall('RDS', 'describeGlobalClusters', { GlobalClusterIdentifier: globalClusterIdentifier })
  .expect(ExpectedResult.objectLike({
    GlobalClusters: [
      Match.objectLike({
        GlobalClusterIdentifier: globalClusterIdentifier,
        Engine: 'aurora-postgresql',
        StorageEncrypted: true,
        // The writer lists every other member as a reader: exactly one, the standby's cluster (two members in all).
        GlobalClusterMembers: Match.arrayWith([
          Match.objectLike({ DBClusterArn: primaryClusterArn, IsWriter: true, ReaderDBClusterArns: [secondaryClusterArn] }),
        ]),
      }),
    ],
  }));
// The standby's member, read through the `region` filter (global clusters with a member in the standby region).
integ.assertions
  .awsApiCall('RDS', 'describeGlobalClusters', { Filters: [{ Name: 'region', Values: [STANDBY] }] })
  .expect(ExpectedResult.objectLike({
    GlobalClusters: Match.arrayWith([
      Match.objectLike({
        GlobalClusterIdentifier: globalClusterIdentifier,
        GlobalClusterMembers: Match.arrayWith([Match.objectLike({ DBClusterArn: secondaryClusterArn, IsWriter: false })]),
      }),
    ]),
  }));

// 2. The failover pair for the payment domain: PRIMARY in the primary region, SECONDARY in the standby, each alias
// evaluating target health and carrying the platform's record health check. Records of one name and type are listed
// from a set identifier on (StartRecordIdentifier), so each record is read on its own, whatever their order.
const failoverRecords = [
  { failover: 'PRIMARY', setIdentifier: platform.dns.primarySetIdentifier, healthCheck: platform.dns.primaryRecordHealthCheck },
  { failover: 'SECONDARY', setIdentifier: platform.dns.standbySetIdentifier, healthCheck: platform.dns.standbyRecordHealthCheck },
];
for (const record of failoverRecords) {
  integ.assertions
    .awsApiCall('Route53', 'listResourceRecordSets', {
      HostedZoneId: hostedZoneId,
      StartRecordName: domainName,
      StartRecordType: 'A',
      StartRecordIdentifier: record.setIdentifier,
      MaxItems: '1',
    })
    .expect(ExpectedResult.objectLike({
      ResourceRecordSets: [
        Match.objectLike({
          Name: `${domainName}.`,
          Type: 'A',
          SetIdentifier: record.setIdentifier,
          Failover: record.failover,
          HealthCheckId: record.healthCheck.healthCheckId,
          AliasTarget: Match.objectLike({ EvaluateTargetHealth: true }),
        }),
      ],
    }));
}

// Route 53's checkers see both regions healthy (HTTPS /health with SNI on the regional names): failover has a target.
for (const healthCheck of [platform.dns.primaryEndpointHealthCheck, platform.dns.standbyEndpointHealthCheck]) {
  integ.assertions
    .awsApiCall('Route53', 'getHealthCheckStatus', { HealthCheckId: healthCheck.healthCheckId })
    .expect(ExpectedResult.objectLike({
      HealthCheckObservations: Match.arrayWith([
        Match.objectLike({ StatusReport: Match.objectLike({ Status: Match.stringLikeRegexp('^Success') }) }),
      ]),
    }))
    .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) });
}

// 3. The payment domain answers over HTTPS through the failover records (DNS and tasks may need a few minutes).
integ.assertions
  .httpApiCall(`https://${domainName}${platform.primary.healthCheckPath}`)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) });

// 4. A valid payment through the primary validation function is accepted.
const card = { number: '4111111111111111', expiryMonth: 12, expiryYear: 2099 };
const payment = { paymentId: 'integ-platform-0001', merchantId: 'integ-merchant', amount: 1999, currency: 'USD', card };
const accepted = integ.assertions.invokeFunction({
  functionName: platform.primaryValidation.function.functionName,
  payload: JSON.stringify(payment),
});
accepted
  .expect(ExpectedResult.objectLike({
    StatusCode: 200,
    Payload: Match.serializedJson({
      statusCode: 200,
      body: Match.serializedJson({ paymentId: payment.paymentId, status: 'VALID', cardLast4: '1111', decidedAt: Match.stringLikeRegexp('^20') }),
    }),
  }))
  // The function's first calls may meet a cold VPC path or the global writer endpoint's DNS still propagating.
  .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(20) });

// Idempotency: "the same payment again returns the identical body" needs the first body as the expected value, and an
// assertion cannot embed one response's JSON string in another's expectation (CloudFormation would splice it
// unescaped). As in integ.validation.ts, a checker function (in the assertion stack, so the platform's stacks stay as
// the library builds them) sends a new payment, sends it again, compares the two responses byte for byte, and sends
// the same id with another amount.
const checker = newReplayChecker(assertionStack, platform.primaryValidation);
const replayed = { ...payment, paymentId: 'integ-platform-0002' };
const replay = integ.assertions.invokeFunction({ functionName: checker.functionName, payload: JSON.stringify({ payment: replayed }) });
replay.expect(ExpectedResult.objectLike({
  StatusCode: 200,
  Payload: Match.serializedJson({
    firstStatus: 200,
    firstBody: { paymentId: replayed.paymentId, status: 'VALID', cardLast4: '1111', decidedAt: Match.stringLikeRegexp('^20') },
    identical: true,
    conflictStatus: 409,
  }),
}));
// After the first payment is accepted: the schema and the path to the database are proven ready.
accepted.next(replay);

// 5. The Region switch plan is active/passive with its two activate workflows (standby: failover/switchover;
// primary: failback).
const failoverPlan = platform.failoverPlan;
if (!failoverPlan) {
  throw new Error('the platform has no Region switch plan: failover.enabled must stay true in this test');
}
integ.assertions
  .awsApiCall('@aws-sdk/client-arc-region-switch', 'GetPlanCommand', { arn: failoverPlan.planArn })
  .expect(ExpectedResult.objectLike({
    plan: Match.objectLike({
      recoveryApproach: 'activePassive',
      primaryRegion: PRIMARY,
      workflows: [
        Match.objectLike({ workflowTargetAction: 'activate', workflowTargetRegion: STANDBY }),
        Match.objectLike({ workflowTargetAction: 'activate', workflowTargetRegion: PRIMARY }),
      ],
    }),
  }));

// 6. Each region's backup vault exists and is locked, with the retention limits the platform set (7 to 365 days).
const lockedVault = (name: string) => ExpectedResult.objectLike({
  BackupVaultName: name,
  Locked: true,
  MinRetentionDays: 7,
  MaxRetentionDays: 365,
  EncryptionKeyArn: Match.stringLikeRegexp('^arn:aws[a-z-]*:kms:'),
});
integ.assertions
  .awsApiCall('Backup', 'describeBackupVault', { BackupVaultName: platform.primaryBackup.backupVaultName })
  .expect(lockedVault(platform.primaryBackup.backupVaultName));
new AwsApiCall(standbyAssertions, 'StandbyBackupVault', {
  service: 'Backup',
  api: 'describeBackupVault',
  parameters: { BackupVaultName: platform.standbyBackup.backupVaultName },
}).expect(lockedVault(platform.standbyBackup.backupVaultName));

// 7. The deploy guard (Custom::WriterRegionGuard): invoked as CloudFormation would invoke it, but declaring the
// standby active while the writer is in the primary, it refuses with the runbook message; with the declared state of
// this deployment (the primary), it agrees. The function answers a direct invocation with its verdict.
const [primaryGuard] = platform.writerRegionGuards;
const guardEvent = (declaredActiveRegion: string) => JSON.stringify({
  RequestType: 'Update',
  ResourceProperties: { GlobalClusterIdentifier: globalClusterIdentifier, DeclaredActiveRegion: declaredActiveRegion, PrimaryRegion: PRIMARY },
});
integ.assertions
  .invokeFunction({ functionName: primaryGuard.function.functionName, payload: guardEvent(STANDBY) })
  .expect(ExpectedResult.objectLike({
    StatusCode: 200,
    Payload: Match.serializedJson({
      ok: false,
      writerRegion: PRIMARY,
      message: `the global cluster's writer is in ${PRIMARY} but the app declares ${STANDBY} active: set activeRegion (docs/operations.md#after-a-failover) before deploying`,
    }),
  }));
integ.assertions
  .invokeFunction({ functionName: primaryGuard.function.functionName, payload: guardEvent(PRIMARY) })
  .expect(ExpectedResult.objectLike({ StatusCode: 200, Payload: Match.serializedJson(Match.objectLike({ ok: true, writerRegion: PRIMARY })) }));
