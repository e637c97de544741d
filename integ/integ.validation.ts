/**
 * ValidationFunction deployed against a real Aurora PostgreSQL cluster, with the assertions a user relies on:
 * a valid payment is accepted (200) once the schema migration custom resource has run, sending the same payment
 * again returns the identical response (idempotency on paymentId), byte for byte, and the same id with another amount
 * is a conflict (409).
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { newIntegVpc } from './support/network';
import { newReplayChecker } from './support/replay-checker';
import { newEncryptionKey } from '../src/private/kms';
import { PinnedStack } from '../src/private/stack';
import { ValidationFunction } from '../src/validation/validation-function';

const env = { account: '123456789012', region: 'us-east-1' };
const app = new App();
const stack = new PinnedStack(app, 'ValidationInteg', { env });

const vpc = newIntegVpc(stack);
const dataKey = newEncryptionKey(stack, 'DataKey', { description: 'integ: validation data', removalPolicy: RemovalPolicy.DESTROY });
const cluster = new rds.DatabaseCluster(stack, 'Database', {
  engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_6 }),
  writer: rds.ClusterInstance.serverlessV2('Writer'),
  serverlessV2MinCapacity: 0.5,
  serverlessV2MaxCapacity: 2,
  vpc,
  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  storageEncrypted: true,
  storageEncryptionKey: dataKey,
  removalPolicy: RemovalPolicy.DESTROY,
});
const bucket = new s3.Bucket(stack, 'LogBucket', {
  encryption: s3.BucketEncryption.KMS,
  encryptionKey: dataKey,
  enforceSSL: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  removalPolicy: RemovalPolicy.DESTROY,
  autoDeleteObjects: true,
});

const validation = new ValidationFunction(stack, 'Validation', {
  vpc,
  database: { hostname: cluster.clusterEndpoint.hostname, secret: cluster.secret!, connections: cluster },
  logBucket: bucket,
  velocity: { maxPayments: 5, window: Duration.hours(1) },
  currencyLimits: [{ currency: 'USD', maxAmountMinorUnits: 5_000_000 }],
});
// The migration runs once the writer instance accepts connections.
validation.migration!.node.addDependency(cluster);

const integ = new IntegTest(app, 'Validation', {
  testCases: [stack],
  assertionStack: new Stack(app, 'ValidationAssertions', { env }),
});
const payment = {
  paymentId: 'integ-payment-0001',
  merchantId: 'integ-merchant',
  amount: 1999,
  currency: 'USD',
  card: { number: '4111111111111111', expiryMonth: 12, expiryYear: 2099 },
};
const first = integ.assertions.invokeFunction({ functionName: validation.function.functionName, payload: JSON.stringify(payment) });
first.expect(
  ExpectedResult.objectLike({
    StatusCode: 200,
    Payload: Match.serializedJson({
      statusCode: 200,
      body: Match.serializedJson({ paymentId: 'integ-payment-0001', status: 'VALID', cardLast4: '1111', decidedAt: Match.stringLikeRegexp('^20') }),
    }),
  }),
);

// "Same again -> identical body" needs the first body as the expected value; an assertion cannot embed one invoke's
// JSON string in another's expectation (CloudFormation would splice it unescaped), so a small checker function in the
// test stack invokes the function twice and compares the responses byte for byte, then sends a conflicting request.
const checker = newReplayChecker(stack, validation);
const replay = integ.assertions.invokeFunction({ functionName: checker.functionName, payload: JSON.stringify({ payment }) });
replay.expect(
  ExpectedResult.objectLike({
    StatusCode: 200,
    Payload: Match.serializedJson({
      firstStatus: 200,
      firstBody: { paymentId: 'integ-payment-0001', status: 'VALID', cardLast4: '1111', decidedAt: Match.stringLikeRegexp('^20') },
      identical: true,
      conflictStatus: 409,
    }),
  }),
);
first.next(replay);
