import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HEALTH_CHECK_METRICS_REGION, metricHealthCheckStatus } from './health-check-metrics';
import { HealthCheckStatusAlarms } from './health-check-status-alarms';
import { isDnsName, isRegionName } from '../private/names';

/**
 * TTL that Route 53 applies to alias records that point to an Elastic Load Balancing load balancer: alias records
 * have no TTL of their own and take the target's, which is 60 seconds for ELB.
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html
 */
export const ALB_ALIAS_TTL_SECONDS = 60;

/** One region behind the payment domain. */
export interface FailoverDnsTarget {
  /** The region's Application Load Balancer (HTTPS :443). The failover alias record points to it. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** The region of the load balancer (a literal region name, e.g. `us-east-1`). */
  readonly region: string;
  /**
   * The region's own host name, served by the same load balancer with a valid certificate
   * (e.g. `us-east-1.pay.example.com`). The HTTPS health check probes `https://<this name><healthCheckPath>`
   * with SNI, so it checks the certificate, the listener and the service, not just the load balancer.
   */
  readonly healthCheckDomainName: string;
  /**
   * A Route 53 health check that an operator process controls, typically the one the ARC Region switch plan
   * creates for this region (`RegionSwitchPlan.healthCheckIdFor(region)`). When given, it is the record's health
   * check, attached directly as the ARC user guide documents (the alias's EvaluateTargetHealth still requires healthy
   * targets), so executing the plan moves traffic with Route 53 data-plane state only.
   * @default - the record uses the HTTPS health check alone (plain DNS failover)
   */
  readonly controlHealthCheckId?: string;
}

/** Props of {@link FailoverDns}. */
export interface FailoverDnsProps {
  /** The hosted zone of the payment domain (import it with `HostedZone.fromHostedZoneAttributes`: no lookup). */
  readonly hostedZone: route53.IHostedZone;
  /** The payment domain, a name in the hosted zone (e.g. `pay.example.com`). */
  readonly recordName: string;
  /** The region that serves traffic normally (the `PRIMARY` failover record). */
  readonly primary: FailoverDnsTarget;
  /** The region that takes over (the `SECONDARY` failover record). */
  readonly standby: FailoverDnsTarget;
  /**
   * Path the HTTPS health checks request; it must answer 2xx/3xx within 4 seconds.
   * @default '/health'
   */
  readonly healthCheckPath?: string;
  /**
   * Seconds between two checks from each Route 53 checker: 10 (fast) or 30 (standard).
   * Feeds the recovery budget (detection = interval x failure threshold).
   * @default 10
   */
  readonly healthCheckIntervalSeconds?: number;
  /**
   * Consecutive failed checks before Route 53 changes the health check's status (1-10).
   * @default 3
   */
  readonly failureThreshold?: number;
  /**
   * Whether Route 53 measures latency of the HTTPS health checks (CloudWatch metrics; cannot be changed later).
   * @default false
   */
  readonly measureLatency?: boolean;
  /**
   * Topic notified when an HTTPS health check goes unhealthy (ALARM) and back (OK). The alarms are created only with a
   * topic (an alarm nobody hears is noise) and only when this construct is in a us-east-1 stack (Route 53 metrics
   * exist only there); elsewhere create {@link HealthCheckStatusAlarms} in a us-east-1 stack.
   * @default - no alarms (a warning says so)
   */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * Route 53 failover routing for the payment domain: `PRIMARY`/`SECONDARY` alias records to the two regions' load
 * balancers with evaluate-target-health, each guarded by an HTTPS health check on `https://<regional name>/health`
 * or, when the Region switch plan provides control health checks, by the plan's check of its region (the HTTPS
 * checks then feed the alarms), so that executing the plan moves traffic without any Route 53 control-plane call
 * (Well-Architected REL11-BP04).
 *
 * Place it in a stack with `crossRegionReferences: true` when the standby load balancer lives in another region.
 */
export class FailoverDns extends Construct {
  /** The set identifier the failover record of `region` uses: the region's name (ARC maps records by it). */
  public static recordSetIdentifierFor(region: string): string {
    return region;
  }

  /** The `PRIMARY` alias A record. */
  public readonly primaryRecord: route53.ARecord;
  /** The `SECONDARY` alias A record. */
  public readonly standbyRecord: route53.ARecord;
  /** HTTPS health check of the primary region's endpoint. */
  public readonly primaryEndpointHealthCheck: route53.HealthCheck;
  /** HTTPS health check of the standby region's endpoint. */
  public readonly standbyEndpointHealthCheck: route53.HealthCheck;
  /** The health check attached to the `PRIMARY` record (the control check when given, else the HTTPS check). */
  public readonly primaryRecordHealthCheck: route53.IHealthCheck;
  /** The health check attached to the `SECONDARY` record. */
  public readonly standbyRecordHealthCheck: route53.IHealthCheck;
  /** Set identifier of the `PRIMARY` record (the primary region's name). */
  public readonly primarySetIdentifier: string;
  /** Set identifier of the `SECONDARY` record (the standby region's name). */
  public readonly standbySetIdentifier: string;
  /** The payment domain. */
  public readonly recordName: string;
  /** The hosted zone. */
  public readonly hostedZone: route53.IHostedZone;
  /** Alarms on the HTTPS health checks' status (empty without an alarm topic or outside us-east-1). */
  public readonly alarms: cloudwatch.Alarm[];
  /** Seconds between checks of each Route 53 checker. */
  public readonly healthCheckIntervalSeconds: number;
  /** Consecutive failures before a health check turns unhealthy. */
  public readonly failureThreshold: number;
  /** Worst-case seconds for Route 53 to see an endpoint as unhealthy: interval x failure threshold. */
  public readonly detectionSeconds: number;
  /** TTL resolvers may cache the answer for (alias to ELB: 60 s). */
  public readonly dnsTtlSeconds: number;

  constructor(scope: Construct, id: string, props: FailoverDnsProps) {
    super(scope, id);

    const interval = props.healthCheckIntervalSeconds ?? 10;
    const threshold = props.failureThreshold ?? 3;
    const path = props.healthCheckPath ?? '/health';
    validateFailoverDnsProps(props, interval, threshold, path);

    this.hostedZone = props.hostedZone;
    this.recordName = props.recordName;
    this.healthCheckIntervalSeconds = interval;
    this.failureThreshold = threshold;
    this.detectionSeconds = interval * threshold;
    this.dnsTtlSeconds = ALB_ALIAS_TTL_SECONDS;
    this.primarySetIdentifier = FailoverDns.recordSetIdentifierFor(props.primary.region);
    this.standbySetIdentifier = FailoverDns.recordSetIdentifierFor(props.standby.region);

    const endpointCheck = (checkId: string, target: FailoverDnsTarget) => {
      const check = new route53.HealthCheck(this, checkId, {
        type: route53.HealthCheckType.HTTPS,
        fqdn: target.healthCheckDomainName,
        port: 443,
        enableSNI: true,
        resourcePath: path,
        requestInterval: Duration.seconds(interval),
        failureThreshold: threshold,
        measureLatency: props.measureLatency ?? false,
      });
      nameHealthCheck(check, `${props.recordName} ${target.region} https`);
      return check;
    };
    this.primaryEndpointHealthCheck = endpointCheck('PrimaryEndpointHealthCheck', props.primary);
    this.standbyEndpointHealthCheck = endpointCheck('StandbyEndpointHealthCheck', props.standby);

    // The documented wiring (ARC user guide, "Route 53 health check execution block"): each region's record carries
    // the health check Region switch created for that region, directly; plan evaluation verifies exactly that. The
    // alias's EvaluateTargetHealth keeps the load balancer's own health in the answer; the HTTPS checks feed the alarms.
    const recordCheck = (checkId: string, endpoint: route53.HealthCheck, target: FailoverDnsTarget): route53.IHealthCheck =>
      target.controlHealthCheckId === undefined
        ? endpoint
        : route53.HealthCheck.fromHealthCheckId(this, `${checkId}Control`, target.controlHealthCheckId);
    this.primaryRecordHealthCheck = recordCheck('PrimaryRecordHealthCheck', this.primaryEndpointHealthCheck, props.primary);
    this.standbyRecordHealthCheck = recordCheck('StandbyRecordHealthCheck', this.standbyEndpointHealthCheck, props.standby);

    const record = (
      recordId: string, target: FailoverDnsTarget, failover: route53.Failover, setIdentifier: string, healthCheck: route53.IHealthCheck,
    ) =>
      new route53.ARecord(this, recordId, {
        zone: props.hostedZone,
        recordName: props.recordName,
        target: route53.RecordTarget.fromAlias(
          new route53Targets.LoadBalancerTarget(target.loadBalancer, { evaluateTargetHealth: true }),
        ),
        failover,
        setIdentifier,
        healthCheck,
        comment: `${failover} ${target.region}: payment traffic, failover routing`,
      });
    this.primaryRecord = record('PrimaryRecord', props.primary, route53.Failover.PRIMARY, this.primarySetIdentifier, this.primaryRecordHealthCheck);
    this.standbyRecord = record('StandbyRecord', props.standby, route53.Failover.SECONDARY, this.standbySetIdentifier, this.standbyRecordHealthCheck);

    this.alarms = this.endpointAlarms(props);
  }

  /** Route 53 `HealthCheckStatus` (1 healthy, 0 unhealthy) of the primary HTTPS check; a us-east-1 metric. */
  public metricPrimaryHealthCheckStatus(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return metricHealthCheckStatus(this.primaryEndpointHealthCheck, props);
  }

  /** Route 53 `HealthCheckStatus` (1 healthy, 0 unhealthy) of the standby HTTPS check; a us-east-1 metric. */
  public metricStandbyHealthCheckStatus(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return metricHealthCheckStatus(this.standbyEndpointHealthCheck, props);
  }

  /**
   * Alarms on both HTTPS health checks, when there is a topic to notify and the metrics exist in this stack's
   * region; otherwise none, and a warning says why.
   */
  private endpointAlarms(props: FailoverDnsProps): cloudwatch.Alarm[] {
    const region = Stack.of(this).region;
    if (!props.alarmTopic) {
      Annotations.of(this).addWarningV2(
        'cdk-dr-payment-platform:failover-dns-no-alarm-topic',
        'no alarmTopic: no HealthCheckStatus alarms were created for the HTTPS health checks',
      );
      return [];
    }
    if (region !== HEALTH_CHECK_METRICS_REGION) {
      Annotations.of(this).addWarningV2(
        'cdk-dr-payment-platform:failover-dns-alarms-region',
        `Route 53 health-check metrics exist only in ${HEALTH_CHECK_METRICS_REGION}; this stack is in ${region}, so no ` +
          `HealthCheckStatus alarms were created here: create HealthCheckStatusAlarms in a ${HEALTH_CHECK_METRICS_REGION} stack`,
      );
      return [];
    }
    const alarms = new HealthCheckStatusAlarms(this, 'Alarms', {
      healthChecks: [
        { healthCheck: this.primaryEndpointHealthCheck, description: `${props.recordName} primary (${props.primary.region}) HTTPS health check` },
        { healthCheck: this.standbyEndpointHealthCheck, description: `${props.recordName} standby (${props.standby.region}) HTTPS health check` },
      ],
      alarmTopic: props.alarmTopic,
    });
    return [...alarms.alarms];
  }
}

/** Checks the props CloudFormation would only reject at deploy time (tokens are left to CloudFormation). */
function validateFailoverDnsProps(props: FailoverDnsProps, interval: number, threshold: number, path: string): void {
  if (!Token.isUnresolved(interval) && interval !== 10 && interval !== 30) {
    throw new Error(`healthCheckIntervalSeconds must be 10 or 30, got: ${interval}`);
  }
  if (!Token.isUnresolved(threshold) && (!Number.isInteger(threshold) || threshold < 1 || threshold > 10)) {
    throw new Error(`failureThreshold must be an integer between 1 and 10, got: ${threshold}`);
  }
  if (!Token.isUnresolved(path) && (!path.startsWith('/') || path.length > 255)) {
    throw new Error(`healthCheckPath must start with '/' and be at most 255 characters, got: '${path}'`);
  }
  for (const [name, target] of [['primary', props.primary], ['standby', props.standby]] as const) {
    if (!Token.isUnresolved(target.region) && !isRegionName(target.region)) {
      throw new Error(`${name}.region must be a region name such as us-east-1, got: '${target.region}'`);
    }
    if (!Token.isUnresolved(target.healthCheckDomainName) && !isDnsName(target.healthCheckDomainName.toLowerCase())) {
      throw new Error(`${name}.healthCheckDomainName must be a fully qualified domain name, got: '${target.healthCheckDomainName}'`);
    }
  }
  if (!Token.isUnresolved(props.primary.region) && props.primary.region === props.standby.region) {
    throw new Error(`primary.region and standby.region must differ, got: ${props.primary.region}`);
  }
  if (!Token.isUnresolved(props.recordName) && !isDnsName(props.recordName.toLowerCase())) {
    throw new Error(`recordName must be a fully qualified domain name, got: '${props.recordName}'`);
  }
}

/** Give a health check a `Name` tag: the Route 53 console lists health checks by it. */
function nameHealthCheck(check: route53.HealthCheck, name: string): void {
  const cfn = check.node.defaultChild as route53.CfnHealthCheck;
  cfn.healthCheckTags = [{ key: 'Name', value: name }];
}

