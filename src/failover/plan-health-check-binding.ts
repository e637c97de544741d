import { CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { HEALTH_CHECK_BINDING_HANDLER } from './private/health-check-binding-handler';
import { acknowledge } from '../private/compliance';
import { newEncryptionKey } from '../private/kms';

/** Props of {@link PlanHealthCheckBinding}. */
export interface PlanHealthCheckBindingProps {
  /** The Region switch plan's ARN. */
  readonly planArn: string;
  /** The plan's name (names the log group). */
  readonly planName: string;
  /** The hosted zone of the plan's Route 53 health check block. */
  readonly hostedZoneId: string;
  /** The record name of that block. */
  readonly recordName: string;
  /** Every region of the plan (literal names). */
  readonly regions: string[];
  /**
   * How long the deployment waits for Region switch to give every health check an id.
   * @default Duration.minutes(10)
   */
  readonly wait?: Duration;
}

/**
 * The Route 53 health check ids Region switch created for a plan, one per region, read at deploy time with the
 * documented `ListRoute53HealthChecks` API (`Route53HealthCheck`: hostedZoneId, recordName, region,
 * healthCheckId) instead of parsing the undocumented `PlanHealthChecks` attribute. The deployment fails, with a
 * message naming the command to run, unless exactly one check exists per region of the plan and no other.
 */
export class PlanHealthCheckBinding extends Construct {
  /** The custom resource (its attributes are the region names). */
  public readonly resource: CustomResource;
  /** The handler. */
  public readonly handler: lambda.Function;

  constructor(scope: Construct, id: string, props: PlanHealthCheckBindingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const key = newEncryptionKey(this, 'LogKey', { description: `Encrypts the log of ${props.planName}'s health-check binding` });
    const logGroupName = `/cdk-dr-payment-platform/${props.planName}/health-check-binding`;
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogsForTheBindingLog',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:${logGroupName}` } },
    }));
    const logGroup = new logs.LogGroup(this, 'LogGroup', { logGroupName, encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR });
    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'List the Route 53 health checks of one Region switch plan and write the binding log',
      statements: [
        new iam.PolicyStatement({ actions: ['arc-region-switch:ListRoute53HealthChecks'], resources: [props.planArn] }),
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
      ],
    });
    role.addManagedPolicy(policy);
    const wait = (props.wait ?? Duration.minutes(10)).toSeconds();
    this.handler = new lambda.Function(this, 'Handler', {
      description: 'Deploy-time check: one Region switch health check per plan region (ListRoute53HealthChecks)',
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(HEALTH_CHECK_BINDING_HANDLER),
      timeout: Duration.seconds(wait + 120),
      memorySize: 256,
      role,
      logGroup,
      reservedConcurrentExecutions: 1,
    });
    this.handler.node.addDependency(policy);
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.handler.functionArn,
      resourceType: 'Custom::PlanHealthCheckBinding',
      properties: {
        PlanArn: props.planArn,
        HostedZoneId: props.hostedZoneId,
        RecordName: props.recordName,
        Regions: props.regions,
        WaitSeconds: wait,
        PollSeconds: 10,
      },
    });
    const reason = 'deploy-time check of the Region switch plan\'s health checks: it calls only '
      + 'arc-region-switch:ListRoute53HealthChecks on this plan, runs only during CloudFormation deployments and handles no payment data';
    acknowledge(this.handler, [
      { id: 'NIST.800.53.R5-LambdaDLQ', reason: `${reason}; CloudFormation reports its failures` },
      { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: `${reason}; it needs only the public Region switch API` },
      { id: 'PCI.DSS.321-LambdaInsideVPC', reason: `${reason}; it needs only the public Region switch API` },
      { id: 'guard:lambda_inside_vpc_check', reason: `${reason}; it needs only the public Region switch API` },
      { id: 'AwsSolutions-L1', reason: `${reason}; Node.js 22 is the runtime whose bundled AWS SDK is expected to include the Region switch client` },
    ]);
  }

  /** The id of the health check Region switch created for `region`. */
  public healthCheckIdFor(region: string): string {
    return this.resource.getAttString(region);
  }
}
