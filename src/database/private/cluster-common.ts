import { Annotations, Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct, IConstruct } from 'constructs';
import { acknowledge } from '../../private/compliance';

/** The PostgreSQL port: the clusters listen on it in both regions. */
export const POSTGRES_PORT = 5432;

/** The name of the master credentials secret (created by the primary, replicated to the standby region). */
export function masterSecretName(globalClusterIdentifier: string): string {
  return `${globalClusterIdentifier}/master`;
}

/**
 * The removal policy of a resource that holds no data (global cluster, instances, subnet group): kept only on
 * RETAIN, deleted otherwise (only clusters can snapshot).
 */
export function removalPolicyWithoutData(removalPolicy: RemovalPolicy): RemovalPolicy {
  return removalPolicy === RemovalPolicy.RETAIN ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
}

/** Settings of {@link newGlobalParameterGroup}. */
export interface GlobalParameterGroupOptions {
  readonly engine: rds.IClusterEngine;
  readonly globalClusterIdentifier: string;
  readonly rpo: Duration;
  readonly rpoGuardrail: boolean;
}

/**
 * The cluster parameter group of a member: TLS only, connection logging, and the RPO guardrail
 * (`rds.global_db_rpo`) when it is on. Both members get the same one.
 */
export function newGlobalParameterGroup(scope: Construct, options: GlobalParameterGroupOptions): rds.ParameterGroup {
  const parameters: Record<string, string> = {
    'rds.force_ssl': '1',
    'log_connections': '1',
    'log_disconnections': '1',
  };
  if (options.rpoGuardrail) {
    parameters['rds.global_db_rpo'] = String(options.rpo.toSeconds());
  }
  return new rds.ParameterGroup(scope, 'ParameterGroup', {
    engine: options.engine,
    description: `Aurora global database ${options.globalClusterIdentifier}: TLS only, RPO guardrail`,
    parameters,
  });
}

/** The connections of a member's security group, on the PostgreSQL port. */
export function postgresConnections(securityGroup: ec2.ISecurityGroup): ec2.Connections {
  return new ec2.Connections({
    securityGroups: [securityGroup],
    defaultPort: ec2.Port.tcp(POSTGRES_PORT),
  });
}

/** Accepted finding on a member cluster (and everything under it): it listens on the default PostgreSQL port. */
export function acknowledgeDefaultPort(cluster: IConstruct): void {
  const reason =
    '5432 is the PostgreSQL port clients expect; the clusters sit in isolated subnets behind security groups ' +
    'that admit only the services the caller names, so a non-default port would add obscurity, not security';
  acknowledge(cluster, [{ id: 'AwsSolutions-RDS11', reason }]);
}

/**
 * Accepted finding on member instances: the rule wants each DB instance's own ARN in an AWS Backup selection, but
 * AWS Backup backs Aurora up at the cluster; an instance of a cluster cannot be snapshotted on its own, so selecting
 * it would only add failing backup jobs. The clusters are selected (RegionBackup; docs/backup.md).
 */
export function acknowledgeInstanceBackupPlan(instances: IConstruct[]): void {
  const reason =
    'the rule looks for each Aurora instance ARN in an AWS Backup selection, but AWS Backup backs Aurora up at the ' +
    'cluster and a cluster member cannot be snapshotted on its own (selecting it would only add failing jobs); ' +
    'DrPaymentPlatform selects both clusters in its regions\' AWS Backup plans (RegionBackup: continuous backup into a ' +
    'locked vault, copied to the other region) and each cluster keeps backupRetention days (>= 7) of point-in-time restore';
  for (const instance of instances) {
    acknowledge(instance, [{ id: 'NIST.800.53.R5-RDSInBackupPlan', reason }]);
  }
}

/**
 * The subnets of the rotation function when the caller names none: the private subnets with egress (it calls the
 * Secrets Manager API), or the isolated ones with a warning on `scope` asking for an interface endpoint.
 */
export function defaultRotationSubnets(scope: Construct, vpc: ec2.IVpc): ec2.SubnetSelection {
  if (vpc.privateSubnets.length > 0) {
    return { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  }
  Annotations.of(scope).addWarningV2(
    'cdk-dr-payment-platform:rotation-endpoint',
    'primaryVpc has no private subnets with egress: the secret rotation function runs in its isolated subnets and ' +
      'needs a Secrets Manager interface endpoint in that VPC',
  );
  return { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
}

/**
 * A metric of a member cluster: namespace AWS/RDS, dimension DBClusterIdentifier, the member's region.
 * Defaults: statistic Maximum, period 1 minute (`props` overrides them).
 */
export function memberMetric(
  clusterIdentifier: string,
  region: string,
  metricName: string,
  props?: cloudwatch.MetricOptions,
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/RDS',
    metricName,
    dimensionsMap: { DBClusterIdentifier: clusterIdentifier },
    region,
    statistic: 'Maximum',
    period: Duration.minutes(1),
    ...props,
  });
}

/** The cdk-nag rules that cannot evaluate an ingress rule whose port is a CloudFormation attribute. */
const PORT_RULES = [
  'PCI.DSS.321-EC2RestrictedSSH',
  'PCI.DSS.321-EC2RestrictedCommonPorts',
  'NIST.800.53.R5-EC2RestrictedSSH',
  'NIST.800.53.R5-EC2RestrictedCommonPorts',
];

/**
 * The rotation function's ingress rule on the cluster's security group: aws-cdk-lib writes its port as the
 * cluster's `Endpoint.Port` attribute, which cdk-nag cannot resolve at synthesis (`CdkNagValidationFailure`).
 * Its source is the rotation function's security group, never a CIDR, and the port is the PostgreSQL port.
 */
export function acknowledgeRotationIngress(securityGroup: IConstruct): void {
  for (const child of securityGroup.node.children) {
    if (child instanceof ec2.CfnSecurityGroupIngress && Token.isUnresolved(child.fromPort) && child.sourceSecurityGroupId) {
      acknowledge(child, [
        {
          id: 'CdkNagValidationFailure',
          appliesTo: PORT_RULES,
          reason:
            'ingress from the secret-rotation function\'s security group on the cluster\'s own endpoint port ' +
            '(a CloudFormation attribute cdk-nag cannot resolve); no CIDR source, no SSH or common port',
        },
      ]);
    }
  }
}
