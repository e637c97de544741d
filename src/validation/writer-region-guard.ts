import { ArnFormat, CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { WriterGuardFunction } from './bundled/writer-guard-function';
import { acknowledgeFunction } from './function-support';
import { acknowledge } from '../private/compliance';

/** Props of {@link WriterRegionGuard}. */
export interface WriterRegionGuardProps {
  /** The Aurora global cluster whose writer is checked. */
  readonly globalClusterIdentifier: string;
  /** The region the app declares active: the deployment fails when the writer is elsewhere. */
  readonly declaredActiveRegion: string;
  /** The platform's primary region: a first deployment (no global cluster yet) must declare it active. */
  readonly primaryRegion: string;
  /** Key of the guard's log group (its policy must let CloudWatch Logs of this region use it). */
  readonly encryptionKey: kms.IKey;
  /**
   * A digest of what the guard protects (capacities, migrations, guardrail): the guard runs again whenever it
   * changes, i.e. whenever CloudFormation would change something that depends on the DR state.
   */
  readonly fingerprint: string;
}

/**
 * The deploy guard: a custom resource (`Custom::WriterRegionGuard`) whose function reads `rds:DescribeGlobalClusters`
 * of one global cluster (nothing else) and fails the deployment when the cluster's writer is not in the declared
 * active region, with the message "the global cluster's writer is in X but the app declares Y active: set
 * activeRegion ... before deploying". Make the resources that depend on the DR state depend on {@link resource}:
 * CloudFormation then changes none of them when the guard fails, and rolls the stack back.
 */
export class WriterRegionGuard extends Construct {
  /** The guard's function (outside any VPC: it calls only the public RDS API). */
  public readonly function: lambda.Function;
  /** The custom resource. */
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: WriterRegionGuardProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(this, 'ServiceRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'DR deploy guard: reads the Aurora global cluster, writes its own logs',
    });
    const policy = new iam.ManagedPolicy(this, 'ServicePolicy', {
      description: 'DR deploy guard: least-privilege permissions',
      roles: [role],
      statements: [
        new iam.PolicyStatement({ sid: 'WriteOwnLogGroup', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
        new iam.PolicyStatement({
          sid: 'DescribeTheGlobalCluster',
          actions: ['rds:DescribeGlobalClusters'],
          resources: [stack.formatArn({ service: 'rds', region: '', resource: 'global-cluster', resourceName: props.globalClusterIdentifier, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
        }),
      ],
    });
    this.function = new WriterGuardFunction(this, 'Function', {
      description: 'DR deploy guard: fails the deployment when the global cluster\'s writer is not in the declared active region',
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(1),
      role,
      reservedConcurrentExecutions: 1,
      logGroup,
    });
    this.function.node.addDependency(policy);
    acknowledgeFunction(this.function);
    const why = 'the DR deploy guard calls only the public RDS API (rds:DescribeGlobalClusters on one global cluster) at deploy time and handles no payment data';
    acknowledge(this.function, [
      { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: why },
      { id: 'PCI.DSS.321-LambdaInsideVPC', reason: why },
      { id: 'guard:lambda_inside_vpc_check', reason: why },
    ]);

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.function.functionArn,
      resourceType: 'Custom::WriterRegionGuard',
      properties: {
        GlobalClusterIdentifier: props.globalClusterIdentifier,
        DeclaredActiveRegion: props.declaredActiveRegion,
        PrimaryRegion: props.primaryRegion,
        Fingerprint: props.fingerprint,
      },
    });
  }
}
