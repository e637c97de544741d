import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PinnedStack } from '../../src/private/stack';
import { LATEST_SCHEMA_VERSION } from '../../src/validation/runtime/migrations';
import { ValidationFunction, ValidationFunctionProps } from '../../src/validation/validation-function';
import { expectCompliant } from '../compliance/harness';

const env = { account: '123456789012', region: 'us-east-1' };
const DB_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:payments/db-AbCdEf';
const BUCKET_KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';
const GLOBAL_WRITER = 'payments.global-abc123.global.rds.amazonaws.com';

function imported(stack: Stack) {
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    vpcCidrBlock: '10.0.0.0/16',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
    privateSubnetRouteTableIds: ['rtb-0aaaaaaaaaaaaaaa1', 'rtb-0aaaaaaaaaaaaaaa2'],
  });
  const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'DbSecret', DB_SECRET_ARN);
  const bucket = s3.Bucket.fromBucketAttributes(stack, 'LogBucket', {
    bucketName: 'payments-transaction-log-us-east-1',
    encryptionKey: kms.Key.fromKeyArn(stack, 'BucketKey', BUCKET_KEY_ARN),
  });
  const dbSecurityGroup = ec2.SecurityGroup.fromSecurityGroupId(stack, 'DbSg', 'sg-0db0db0db0db0db00');
  return { vpc, secret, bucket, dbSecurityGroup };
}

function objectsArn(pattern: string) {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::payments-transaction-log-us-east-1/${pattern}`]] };
}

function build(overrides: Partial<ValidationFunctionProps> = {}) {
  const app = new App();
  const stack = new PinnedStack(app, 'ValidationStack', { env });
  const { vpc, secret, bucket, dbSecurityGroup } = imported(stack);
  const topic = sns.Topic.fromTopicArn(stack, 'Topic', 'arn:aws:sns:us-east-1:123456789012:payments-alarms');
  const validation = new ValidationFunction(stack, 'Validation', {
    vpc,
    database: { hostname: GLOBAL_WRITER, secret, connections: dbSecurityGroup },
    logBucket: bucket,
    velocity: { maxPayments: 5, window: Duration.minutes(10) },
    currencyLimits: [{ currency: 'USD', maxAmountMinorUnits: 5_000_000 }, { currency: 'JPY', maxAmountMinorUnits: 1_000_000 }],
    alarmTopic: topic,
    ...overrides,
  });
  return { app, stack, validation, template: Template.fromStack(stack) };
}

/** The function whose environment has `variable` (exactly one). */
function functionWith(template: Template, variable: string): any {
  const fns = template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { [variable]: Match.anyValue() } } } });
  const values = Object.values(fns);
  expect(values).toHaveLength(1);
  return values[0];
}
const validationFunction = (template: Template) => functionWith(template, 'FINGERPRINT_KEY_SECRET_ARN');
const relayFunction = (template: Template) => functionWith(template, 'LOG_BUCKET_NAME');

/** The statements of the customer-managed policies of a function's role. */
function statementsOf(template: Template, fn: any): any[] {
  const role = fn.Properties.Role['Fn::GetAtt'][0];
  const policies = template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [{ Ref: role }] } });
  expect(template.findResources('AWS::IAM::Role')[role].Properties.ManagedPolicyArns).toBeUndefined(); // no AWS managed policy
  return Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('ValidationFunction', () => {
  const { app, stack, validation, template } = build();

  test('Node.js 22 on arm64 in the private subnets with its security group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 10,
      ReservedConcurrentExecutions: 50,
      VpcConfig: {
        SubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('ValidationSecurityGroup'), 'GroupId'] }],
      },
      KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ValidationEncryptionKey'), 'Arn'] },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('ValidationLogGroup') } },
    });
  });

  test('environment carries configuration and secret ARNs, never a secret value', () => {
    const vars = validationFunction(template).Properties.Environment.Variables;
    expect(vars).toEqual({
      AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
      DB_HOST: GLOBAL_WRITER,
      DB_PORT: '5432',
      DB_SECRET_ARN: DB_SECRET_ARN,
      DB_POOL_MAX: '2',
      NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
      FINGERPRINT_KEY_SECRET_ARN: { Ref: expect.stringMatching(/^ValidationFingerprintKey/) },
      CURRENCY_LIMITS: '{"USD":5000000,"JPY":1000000}',
      VELOCITY_MAX_PAYMENTS: '5',
      VELOCITY_WINDOW_SECONDS: '600',
      POWERTOOLS_SERVICE_NAME: 'payment-validation',
      POWERTOOLS_METRICS_NAMESPACE: 'PaymentValidation',
    });
    expect(JSON.stringify(vars)).not.toMatch(/password|PGPASSWORD|CARD_FINGERPRINT_KEY/i);
    expect(relayFunction(template).Properties.Environment.Variables).toEqual({
      AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
      DB_HOST: GLOBAL_WRITER,
      DB_PORT: '5432',
      DB_SECRET_ARN: DB_SECRET_ARN,
      DB_POOL_MAX: '4',
      NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
      LOG_BUCKET_NAME: 'payments-transaction-log-us-east-1',
      LOG_KEY_PREFIX: 'validation/',
      POWERTOOLS_SERVICE_NAME: 'payment-validation',
      POWERTOOLS_METRICS_NAMESPACE: 'PaymentValidation',
    });
  });

  test('the relay: its own function in the VPC, one run at a time, ending before the next minute, stale runs dropped', () => {
    const relay = relayFunction(template);
    expect(relay.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Timeout: 50,
      ReservedConcurrentExecutions: 1,
      VpcConfig: { SecurityGroupIds: [{ 'Fn::GetAtt': [expect.stringMatching(/ValidationSecurityGroup/), 'GroupId'] }] },
      LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/^ValidationRelayLogGroup/) } },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: Match.stringLikeRegexp('^ValidationRelayFunction') },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
    });
    expect(stack.resolve(validation.relayFunction.functionName)).toEqual({ Ref: expect.stringMatching(/^ValidationRelayFunction/) });
  });

  test('least privilege: the validation function reads its two secrets and cannot write to S3', () => {
    expect(template.findResources('AWS::IAM::Policy')).toEqual({}); // no inline policy
    const statements = statementsOf(template, validationFunction(template));
    const byAction = (action: string) => statements.filter((s: any) => [s.Action].flat().includes(action));
    expect(statements.flatMap((s: any) => [s.Action].flat()).filter((a: string) => a.startsWith('s3:'))).toEqual([]);
    expect(byAction('kms:GenerateDataKey')).toEqual([]);
    expect(byAction('secretsmanager:GetSecretValue').map((s: any) => s.Resource)).toEqual([
      DB_SECRET_ARN,
      { Ref: expect.stringMatching(/^ValidationFingerprintKey/) },
    ]);
    expect(byAction('secretsmanager:GetSecretValue').every((s: any) => s.Action === 'secretsmanager:GetSecretValue')).toBe(true);
    expect(byAction('kms:Decrypt')).toEqual([
      expect.objectContaining({
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/ValidationEncryptionKey/), 'Arn'] },
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
      }),
    ]);
    // No statement grants anything on every resource except the EC2 network-interface actions.
    for (const s of statements.filter((x: any) => x.Resource === '*')) {
      expect([s.Action].flat().every((a: string) => a.startsWith('ec2:'))).toBe(true);
    }
  });

  test('least privilege: the relay puts objects under the prefix and reads only the database secret', () => {
    const statements = statementsOf(template, relayFunction(template));
    const byAction = (action: string) => statements.filter((s: any) => [s.Action].flat().includes(action));
    expect(byAction('s3:PutObject')).toEqual([
      { Sid: 'TransactionLogPutOnPrefix', Effect: 'Allow', Action: 's3:PutObject', Resource: objectsArn('validation/*') },
    ]);
    expect(statements.flatMap((s: any) => [s.Action].flat()).filter((a: string) => a.startsWith('s3:'))).toEqual(['s3:PutObject']);
    expect(byAction('kms:GenerateDataKey')).toEqual([{ Sid: 'TransactionLogEncrypt', Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: BUCKET_KEY_ARN }]);
    expect(byAction('secretsmanager:GetSecretValue').map((s: any) => s.Resource)).toEqual([DB_SECRET_ARN]);
    for (const s of statements.filter((x: any) => x.Resource === '*')) {
      expect([s.Action].flat().every((a: string) => a.startsWith('ec2:'))).toBe(true);
    }
  });

  test('security group: egress to the database port and HTTPS only; the database allows the function in', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: Match.arrayWith([Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' })]),
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { FromPort: 5432, ToPort: 5432, DestinationSecurityGroupId: 'sg-0db0db0db0db0db00' });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5432,
      ToPort: 5432,
      GroupId: 'sg-0db0db0db0db0db00',
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('ValidationSecurityGroup'), 'GroupId'] },
    });
    expect(validation.connections.securityGroups).toEqual([validation.securityGroup]);
  });

  test('logs: KMS-encrypted, kept one year, retained', () => {
    template.resourceCountIs('AWS::Logs::LogGroup', 3);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: Match.anyValue() });
    for (const lg of Object.values(template.findResources('AWS::Logs::LogGroup'))) {
      expect((lg as any).DeletionPolicy).toBe('Retain');
    }
  });

  test('a generated fingerprint key secret, KMS-encrypted and retained', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('ValidationEncryptionKey'), 'Arn'] }, GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true } },
    });
  });

  test('schema migration custom resource with its own function', () => {
    template.hasResourceProperties('Custom::PaymentValidationSchema', {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('ValidationMigrationFunction'), 'Arn'] },
      SchemaVersion: LATEST_SCHEMA_VERSION,
      MigrationsChecksum: Match.stringLikeRegexp('^[0-9a-f]{64}$'),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Timeout: 300,
      ReservedConcurrentExecutions: 1,
      Environment: { Variables: Match.objectLike({ DB_HOST: GLOBAL_WRITER, DB_SECRET_ARN, NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem' }) },
    });
    expect(validation.migration).toBeDefined();
    expect(validation.migrationFunction).toBeDefined();
    // The migration waits for the database ingress rule (created under the database's security group).
    const migration = Object.entries(template.findResources('Custom::PaymentValidationSchema'))[0][1] as any;
    const ingress = Object.keys(template.findResources('AWS::EC2::SecurityGroupIngress'));
    expect(ingress).toHaveLength(1);
    expect(migration.DependsOn).toEqual(expect.arrayContaining(ingress));
  });

  test('the transaction-log relay runs every minute, a missed run is not retried', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ValidationRelayFunction[0-9A-F]{8}$'), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
      })],
    });
    expect(validation.relaySchedule).toBeDefined();
  });

  test('alarms on errors, throttles, p99 duration and the transaction-log backlog, to the topic', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Statistic: 'Sum', Threshold: 1, AlarmActions: ['arn:aws:sns:us-east-1:123456789012:payments-alarms'] });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Throttles', Statistic: 'Sum', Threshold: 1 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Duration', ExtendedStatistic: 'p99', Threshold: 1000, EvaluationPeriods: 3 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'TransactionLogOldestPendingAge',
      Namespace: 'PaymentValidation',
      Dimensions: [{ Name: 'service', Value: 'payment-validation' }],
      Statistic: 'Maximum',
      Threshold: 300,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^ValidationRelayFunction') } }],
      Threshold: 1,
    });
    expect(validation.alarms).toHaveLength(5);
    expect(validation.alarms).toContain(validation.relayErrorsAlarm);
  });

  test('metric helpers', () => {
    expect(stack.resolve(validation.metricPaymentsAccepted().namespace)).toBe('PaymentValidation');
    expect(validation.metricDuration().statistic).toBe('p99');
    expect(validation.metricDatabaseUnavailable({ period: Duration.minutes(1) }).period.toMinutes()).toBe(1);
    expect(validation.metricTransactionLogPending().metricName).toBe('TransactionLogPending');
    expect(validation.metricTransactionLogRecordsWritten().statistic).toBe('Sum');
    expect(validation.metricTransactionLogOldestPendingAge().statistic).toBe('Maximum');
    const cardData = validation.metricRequestsWithCardDataInField();
    expect([cardData.metricName, cardData.statistic, stack.resolve(cardData.namespace)]).toEqual(['RequestsWithCardDataInField', 'Sum', 'PaymentValidation']);
  });

  test('passes cdk-nag (AwsSolutions, PCI DSS 3.2.1, NIST 800-53 R5), cfn-guard and cfn-lint', () => {
    expectCompliant(app, {
      cfnLintIgnore: {
        W3005: 'aws-cdk-lib Function always adds DependsOn on its execution role (to order the role and its policies before the function); the GetAtt makes it redundant, not wrong',
      },
    });
  });
});

describe('ValidationFunction options', () => {
  test('runMigrations false: no custom resource, no migration function', () => {
    const { template, validation } = build({ runMigrations: false });
    template.resourceCountIs('Custom::PaymentValidationSchema', 0);
    template.resourceCountIs('AWS::Lambda::Function', 2);
    expect(validation.migration).toBeUndefined();
  });

  test('a given fingerprint key is used and no secret is created', () => {
    const app = new App();
    const stack = new PinnedStack(app, 'S', { env });
    const { vpc, secret, bucket } = imported(stack);
    const key = secretsmanager.Secret.fromSecretNameV2(stack, 'Fp', 'payments/fingerprint-key');
    new ValidationFunction(stack, 'Validation', { vpc, database: { hostname: 'db', port: 6432, secret }, logBucket: bucket, velocity: { maxPayments: 1, window: Duration.hours(1) }, fingerprintKey: key, runMigrations: false });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'secretsmanager:GetSecretValue', Resource: Match.objectLike({ 'Fn::Join': Match.anyValue() }) })]) },
    });
    const policy = JSON.stringify(template.findResources('AWS::IAM::ManagedPolicy'));
    expect(policy).toContain('secret:payments/fingerprint-key-??????');
    // Without database connections, egress goes to the VPC on the database port.
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: Match.arrayWith([Match.objectLike({ CidrIp: '10.0.0.0/16', FromPort: 6432, ToPort: 6432 })]),
    });
  });

  test('reservedConcurrency, memory, timeout, prefix and retention are configurable', () => {
    const { template } = build({ reservedConcurrency: 7, memorySize: 1024, timeout: Duration.seconds(5), logKeyPrefix: 'tx/validation/', logRetention: logs.RetentionDays.TWO_YEARS });
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 7, MemorySize: 1024, Timeout: 5 });
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 's3:PutObject', Resource: objectsArn('tx/validation/*') })]) },
    });
  });

  test('transactionLogMaxDelay sets the backlog alarm threshold', () => {
    const { template } = build({ transactionLogMaxDelay: Duration.minutes(15) });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'TransactionLogOldestPendingAge', Threshold: 900 });
  });
  test('fails when transactionLogMaxDelay is shorter than two relay periods', () => {
    expect(() => build({ transactionLogMaxDelay: Duration.seconds(90) })).toThrow('transactionLogMaxDelay must be at least 2 minutes (the relay runs every minute), got: 1 minute 30 seconds');
  });
  test('fails when logRetention is shorter than a year', () => {
    expect(() => build({ logRetention: logs.RetentionDays.SIX_MONTHS })).toThrow('logRetention must be at least 365 days (PCI DSS 10.5.1), got: 180');
  });
  test('fails when reservedConcurrency is not a positive integer', () => {
    expect(() => build({ reservedConcurrency: 0 })).toThrow('reservedConcurrency must be a positive integer, got: 0');
  });
  test('fails when a currency is not an active ISO 4217 code', () => {
    expect(() => build({ currencyLimits: [{ currency: 'XAU', maxAmountMinorUnits: 5 }] })).toThrow('currencyLimits currency must be an active ISO 4217 code, got: XAU');
  });
  test('fails when a limit is not a positive integer', () => {
    expect(() => build({ currencyLimits: [{ currency: 'USD', maxAmountMinorUnits: 10.5 }] })).toThrow('currencyLimits maxAmountMinorUnits must be a positive integer, got: USD 10.5');
  });
  test('fails when a currency is listed twice', () => {
    expect(() => build({ currencyLimits: [{ currency: 'USD', maxAmountMinorUnits: 1 }, { currency: 'USD', maxAmountMinorUnits: 2 }] })).toThrow('currencyLimits must list each currency once, got: USD twice');
  });
  test('fails when velocity maxPayments is not positive', () => {
    expect(() => build({ velocity: { maxPayments: 0, window: Duration.hours(1) } })).toThrow('velocity maxPayments must be a positive integer, got: 0');
  });
  test('fails when the velocity window is not whole seconds', () => {
    expect(() => build({ velocity: { maxPayments: 1, window: Duration.millis(1500) } })).toThrow('velocity window must be at least 1 second, got: 1.5');
  });
  test('fails when logKeyPrefix does not end with a slash', () => {
    expect(() => build({ logKeyPrefix: 'validation' })).toThrow("logKeyPrefix must be path segments ending with '/' (no leading '/', no '*'), got: validation");
  });
  test('fails when the database port is out of range', () => {
    const app = new App();
    const stack = new PinnedStack(app, 'S', { env });
    const { vpc, secret, bucket } = imported(stack);
    expect(() => new ValidationFunction(stack, 'V', { vpc, database: { hostname: 'db', port: 70000, secret }, logBucket: bucket, velocity: { maxPayments: 1, window: Duration.hours(1) } }))
      .toThrow('database.port must be an integer from 1 to 65535, got: 70000');
  });
});
