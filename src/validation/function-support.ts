import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../private/compliance';

/**
 * What the three validation functions (validation, transaction-log relay, schema migration) share: arm64 in the VPC
 * with the construct's security group and key, the database connection settings.
 */
export interface SharedFunctionProps {
  /** The VPC of the function. */
  readonly vpc: ec2.IVpc;
  /** Subnets of the function. */
  readonly vpcSubnets: ec2.SubnetSelection;
  /** Security group of the function (out to the database and to HTTPS). */
  readonly securityGroup: ec2.ISecurityGroup;
  /** Key encrypting the function's environment and log group. */
  readonly encryptionKey: kms.IKey;
  /** Retention of the function's log group. */
  readonly logRetention: logs.RetentionDays;
  /** Secret of the database credentials: every function may read it. */
  readonly databaseSecret: secretsmanager.ISecret;
  /** Environment variables locating the database (DB_HOST, DB_PORT, DB_SECRET_ARN, ...). */
  readonly databaseEnvironment: Record<string, string>;
}

/** The log group, role and least-privilege policy of one function. */
export interface FunctionPermissions {
  /** Log group of the function (KMS-encrypted, retained). */
  readonly logGroup: logs.LogGroup;
  /** Execution role of the function. */
  readonly role: iam.Role;
  /** The role's only policy (customer-managed): the function must depend on it. */
  readonly policy: iam.ManagedPolicy;
}

/** Lambda function options every validation function shares. */
export function vpcFunctionOptions(props: SharedFunctionProps) {
  return {
    architecture: lambda.Architecture.ARM_64,
    vpc: props.vpc,
    vpcSubnets: props.vpcSubnets,
    securityGroups: [props.securityGroup],
    environmentEncryption: props.encryptionKey,
  };
}

/**
 * Creates in `scope` the `LogGroup`, `ServiceRole` and `ServicePolicy` of one function: a retained, KMS-encrypted log
 * group of its own and a role with only what a VPC function writing to it needs, in a customer-managed policy (no AWS
 * managed policy, no inline policy) that also allows reading the database secret. The function must depend on the
 * policy: Lambda checks the network-interface permissions when it creates a VPC function.
 */
export function newFunctionPermissions(scope: Construct, what: string, props: SharedFunctionProps): FunctionPermissions {
  const logGroup = new logs.LogGroup(scope, 'LogGroup', {
    retention: props.logRetention,
    encryptionKey: props.encryptionKey,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const role = new iam.Role(scope, 'ServiceRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `${what}: logs, VPC network interfaces, its secrets`,
  });
  const policy = new iam.ManagedPolicy(scope, 'ServicePolicy', {
    description: `${what}: least-privilege permissions`,
    roles: [role],
    statements: [
      new iam.PolicyStatement({
        sid: 'WriteOwnLogGroup',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
      new iam.PolicyStatement({
        sid: 'VpcNetworkInterfaces',
        actions: [
          'ec2:CreateNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSubnets',
          'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses',
          'ec2:UnassignPrivateIpAddresses',
        ],
        resources: ['*'],
      }),
    ],
  });
  acknowledge(policy, [
    {
      id: 'AwsSolutions-IAM5',
      reason: 'Lambda VPC networking: the EC2 network-interface actions Lambda calls for a VPC function do not support resource-level permissions (same statement as the AWSLambdaVPCAccessExecutionRole managed policy)',
      appliesTo: ['Resource::*'],
    },
  ]);
  grantSecretValue(policy, props.databaseSecret);
  return { logGroup, role, policy };
}

/** secretsmanager:GetSecretValue on one secret (and kms:Decrypt on its key through Secrets Manager). */
export function grantSecretValue(policy: iam.ManagedPolicy, secret: secretsmanager.ISecret): void {
  // A secret imported by name has a partial ARN: match the 6-character suffix Secrets Manager appends.
  const arn = secret.secretFullArn ?? `${secret.secretArn}-??????`;
  policy.addStatements(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [arn] }));
  if (secret.encryptionKey) {
    policy.addStatements(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [secret.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(policy).region}.amazonaws.com` } },
      }),
    );
  }
}

/** The compliance findings every validation function has, and why they are acceptable. */
export function acknowledgeFunction(fn: lambda.Function): void {
  acknowledge(fn, [
    {
      id: 'AwsSolutions-L1',
      reason: 'the bundled handler is built and tested for Node.js 22 (nodejs22.x, supported until April 2027); the runtime moves with the library, not per deployment',
    },
    {
      id: 'NIST.800.53.R5-LambdaDLQ',
      reason: 'invoked synchronously (the caller gets the error and retries with the same paymentId) or by the relay schedule (the next run, a minute later, retries); the migration reports failures to CloudFormation',
    },
  ]);
}
