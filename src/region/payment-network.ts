import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PaymentRegionDefaults } from './defaults';
import { INLINE_POLICY_ACKNOWLEDGEMENTS, logRetention, validateNatGateways } from './private/logs';
import { acknowledge } from '../private/compliance';
import { allowCloudWatchLogs, newEncryptionKey } from '../private/kms';

/** Props of {@link PaymentNetwork}. */
export interface PaymentNetworkProps {
  /**
   * Number of NAT gateways, 0 to 3. One per availability zone keeps each zone's egress independent of the
   * others (recommended in the PRIMARY); fewer saves cost in a STANDBY at the price of a cross-zone
   * dependency. With 0, the application subnets are isolated: the service then needs its image in a
   * private ECR repository of the region (reached through the VPC endpoints).
   * @default 3
   */
  readonly natGateways?: number;

  /**
   * The IPv4 range of the VPC.
   * @default 10.0.0.0/16
   */
  readonly cidr?: string;

  /**
   * Days the VPC flow logs are kept (at least 365, a value CloudWatch Logs accepts).
   * @default 365
   */
  readonly flowLogRetentionDays?: number;

  /**
   * Whether to create interface endpoints for the AWS services the payment service calls (ECR, CloudWatch
   * Logs, Secrets Manager, KMS), so that this traffic stays in the VPC. The S3 gateway endpoint is always
   * created (it is free).
   * @default true
   */
  readonly interfaceEndpoints?: boolean;
}

/**
 * The VPC of one payment region: three availability zones (the stack's), each with a public subnet (load
 * balancer, NAT gateways), an application subnet (private with egress, or isolated without NAT) and an
 * isolated data subnet (database); VPC flow logs to a KMS-encrypted log group; an S3 gateway endpoint and,
 * by default, interface endpoints.
 */
export class PaymentNetwork extends Construct {
  /** Subnet group name of the public subnets. */
  public static readonly PUBLIC_SUBNET_GROUP = 'Public';
  /** Subnet group name of the application subnets (payment service, Lambda functions). */
  public static readonly APPLICATION_SUBNET_GROUP = 'Application';
  /** Subnet group name of the isolated data subnets (database). */
  public static readonly DATA_SUBNET_GROUP = 'Data';

  /** The VPC. */
  public readonly vpc: ec2.Vpc;
  /** The log group of the VPC flow logs. */
  public readonly flowLogGroup: logs.LogGroup;
  /** The VPC flow log. */
  public readonly flowLog: ec2.FlowLog;
  /** Number of NAT gateways. */
  public readonly natGateways: number;
  /** Ids of the NAT gateways (one per zone that has one). */
  public readonly natGatewayIds: string[];

  constructor(scope: Construct, id: string, props: PaymentNetworkProps = {}) {
    super(scope, id);
    const natGateways = props.natGateways ?? 3;
    validateNatGateways(natGateways);
    this.natGateways = natGateways;
    const retention = logRetention('flowLogRetentionDays', props.flowLogRetentionDays ?? PaymentRegionDefaults.LOG_RETENTION_DAYS);

    const azs = Stack.of(this).availabilityZones;
    if (!Token.isUnresolved(azs) && azs.length < 3 && !azs.some((az) => Token.isUnresolved(az))) {
      Annotations.of(this).addWarningV2(
        'cdk-dr-payment-platform:network-azs',
        `the stack has ${azs.length} availability zones, the payment network is designed for 3: ${azs.join(', ')}`,
      );
    }

    const natProvider = ec2.NatProvider.gateway();
    const cidr = props.cidr ?? '10.0.0.0/16';
    this.vpc = new ec2.Vpc(this, 'Resource', {
      natGatewayProvider: natProvider,
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      maxAzs: 3,
      natGateways,
      // The default security group admits all traffic between its members: a custom resource removes its rules
      // (PCI DSS 1.2.1 / NIST SC-7; cdk-nag VPCDefaultSecurityGroupClosed). Nothing uses the default group.
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        { name: PaymentNetwork.PUBLIC_SUBNET_GROUP, subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        {
          name: PaymentNetwork.APPLICATION_SUBNET_GROUP,
          subnetType: natGateways > 0 ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED,
          cidrMask: 20,
        },
        { name: PaymentNetwork.DATA_SUBNET_GROUP, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
      },
    });

    this.natGatewayIds = natProvider.configuredGateways.map((gateway) => gateway.gatewayId);
    acknowledgeRestrictDefaultSecurityGroupHandler(Stack.of(this));

    const key = newEncryptionKey(this, 'FlowLogKey', { description: 'Encrypts the VPC flow logs of a payment region' });
    allowCloudWatchLogs(key);
    this.flowLogGroup = new logs.LogGroup(this, 'FlowLogGroup', {
      encryptionKey: key,
      retention,
    });
    this.flowLog = this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    acknowledge(this.flowLog, INLINE_POLICY_ACKNOWLEDGEMENTS);
    for (const subnet of this.vpc.publicSubnets) {
      acknowledge(subnet, ['PCI.DSS.321-VPCNoUnrestrictedRouteToIGW', 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW'].map((ruleId) => ({
        id: ruleId,
        reason: 'public subnets hold only the internet-facing load balancer and the NAT gateways, which need the route to the internet gateway',
      })));
    }

    if (props.interfaceEndpoints ?? true) {
      const subnets = { subnetGroupName: PaymentNetwork.APPLICATION_SUBNET_GROUP };
      const endpoints: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
        EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
        EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
        Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
        SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
        Kms: ec2.InterfaceVpcEndpointAwsService.KMS,
      };
      for (const [endpointId, service] of Object.entries(endpoints)) {
        // Endpoint security groups admit HTTPS from the VPC's own range only. The range is written as the
        // literal CIDR (not the VPC's CidrBlock attribute) so that the rule can be checked at synthesis.
        const endpoint = this.vpc.addInterfaceEndpoint(endpointId, { service, subnets, privateDnsEnabled: true, open: false });
        endpoint.connections.allowFrom(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), `HTTPS from the VPC (${cidr})`);
      }
    }
  }

  /**
   * NAT port-allocation errors summed over the NAT gateways (AWS/NATGateway `ErrorPortAllocation`): the
   * gateways ran out of source ports and dropped new connections.
   * @default - sum over 5 minutes
   */
  public metricNatErrorPortAllocation(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    const period = props?.period ?? Duration.minutes(5);
    if (this.natGatewayIds.length === 0) {
      throw new Error('metricNatErrorPortAllocation needs NAT gateways, got: natGateways 0');
    }
    const usingMetrics: Record<string, cloudwatch.IMetric> = {};
    this.natGatewayIds.forEach((natGatewayId, i) => {
      usingMetrics[`nat${i}`] = new cloudwatch.Metric({
        namespace: 'AWS/NATGateway',
        metricName: 'ErrorPortAllocation',
        dimensionsMap: { NatGatewayId: natGatewayId },
        statistic: cloudwatch.Stats.SUM,
        period,
      });
    });
    return new cloudwatch.MathExpression({
      expression: `SUM([${Object.keys(usingMetrics).join(', ')}])`,
      usingMetrics,
      label: 'NAT port allocation errors',
      ...props,
      period,
    });
  }
}

/** The stack-wide handler CDK creates for `restrictDefaultSecurityGroup` (one per stack, whatever the VPCs). */
function acknowledgeRestrictDefaultSecurityGroupHandler(stack: Stack): void {
  const provider = stack.node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
  if (!provider) {
    return;
  }
  acknowledge(provider, [
    {
      id: 'guard:lambda_inside_vpc_check',
      reason:
        'CDK-managed handler of restrictDefaultSecurityGroup: it only revokes the default security group\'s rules ' +
        'through the EC2 API at deploy time, holds no payment data, and the CDK CustomResourceProvider offers no VPC placement',
    },
  ]);
}
