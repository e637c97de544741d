/**
 * ValidationFunction with the application role's secret: the validation and relay functions connect with it and
 * cannot read the master secret; only the schema migration reads the master secret, and it reads the application
 * secret to set the role's password.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PinnedStack } from '../../src/private/stack';
import { ValidationFunction } from '../../src/validation/validation-function';
import { expectCompliant } from '../compliance/harness';

const env = { account: '123456789012', region: 'us-east-1' };
const MASTER_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:payments/master-AbCdEf';
const APP_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:payments/app-GhIjKl';

function build(): { app: App; stack: Stack; template: Template } {
  const app = new App();
  const stack = new PinnedStack(app, 'ValidationStack', { env });
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    vpcCidrBlock: '10.0.0.0/16',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
    privateSubnetRouteTableIds: ['rtb-0aaaaaaaaaaaaaaa1', 'rtb-0aaaaaaaaaaaaaaa2'],
  });
  new ValidationFunction(stack, 'Validation', {
    vpc,
    database: {
      hostname: 'payments.global-abc123.global.rds.amazonaws.com',
      secret: secretsmanager.Secret.fromSecretCompleteArn(stack, 'Master', MASTER_ARN),
      applicationSecret: secretsmanager.Secret.fromSecretCompleteArn(stack, 'App', APP_ARN),
      connections: ec2.SecurityGroup.fromSecurityGroupId(stack, 'DbSg', 'sg-0db0db0db0db0db00'),
    },
    logBucket: s3.Bucket.fromBucketAttributes(stack, 'LogBucket', {
      bucketName: 'payments-transaction-log-us-east-1',
      encryptionKey: kms.Key.fromKeyArn(stack, 'BucketKey', 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555'),
    }),
    velocity: { maxPayments: 5, window: Duration.minutes(10) },
    alarmTopic: sns.Topic.fromTopicArn(stack, 'Topic', 'arn:aws:sns:us-east-1:123456789012:payments-alarms'),
  });
  return { app, stack, template: Template.fromStack(stack) };
}

function functionWith(template: Template, variable: string): any {
  const fns = Object.values(template.findResources('AWS::Lambda::Function', {
    Properties: { Environment: { Variables: { [variable]: Match.anyValue() } } },
  }));
  expect(fns).toHaveLength(1);
  return fns[0];
}

function secretReads(template: Template, fn: any): unknown[] {
  const role = fn.Properties.Role['Fn::GetAtt'][0];
  const policies = template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [{ Ref: role }] } });
  return Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement)
    .filter((s: any) => [s.Action].flat().includes('secretsmanager:GetSecretValue'))
    .map((s: any) => s.Resource);
}

describe('ValidationFunction with an application secret', () => {
  const { app, template } = build();
  const validation = functionWith(template, 'FINGERPRINT_KEY_SECRET_ARN');
  const relay = functionWith(template, 'LOG_BUCKET_NAME');
  const migration = functionWith(template, 'APP_DB_SECRET_ARN');

  test('the validation and relay functions connect with the application secret and cannot read the master', () => {
    for (const fn of [validation, relay]) {
      expect(fn.Properties.Environment.Variables.DB_SECRET_ARN).toBe(APP_ARN);
      expect(fn.Properties.Environment.Variables.APP_DB_SECRET_ARN).toBeUndefined();
      expect(secretReads(template, fn)).toContain(APP_ARN);
      expect(secretReads(template, fn)).not.toContain(MASTER_ARN);
    }
  });

  test('only the migration reads the master secret; it also reads the application secret to set the password', () => {
    expect(migration.Properties.Environment.Variables).toMatchObject({ DB_SECRET_ARN: MASTER_ARN, APP_DB_SECRET_ARN: APP_ARN });
    expect(secretReads(template, migration)).toEqual([MASTER_ARN, APP_ARN]);
    const readers = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .filter((p: any) => JSON.stringify(p.Properties.PolicyDocument).includes(MASTER_ARN));
    expect(readers).toHaveLength(1);
    // Adding the application secret re-runs the migration (a changed property), which sets the password.
    template.hasResourceProperties('Custom::PaymentValidationSchema', { ApplicationSecret: APP_ARN });
  });

  test('the validation and relay functions are created and updated after the migration (the role and its password exist)', () => {
    const [schemaId] = Object.keys(template.findResources('Custom::PaymentValidationSchema'));
    for (const fn of [validation, relay]) expect(fn.DependsOn).toEqual(expect.arrayContaining([schemaId]));
  });

  test('compliance harness: no finding', () => {
    expectCompliant(app, {
      cfnLintIgnore: {
        W3005: 'aws-cdk-lib Function always adds DependsOn on its execution role (to order the role and its policies before the function); the GetAtt makes it redundant, not wrong',
      },
    });
  });
});
