import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { newLogGroup } from './private/log-group';
import { globalClusterIdentifierOf } from './private/validation';
import { acknowledge } from '../private/compliance';

/** Props of {@link GlobalWriterEndpoint}. */
export interface GlobalWriterEndpointProps {
  /** The global cluster whose writer endpoint to read, in this construct's stack. */
  readonly globalCluster: rds.CfnGlobalCluster;

  /**
   * The primary member: the endpoint exists once it has joined the global cluster, so the lookup runs after it.
   */
  readonly primaryCluster: rds.IDatabaseCluster;

  /** The key the lookup's log group is encrypted with (the primary region's key). */
  readonly encryptionKey: kms.IKey;
}

/**
 * The global writer endpoint of an Aurora global database, read at deploy time: it follows the writer to the new
 * primary after a switchover or failover.
 *
 * CloudFormation does not return it (AWS::RDS::GlobalCluster has no usable `GlobalEndpoint.Address` attribute,
 * cloudformation-coverage-roadmap#2364), so an `AwsCustomResource` calls `rds:DescribeGlobalClusters` on this
 * global cluster only, logging to a KMS-encrypted log group kept one year.
 */
export class GlobalWriterEndpoint extends Construct {
  /** The global writer endpoint (host name). Usable in any stack (cross-region through CDK's references). */
  public readonly endpoint: string;
  /** The deploy-time lookup. */
  public readonly lookup: cr.AwsCustomResource;
  /** The log group of the lookup. */
  public readonly logGroup: logs.ILogGroup;

  constructor(scope: Construct, id: string, props: GlobalWriterEndpointProps) {
    super(scope, id);
    const globalClusterIdentifier = globalClusterIdentifierOf('globalCluster', props.globalCluster);
    const globalClusterArn = Stack.of(this).formatArn({
      service: 'rds',
      region: '',
      resource: 'global-cluster',
      resourceName: globalClusterIdentifier,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const describe: cr.AwsSdkCall = {
      service: 'RDS',
      action: 'describeGlobalClusters',
      parameters: { GlobalClusterIdentifier: globalClusterIdentifier },
      physicalResourceId: cr.PhysicalResourceId.of(`${globalClusterIdentifier}-global-writer-endpoint`),
      outputPaths: ['GlobalClusters.0.Endpoint'],
    };
    this.logGroup = newLogGroup(
      this,
      props.encryptionKey,
      `/cdk-dr-payment-platform/${globalClusterIdentifier}/global-endpoint-lookup`,
      { sid: 'AllowCloudWatchLogsForTheEndpointLookupLog' },
    );
    this.lookup = new cr.AwsCustomResource(this, 'Resource', {
      onCreate: describe,
      onUpdate: describe,
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [globalClusterArn] }),
      installLatestAwsSdk: false,
      logGroup: this.logGroup,
    });
    this.lookup.node.addDependency(props.globalCluster, props.primaryCluster);
    this.endpoint = this.lookup.getResponseField('GlobalClusters.0.Endpoint');
    acknowledgeLookup(this.lookup);
  }
}

/**
 * Acknowledge the findings on the Lambda that `AwsCustomResource` runs (a stack-level singleton) to read the
 * global writer endpoint at deploy time.
 */
function acknowledgeLookup(lookup: cr.AwsCustomResource): void {
  const reason =
    'deploy-time lookup of the global writer endpoint (AwsCustomResource): it calls only rds:DescribeGlobalClusters ' +
    'on this global cluster, runs only during CloudFormation deployments and handles no payment data';
  acknowledge(lookup, [
    { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: `${reason}; the inline policy is the single scoped call` },
    { id: 'PCI.DSS.321-IAMNoInlinePolicy', reason: `${reason}; the inline policy is the single scoped call` },
  ]);
  const stack = Stack.of(lookup);
  const provider = stack.node.tryFindChild('AWS679f53fac002430cb0da5b7982bd2287');
  if (!provider) {
    return;
  }
  acknowledge(provider, [
    { id: 'AwsSolutions-IAM4', reason: `${reason}; AWSLambdaBasicExecutionRole only lets it write its own logs`, appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'] },
    { id: 'AwsSolutions-L1', reason: `${reason}; the runtime is chosen and updated by aws-cdk-lib` },
    { id: 'NIST.800.53.R5-LambdaConcurrency', reason },
    { id: 'NIST.800.53.R5-LambdaDLQ', reason: `${reason}; CloudFormation retries and reports failures` },
    { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: `${reason}; it needs only the public RDS API` },
    { id: 'PCI.DSS.321-LambdaInsideVPC', reason: `${reason}; it needs only the public RDS API` },
    { id: 'guard:lambda_inside_vpc_check', reason: `${reason}; it needs only the public RDS API` },
  ]);
}
