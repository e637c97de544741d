import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ACCOUNT, PRIMARY_REGION, RECORD_NAME, STANDBY_REGION, ZONE_ID, ZONE_NAME, platformFixture } from './fixture';
import { FailoverDns, FailoverDnsProps } from '../../src/dns/failover-dns';
import { HealthCheckStatusAlarms } from '../../src/dns/health-check-status-alarms';
import { newEncryptionKey } from '../../src/private/kms';
import { PinnedStack } from '../../src/private/stack';
import { expectCompliant } from '../compliance/harness';

function wired(extra: Partial<FailoverDnsProps> = {}, controls?: { primary: string; standby: string }) {
  const f = platformFixture();
  const topic = new sns.Topic(f.dns, 'AlertTopic', { masterKey: newEncryptionKey(f.dns, 'AlertKey', { description: 'alerts' }) });
  const dns = new FailoverDns(f.dns, 'FailoverDns', {
    alarmTopic: topic,
    hostedZone: f.hostedZone,
    recordName: RECORD_NAME,
    primary: {
      loadBalancer: f.primary.loadBalancer,
      region: PRIMARY_REGION,
      healthCheckDomainName: `${PRIMARY_REGION}.${RECORD_NAME}`,
      controlHealthCheckId: controls?.primary,
    },
    standby: {
      loadBalancer: f.standby.loadBalancer,
      region: STANDBY_REGION,
      healthCheckDomainName: `${STANDBY_REGION}.${RECORD_NAME}`,
      controlHealthCheckId: controls?.standby,
    },
    ...extra,
  });
  return { ...f, failoverDns: dns, template: Template.fromStack(f.dns) };
}

/** A stack-local setup (imported load balancers) for validation and compliance tests. */
function local(props: Partial<FailoverDnsProps> = {}, region = PRIMARY_REGION) {
  const app = new App();
  const stack = new PinnedStack(app, 'Dns', { env: { account: ACCOUNT, region } });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: ZONE_ID, zoneName: ZONE_NAME });
  const alb = (id: string, r: string) => elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, id, {
    loadBalancerArn: `arn:aws:elasticloadbalancing:${r}:${ACCOUNT}:loadbalancer/app/pay/0123456789abcdef`,
    securityGroupId: 'sg-0123456789abcdef0',
    loadBalancerDnsName: `pay-123.${r}.elb.amazonaws.com`,
    loadBalancerCanonicalHostedZoneId: r === PRIMARY_REGION ? 'Z35SXDOTRQ7X7K' : 'Z1H1FL5HABSF5',
  });
  const build = (more: Partial<FailoverDnsProps> = {}) => new FailoverDns(stack, 'FailoverDns', {
    hostedZone: zone,
    recordName: RECORD_NAME,
    primary: { loadBalancer: alb('PrimaryAlb', PRIMARY_REGION), region: PRIMARY_REGION, healthCheckDomainName: `${PRIMARY_REGION}.${RECORD_NAME}` },
    standby: { loadBalancer: alb('StandbyAlb', STANDBY_REGION), region: STANDBY_REGION, healthCheckDomainName: `${STANDBY_REGION}.${RECORD_NAME}` },
    ...props,
    ...more,
  });
  return { app, stack, build };
}

describe('FailoverDns', () => {
  describe('records across regions', () => {
    const { template, primary, standby, dns, failoverDns } = wired();

    test('PRIMARY alias record targets the primary load balancer (same-region reference)', () => {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: `${RECORD_NAME}.`,
        Type: 'A',
        HostedZoneId: ZONE_ID,
        Failover: 'PRIMARY',
        SetIdentifier: PRIMARY_REGION,
        HealthCheckId: { Ref: Match.stringLikeRegexp('PrimaryEndpointHealthCheck') },
        AliasTarget: {
          DNSName: { 'Fn::Join': ['', ['dualstack.', { 'Fn::ImportValue': Match.stringLikeRegexp('Primary:ExportsOutputFnGetAttAlb.*DNSName') }]] },
          HostedZoneId: { 'Fn::ImportValue': Match.stringLikeRegexp('Primary:ExportsOutputFnGetAttAlb.*CanonicalHostedZoneID') },
          EvaluateTargetHealth: true,
        },
      });
    });

    test('SECONDARY alias record targets the standby load balancer through a cross-region reference', () => {
      const records = template.findResources('AWS::Route53::RecordSet', { Properties: { Failover: 'SECONDARY' } });
      expect(Object.keys(records)).toHaveLength(1);
      const record = Object.values(records)[0] as any;
      expect(record.Properties.SetIdentifier).toBe(STANDBY_REGION);
      expect(record.Properties.AliasTarget.EvaluateTargetHealth).toBe(true);
      // CDK's cross-region mechanism: an ExportsReader custom resource in the Dns stack reads SSM parameters that
      // the ExportsWriter in the standby stack wrote.
      const text = JSON.stringify(record.Properties.AliasTarget);
      expect(text).toContain('ExportsReader');
      expect(text).toMatch(/Standbyuswest2FnGetAttAlb\w*DNSName/);
      expect(text).toMatch(/Standbyuswest2FnGetAttAlb\w*CanonicalHostedZoneID/);
      Template.fromStack(standby.stack).hasResourceProperties('Custom::CrossRegionExportWriter', {
        WriterProps: { region: PRIMARY_REGION, exports: Match.objectLike({}) },
      });
    });

    test('the Dns stack depends on both regional stacks', () => {
      expect(dns.dependencies).toEqual(expect.arrayContaining([primary.stack, standby.stack]));
      expect(primary.stack.dependencies).not.toContain(dns);
      expect(standby.stack.dependencies).not.toContain(dns);
    });

    test('HTTPS health checks probe each regional name on /health with SNI, 10 s x 3 by default', () => {
      for (const region of [PRIMARY_REGION, STANDBY_REGION]) {
        template.hasResourceProperties('AWS::Route53::HealthCheck', {
          HealthCheckConfig: {
            Type: 'HTTPS',
            FullyQualifiedDomainName: `${region}.${RECORD_NAME}`,
            Port: 443,
            EnableSNI: true,
            ResourcePath: '/health',
            RequestInterval: 10,
            FailureThreshold: 3,
            MeasureLatency: false,
          },
          HealthCheckTags: [{ Key: 'Name', Value: `${RECORD_NAME} ${region} https` }],
        });
      }
      template.resourceCountIs('AWS::Route53::HealthCheck', 2);
    });

    test('alarms on HealthCheckStatus of both HTTPS checks (the Dns stack is in us-east-1)', () => {
      template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Route53',
        MetricName: 'HealthCheckStatus',
        Dimensions: [{ Name: 'HealthCheckId', Value: { Ref: Match.stringLikeRegexp('StandbyEndpointHealthCheck') } }],
        Statistic: 'Minimum',
        Period: 60,
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        EvaluationPeriods: 1,
        TreatMissingData: 'breaching',
      });
      expect(failoverDns.alarms).toHaveLength(2);
    });

    test('exposes set identifiers and the timing figures', () => {
      expect(failoverDns.primarySetIdentifier).toBe(PRIMARY_REGION);
      expect(failoverDns.standbySetIdentifier).toBe(STANDBY_REGION);
      expect(failoverDns.detectionSeconds).toBe(30);
      expect(failoverDns.dnsTtlSeconds).toBe(60);
      expect(failoverDns.primaryRecordHealthCheck).toBe(failoverDns.primaryEndpointHealthCheck);
    });
  });

  test('control health checks are attached to the records directly (the documented Region switch wiring)', () => {
    const { template } = wired({ healthCheckIntervalSeconds: 30, failureThreshold: 2 }, { primary: 'aaaa-1111', standby: 'bbbb-2222' });
    // Only the two HTTPS checks are created: no CALCULATED check wraps the service-owned control checks.
    template.resourceCountIs('AWS::Route53::HealthCheck', 2);
    expect(template.findResources('AWS::Route53::HealthCheck', { Properties: { HealthCheckConfig: { Type: 'CALCULATED' } } })).toEqual({});
    for (const [role, control] of [['Primary', 'aaaa-1111'], ['Standby', 'bbbb-2222']]) {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Failover: role === 'Primary' ? 'PRIMARY' : 'SECONDARY',
        HealthCheckId: control,
        AliasTarget: Match.objectLike({ EvaluateTargetHealth: true }),
      });
    }
    template.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: { Type: 'HTTPS', RequestInterval: 30, FailureThreshold: 2 },
    });
  });

  test('alarm topic receives ALARM and OK', () => {
    const { stack, build } = local();
    const topic = new sns.Topic(stack, 'Topic', { masterKey: newEncryptionKey(stack, 'TopicKey', { description: 'alerts' }) });
    build({ alarmTopic: topic });
    const alarm = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))[0] as any;
    expect(alarm.Properties.AlarmActions).toEqual([{ Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) }]);
    expect(alarm.Properties.OKActions).toEqual([{ Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) }]);
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Effect: 'Allow',
        })]),
      },
    });
  });

  test('outside us-east-1: no alarms, a warning, and HealthCheckStatusAlarms refuses the region', () => {
    const { stack, build } = local({}, 'eu-west-1');
    const dns = build({ alarmTopic: new sns.Topic(stack, 'Topic') });
    expect(dns.alarms).toHaveLength(0);
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 0);
    Annotations.fromStack(stack).hasWarning('/Dns/FailoverDns', Match.stringLikeRegexp('health-check metrics exist only in us-east-1'));
    expect(() => new HealthCheckStatusAlarms(stack, 'Alarms', { healthChecks: [], alarmTopic: new sns.Topic(stack, 'T') })).toThrow(
      'HealthCheckStatusAlarms must be in a us-east-1 stack (Route 53 metrics exist only there), got: eu-west-1',
    );
  });

  test('passes cdk-nag, cfn-guard and cfn-lint', () => {
    const { app, stack, build } = local();
    build({ alarmTopic: new sns.Topic(stack, 'Topic', { masterKey: newEncryptionKey(stack, 'TopicKey', { description: 'alerts' }) }) });
    expectCompliant(app);
  });

  test('in us-east-1 without an alarm topic: no alarms and a warning', () => {
    const { stack, build } = local();
    expect(build().alarms).toHaveLength(0);
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 0);
    Annotations.fromStack(stack).hasWarning('/Dns/FailoverDns', Match.stringLikeRegexp('no alarmTopic'));
  });

  describe('validation', () => {
    test('fails when healthCheckIntervalSeconds is not 10 or 30', () => {
      expect(() => local({ healthCheckIntervalSeconds: 20 }).build()).toThrow('healthCheckIntervalSeconds must be 10 or 30, got: 20');
    });
    test('fails when failureThreshold is out of range', () => {
      expect(() => local({ failureThreshold: 11 }).build()).toThrow('failureThreshold must be an integer between 1 and 10, got: 11');
      expect(() => local({ failureThreshold: 0 }).build()).toThrow('failureThreshold must be an integer between 1 and 10, got: 0');
    });
    test('fails when healthCheckPath does not start with a slash', () => {
      expect(() => local({ healthCheckPath: 'health' }).build()).toThrow("healthCheckPath must start with '/' and be at most 255 characters, got: 'health'");
    });
    test('fails when recordName is not a domain name', () => {
      expect(() => local({ recordName: 'pay' }).build()).toThrow("recordName must be a fully qualified domain name, got: 'pay'");
    });
    test('fails when both targets are in the same region', () => {
      const { stack } = local();
      const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Z2', { hostedZoneId: ZONE_ID, zoneName: ZONE_NAME });
      const imported = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'A', {
        loadBalancerArn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/a/1`,
        securityGroupId: 'sg-1',
        loadBalancerDnsName: 'a.elb.amazonaws.com',
        loadBalancerCanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
      });
      expect(() => new FailoverDns(stack, 'Same', {
        hostedZone: zone,
        recordName: RECORD_NAME,
        primary: { loadBalancer: imported, region: 'us-east-1', healthCheckDomainName: 'a.pay.example.com' },
        standby: { loadBalancer: imported, region: 'us-east-1', healthCheckDomainName: 'b.pay.example.com' },
      })).toThrow('primary.region and standby.region must differ, got: us-east-1');
    });
    test('fails when a region or a health check domain name is malformed', () => {
      const { stack } = local();
      const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Z3', { hostedZoneId: ZONE_ID, zoneName: ZONE_NAME });
      const imported = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'B', {
        loadBalancerArn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/b/1`,
        securityGroupId: 'sg-1',
        loadBalancerDnsName: 'b.elb.amazonaws.com',
        loadBalancerCanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
      });
      expect(() => new FailoverDns(stack, 'BadRegion', {
        hostedZone: zone,
        recordName: RECORD_NAME,
        primary: { loadBalancer: imported, region: 'useast1', healthCheckDomainName: 'a.pay.example.com' },
        standby: { loadBalancer: imported, region: 'us-west-2', healthCheckDomainName: 'b.pay.example.com' },
      })).toThrow("primary.region must be a region name such as us-east-1, got: 'useast1'");
      expect(() => new FailoverDns(stack, 'BadName', {
        hostedZone: zone,
        recordName: RECORD_NAME,
        primary: { loadBalancer: imported, region: 'us-east-1', healthCheckDomainName: 'a.pay.example.com' },
        standby: { loadBalancer: imported, region: 'us-west-2', healthCheckDomainName: 'https://b' },
      })).toThrow("standby.healthCheckDomainName must be a fully qualified domain name, got: 'https://b'");
    });
  });
});
