import { ArnFormat, Duration, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { PaymentRegionDefaults } from './defaults';
import { PaymentService } from './payment-service';
import { resolveEndpointNames } from './private/dns-names';
import { resolveHealthCheck } from './private/health-check';
import { logRetention, logToAccessLogBucket, newLogDeliveryBucket } from './private/logs';
import { paymentWebAclRules, validateRateLimit, visibility } from './private/web-acl';
import { acknowledge } from '../private/compliance';

/** Target-group health check of the payment service (the failover health checks probe the same path). */
export interface PaymentHealthCheck {
  /**
   * HTTP path answering 200 when the service is healthy.
   * @default '/health'
   */
  readonly path?: string;
  /**
   * Seconds between checks (5 to 300).
   * @default 10
   */
  readonly intervalSeconds?: number;
  /**
   * Consecutive successes before a target is healthy (2 to 10).
   * @default 2
   */
  readonly healthyThresholdCount?: number;
  /**
   * Consecutive failures before a target is unhealthy (2 to 10).
   * @default 2
   */
  readonly unhealthyThresholdCount?: number;
}

/** The settings of a {@link PaymentEndpoint} that a {@link PaymentRegion} passes through from its own props. */
export interface PaymentEndpointOptions {
  /** The payment domain clients use (e.g. `pay.example.com`); it must be inside `hostedZone`. */
  readonly domainName: string;

  /** The hosted zone of `domainName` (import it with `HostedZone.fromHostedZoneAttributes`: no lookups). */
  readonly hostedZone: route53.IHostedZone;

  /**
   * This region's own name: an alias A record to this region's load balancer; the failover health checks probe
   * `https://<regionalDomainName>/health`. Must be inside `hostedZone`.
   * @default `<region>.<domainName>`, e.g. `eu-west-1.pay.example.com`
   */
  readonly regionalDomainName?: string;

  /**
   * Certificate of the HTTPS listener, valid for `domainName` and `regionalDomainName`, in this region.
   * @default - a new ACM certificate for both names, DNS-validated in `hostedZone`
   */
  readonly certificate?: acm.ICertificate;

  /**
   * Target-group health check.
   * @default - path '/health' (a PaymentEndpoint: its service's `healthCheckPath`), every 10 s, 2 healthy / 2
   * unhealthy (PaymentRegionDefaults)
   */
  readonly healthCheck?: PaymentHealthCheck;

  /**
   * Whether the load balancer has deletion protection.
   * @default true
   */
  readonly loadBalancerDeletionProtection?: boolean;

  /**
   * Requests from one IP address in 5 minutes above which the WAF blocks it (100 to 2,000,000,000).
   * @default 2000
   */
  readonly webAclRateLimit?: number;
}

/** Props of {@link PaymentEndpoint}. */
export interface PaymentEndpointProps extends PaymentEndpointOptions {
  /** The service behind the endpoint: its tasks are the targets, in its VPC, on its container port. */
  readonly service: PaymentService;

  /** Encrypts the WAF log group; its key policy must let CloudWatch Logs use it. */
  readonly encryptionKey: kms.IKey;

  /**
   * Receives the server access logs of the load balancer's log bucket (e.g. `TransactionLogBucket.accessLogBucket`);
   * its bucket policy must admit S3 log delivery.
   */
  readonly serverAccessLogsBucket: s3.IBucket;

  /**
   * Days the WAF logs and the load balancer's access logs are kept (at least 365, a value CloudWatch Logs accepts).
   * @default 365
   */
  readonly logRetentionDays?: number;
}

/**
 * The public HTTPS endpoint of one region's payment service: an internet-facing load balancer (HTTPS 443 with an
 * ACM certificate, HTTP 80 redirecting only, access logs to an SSE-S3 bucket) protected by a WAF web ACL (AWS
 * managed rules, per-IP rate limit, logs), and the region's own alias record that the failover health checks probe.
 */
export class PaymentEndpoint extends Construct {
  /** Security group of the load balancer. */
  public readonly loadBalancerSecurityGroup: ec2.SecurityGroup;
  /** The internet-facing load balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The load balancer's access-log bucket (SSE-S3: the only encryption ALB log delivery supports). */
  public readonly loadBalancerLogBucket: s3.Bucket;
  /** The certificate of the HTTPS listener. */
  public readonly certificate: acm.ICertificate;
  /** Target group of the service. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** HTTPS listener (port 443). */
  public readonly httpsListener: elbv2.ApplicationListener;
  /** HTTP listener (port 80), redirecting to HTTPS only. */
  public readonly httpListener: elbv2.ApplicationListener;
  /** Alias A record `regionalDomainName` → the load balancer. */
  public readonly regionalRecord: route53.ARecord;
  /** The WAF web ACL associated with the load balancer. */
  public readonly webAcl: wafv2.CfnWebACL;
  /** Log group of the WAF logs. */
  public readonly webAclLogGroup: logs.LogGroup;
  /** The payment domain. */
  public readonly domainName: string;
  /** This region's own DNS name. */
  public readonly regionalDomainName: string;
  /** The hosted zone. */
  public readonly hostedZone: route53.IHostedZone;
  /** The health-check path (target group; the failover health checks use it too). */
  public readonly healthCheckPath: string;
  /** Seconds between target-group health checks. */
  public readonly healthCheckIntervalSeconds: number;
  /** Consecutive successes before a target is healthy. */
  public readonly healthCheckHealthyThresholdCount: number;
  /** Consecutive failures before a target is unhealthy. */
  public readonly healthCheckUnhealthyThresholdCount: number;

  constructor(scope: Construct, id: string, props: PaymentEndpointProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (props.certificate && props.domainName.trim() === '') {
      throw new Error("certificate needs a domainName, got: ''");
    }
    const names = resolveEndpointNames(props.domainName, props.regionalDomainName, props.hostedZone, region);
    this.domainName = names.domainName;
    this.regionalDomainName = names.regionalDomainName;
    const healthCheck = resolveHealthCheck(props.healthCheck, props.service.healthCheckPath);
    const rateLimit = props.webAclRateLimit ?? 2000;
    validateRateLimit(rateLimit);
    const logRetentionDays = logRetention('logRetentionDays', props.logRetentionDays ?? PaymentRegionDefaults.LOG_RETENTION_DAYS);
    this.hostedZone = props.hostedZone;
    this.healthCheckPath = healthCheck.path;
    this.healthCheckIntervalSeconds = healthCheck.intervalSeconds;
    this.healthCheckHealthyThresholdCount = healthCheck.healthyThresholdCount;
    this.healthCheckUnhealthyThresholdCount = healthCheck.unhealthyThresholdCount;

    const vpc = props.service.cluster.vpc;
    this.loadBalancerSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc,
      description: 'Payment load balancer: HTTPS from the internet (HTTP only to redirect)',
      allowAllOutbound: false,
    });
    this.loadBalancerSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from clients');
    this.loadBalancerSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP from clients, redirected to HTTPS');
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: this.loadBalancerSecurityGroup,
      deletionProtection: props.loadBalancerDeletionProtection ?? true,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.DEFENSIVE,
      http2Enabled: true,
    });
    this.loadBalancerLogBucket = this.newAccessLogBucket(props.serverAccessLogsBucket, logRetentionDays);
    this.certificate = props.certificate ?? new acm.Certificate(this, 'Certificate', {
      domainName: this.domainName,
      subjectAlternativeNames: [this.regionalDomainName],
      validation: acm.CertificateValidation.fromDns(props.hostedZone),
    });

    this.targetGroup = this.newTargetGroup(vpc, props.service.containerPort);
    this.httpsListener = this.loadBalancer.addListener('HttpsListener', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [this.certificate],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      defaultTargetGroups: [this.targetGroup],
      open: false,
    });
    this.httpListener = this.loadBalancer.addListener('HttpListener', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
      open: false,
    });
    props.service.attachToLoadBalancer(this.targetGroup, this.loadBalancerSecurityGroup);

    this.regionalRecord = new route53.ARecord(this, 'RegionalRecord', {
      zone: props.hostedZone,
      recordName: Token.isUnresolved(this.regionalDomainName) ? this.regionalDomainName : `${this.regionalDomainName}.`,
      target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(this.loadBalancer)),
      comment: `Payment ${props.service.role} region ${region}: probed by the failover health checks`,
    });
    this.webAcl = this.newWebAcl(rateLimit);
    this.webAclLogGroup = this.logWebAcl(props.encryptionKey, logRetentionDays);
    this.acknowledgeFindings();
  }

  /**
   * Requests reaching the service (AWS/ApplicationELB `RequestCount`).
   * @default - sum over 1 minute
   */
  public metricRequestCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.requestCount({ period: Duration.minutes(1), ...props });
  }

  /**
   * Targets failing the health check (AWS/ApplicationELB `UnHealthyHostCount`).
   * @default - maximum over 1 minute
   */
  public metricUnhealthyHostCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.unhealthyHostCount({ statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(1), ...props });
  }

  /**
   * Target response time in seconds (AWS/ApplicationELB `TargetResponseTime`).
   * @default - p99 over 1 minute
   */
  public metricTargetResponseTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.targetResponseTime({ statistic: 'p99', period: Duration.minutes(1), ...props });
  }

  /**
   * 5xx responses of the load balancer itself (AWS/ApplicationELB `HTTPCode_ELB_5XX_Count`).
   * @default - sum over 1 minute
   */
  public metricLoadBalancer5xxCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, {
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(1),
      ...props,
    });
  }

  /**
   * Percentage of requests the tasks answered with 5xx: `100 * HTTPCode_Target_5XX_Count / RequestCount`.
   * @default - over 1 minute
   */
  public metricTarget5xxRate(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    const period = props?.period ?? Duration.minutes(1);
    return new cloudwatch.MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: {
        errors: this.targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: cloudwatch.Stats.SUM, period }),
        requests: this.targetGroup.metrics.requestCount({ statistic: cloudwatch.Stats.SUM, period }),
      },
      label: 'Target 5xx (%)',
      ...props,
      period,
    });
  }

  /** The SSE-S3 bucket of the load balancer's access logs, itself logged to `serverAccessLogsBucket`. */
  private newAccessLogBucket(serverAccessLogsBucket: s3.IBucket, logRetentionDays: number): s3.Bucket {
    const bucket = newLogDeliveryBucket(this, 'LoadBalancerLogs', [
      {
        id: 'retention',
        transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(90) }],
        expiration: Duration.days(logRetentionDays),
        noncurrentVersionExpiration: Duration.days(30),
      },
    ]);
    logToAccessLogBucket(bucket, serverAccessLogsBucket, 'load-balancer-logs/');
    this.loadBalancer.logAccessLogs(bucket, 'alb');
    if (Stack.of(serverAccessLogsBucket) !== Stack.of(this)) {
      acknowledge(bucket, [
        {
          id: 'guard:s3_bucket_logging_enabled_check',
          reason:
            'server access logging is on, to the access-log bucket of the region\'s storage stack (an Fn::ImportValue ' +
            'the Control Tower rule cannot resolve)',
        },
      ]);
    }
    return bucket;
  }

  private newTargetGroup(vpc: ec2.IVpc, port: number): elbv2.ApplicationTargetGroup {
    return new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc,
      targetType: elbv2.TargetType.IP,
      port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      deregistrationDelay: Duration.seconds(PaymentRegionDefaults.DEREGISTRATION_DELAY_SECONDS),
      healthCheck: {
        enabled: true,
        path: this.healthCheckPath,
        protocol: elbv2.Protocol.HTTP,
        healthyHttpCodes: '200',
        interval: Duration.seconds(this.healthCheckIntervalSeconds),
        timeout: Duration.seconds(PaymentRegionDefaults.HEALTH_CHECK_TIMEOUT_SECONDS),
        healthyThresholdCount: this.healthCheckHealthyThresholdCount,
        unhealthyThresholdCount: this.healthCheckUnhealthyThresholdCount,
      },
    });
  }

  /** The web ACL, associated with the load balancer. */
  private newWebAcl(rateLimit: number): wafv2.CfnWebACL {
    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      description: 'Payment load balancer: AWS managed rules and a per-IP rate limit',
      visibilityConfig: visibility('payment-web-acl'),
      rules: paymentWebAclRules(rateLimit),
    });
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.loadBalancer.loadBalancerArn,
      webAclArn: webAcl.attrArn,
    });
    return webAcl;
  }

  /** The web ACL's logs: a KMS-encrypted log group, authorization and cookie headers redacted. */
  private logWebAcl(encryptionKey: kms.IKey, logRetentionDays: logs.RetentionDays): logs.LogGroup {
    // WAF requires log group names starting with `aws-waf-logs-`.
    const logGroupName = `aws-waf-logs-${Names.uniqueResourceName(this, { maxLength: 200 })}`;
    const logGroup = new logs.LogGroup(this, 'WebAclLogs', {
      logGroupName,
      encryptionKey,
      retention: logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'WebAclLogging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [
        Stack.of(this).formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      ],
      // Card data never travels in headers; credentials might.
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    });
    logging.node.addDependency(logGroup);
    return logGroup;
  }

  private acknowledgeFindings(): void {
    acknowledge(this.loadBalancerSecurityGroup, [
      {
        id: 'AwsSolutions-EC23',
        reason: 'the payment endpoint is public: HTTPS 443 (and 80, redirect only) from any address, filtered by the WAF web ACL',
      },
    ]);
    acknowledge(this.httpListener, ['PCI.DSS.321-ELBv2ACMCertificateRequired', 'NIST.800.53.R5-ELBv2ACMCertificateRequired'].map((ruleId) => ({
      id: ruleId,
      reason: 'the HTTP listener serves no content: its only action is a permanent redirect to the HTTPS listener (ACM certificate)',
    })));
  }
}
