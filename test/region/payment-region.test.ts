import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { newApp, singleRegion, stack, STANDBY_REGION, zone } from './fixtures';
import { PaymentRegion, PaymentRegionDefaults, PaymentRole, TransactionLogBucket } from '../../src';

describe('PaymentRegion', () => {
  const primary = singleRegion();
  const t = Template.fromStack(primary.stack);

  test('HTTPS listener on 443 with the ACM certificate and a TLS 1.2+ policy', () => {
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{ CertificateArn: { Ref: Match.stringLikeRegexp('PaymentEndpointCertificate') } }],
      DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('PaymentEndpointTargetGroup') } }],
    });
  });

  test('HTTP listener on 80 only redirects to HTTPS', () => {
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 2);
  });

  test('the certificate covers the payment domain and the regional name, DNS-validated in the zone', () => {
    t.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'pay.example.com',
      SubjectAlternativeNames: ['eu-west-1.pay.example.com'],
      ValidationMethod: 'DNS',
      DomainValidationOptions: [
        { DomainName: 'pay.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' },
        { DomainName: 'eu-west-1.pay.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' },
      ],
    });
    expect(primary.region.regionalDomainName).toBe('eu-west-1.pay.example.com');
  });

  test('the regional alias record points at the load balancer', () => {
    t.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'eu-west-1.pay.example.com.',
      Type: 'A',
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
      AliasTarget: { DNSName: Match.objectLike({}), HostedZoneId: { 'Fn::GetAtt': [Match.stringLikeRegexp('PaymentEndpointLoadBalancer'), 'CanonicalHostedZoneID'] } },
    });
  });

  test('the load balancer drops invalid headers, logs access to an SSE-S3 bucket and is deletion-protected', () => {
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: 'true' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: { Ref: Match.stringLikeRegexp('PaymentEndpointLoadBalancerLogs') } },
      ]),
    });
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: { LogFilePrefix: 'load-balancer-logs/' },
    });
  });

  test('a WAF web ACL with the AWS managed rule groups and a rate limit is associated with the load balancer', () => {
    t.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet', Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } } }),
        Match.objectLike({ Name: 'AWSManagedRulesKnownBadInputsRuleSet' }),
        Match.objectLike({ Name: 'AWSManagedRulesAmazonIpReputationList' }),
        Match.objectLike({ Name: 'RateLimitPerIp', Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } } }),
      ],
    });
    t.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { Ref: Match.stringLikeRegexp('PaymentEndpointLoadBalancer') },
      WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('PaymentEndpointWebAcl'), 'Arn'] },
    });
    t.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      LogDestinationConfigs: [{ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':log-group:aws-waf-logs-')])] }],
    });
    t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-'), RetentionInDays: 365 });
  });

  test('a custom health check reaches the target group and the exposed members', () => {
    const { stack: s, region } = singleRegion({
      healthCheck: { path: '/ready', intervalSeconds: 15, healthyThresholdCount: 3, unhealthyThresholdCount: 4 },
    });
    Template.fromStack(s).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/ready',
      HealthCheckIntervalSeconds: 15,
      HealthyThresholdCount: 3,
      UnhealthyThresholdCount: 4,
    });
    expect(region.healthCheckPath).toBe('/ready');
    expect(region.healthCheckIntervalSeconds).toBe(15);
    expect(region.healthCheckHealthyThresholdCount).toBe(3);
    expect(region.healthCheckUnhealthyThresholdCount).toBe(4);
  });

  test('the target group checks /health with the budget defaults', () => {
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 8080,
      Protocol: 'HTTP',
      TargetType: 'ip',
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: PaymentRegionDefaults.HEALTH_CHECK_INTERVAL_SECONDS,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 2,
      Matcher: { HttpCode: '200' },
    });
  });

  test('security groups: internet to the ALB on 443 and 80, ALB to the tasks on 8080, nothing else inbound', () => {
    const ingress = Object.values(t.findResources('AWS::EC2::SecurityGroup')).flatMap((sg: any) => sg.Properties.SecurityGroupIngress ?? []);
    const ingressRules = Object.values(t.findResources('AWS::EC2::SecurityGroupIngress')).map((r: any) => r.Properties);
    const lb = ingress.filter((r: any) => r.CidrIp === '0.0.0.0/0').map((r: any) => r.FromPort).sort();
    expect(lb).toEqual([443, 80]);
    const service = ingressRules.filter((r: any) => JSON.stringify(r.GroupId).includes('ServiceSecurityGroup'));
    expect(service).toEqual([
      expect.objectContaining({ FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/LoadBalancerSecurityGroup/), 'GroupId'] } }),
    ]);
  });

  test('the cluster has Container Insights (enhanced)', () => {
    t.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }] });
  });

  test('the task runs non-root on a read-only root fs with region and role in the environment and logs kept 365 days', () => {
    t.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '1024',
      Memory: '2048',
      RequiresCompatibilities: ['FARGATE'],
      Volumes: [{ Name: 'tmp' }],
      ContainerDefinitions: [
        // the placeholder's init container writes its pages into the volume (bind mounts are root-owned) and exits
        Match.objectLike({
          Name: 'PlaceholderContent',
          Essential: false,
          ReadonlyRootFilesystem: true,
          Memory: 64,
          Command: [Match.stringLikeRegexp('echo ok > /srv/www/health')],
          MountPoints: [{ ContainerPath: '/srv', SourceVolume: 'tmp', ReadOnly: false }],
        }),
        Match.objectLike({
          Name: 'App',
          User: '65534',
          ReadonlyRootFilesystem: true,
          Memory: 1984,
          EntryPoint: ['httpd'],
          Command: ['-f', '-v', '-p', '8080', '-h', '/srv/www'],
          DependsOn: [{ ContainerName: 'PlaceholderContent', Condition: 'SUCCESS' }],
          PortMappings: [{ ContainerPort: 8080, Protocol: 'tcp' }],
          MountPoints: [{ ContainerPath: '/srv', SourceVolume: 'tmp', ReadOnly: true }],
          Environment: Match.arrayWith([
            { Name: 'PAYMENT_REGION', Value: 'eu-west-1' },
            { Name: 'PAYMENT_ROLE', Value: 'PRIMARY' },
          ]),
          LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
        }),
      ],
    });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('PaymentKey'), 'Arn'] } });
    t.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
      DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: { Enable: true, Rollback: true } }),
      // a deployment must not reset a scaled-out service: the scalable target sets the capacity
      DesiredCount: Match.absent(),
    });
  });

  test('database settings reach the container as host/port env and credentials only as ECS secrets', () => {
    const { stack: s } = singleRegion({
      database: {
        hostname: 'writer.global-payments.global.rds.amazonaws.com',
        port: 5432,
        secret: secretsmanager.Secret.fromSecretCompleteArn(
          stack(newApp(), 'X', 'eu-west-1'),
          'Secret',
          'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf',
        ),
      },
    });
    const container = Template.fromStack(s).findResources('AWS::ECS::TaskDefinition');
    const def = (Object.values(container)[0] as any).Properties.ContainerDefinitions.find((c: any) => c.Name === 'App');
    expect(def.Environment).toEqual(
      expect.arrayContaining([
        { Name: 'DB_HOST', Value: 'writer.global-payments.global.rds.amazonaws.com' },
        { Name: 'DB_PORT', Value: '5432' },
      ]),
    );
    expect(def.Secrets).toEqual([
      { Name: 'DB_USERNAME', ValueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:username::' },
      { Name: 'DB_PASSWORD', ValueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password::' },
    ]);
    // The secret's ARN (not its value), so that the application re-reads the password after a rotation; no value.
    expect(def.Environment).toEqual(expect.arrayContaining([
      { Name: 'DB_SECRET_ARN', Value: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf' },
    ]));
    expect(JSON.stringify(def.Environment.filter((e: any) => e.Name !== 'DB_SECRET_ARN'))).not.toMatch(/password|secret/i);
    const t2 = Template.fromStack(s);
    const taskRole = (Object.values(container)[0] as any).Properties.TaskRoleArn['Fn::GetAtt'][0];
    const reads = Object.values(t2.findResources('AWS::IAM::Policy')).filter((p: any) =>
      p.Properties.Roles.some((r: any) => r.Ref === taskRole)).flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .filter((st: any) => [st.Action].flat().includes('secretsmanager:GetSecretValue'));
    expect(reads.map((st: any) => st.Resource)).toEqual(['arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf']);
  });

  test('scaling bounds: PRIMARY 10-50, CPU 70 % and requests per target', () => {
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 10, MaxCapacity: 50 });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        TargetValue: 70,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      }),
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        TargetValue: 1000,
        PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
      }),
    });
  });

  test('scaling bounds: STANDBY 2-50 by default, and as given', () => {
    const standby = singleRegion({ role: PaymentRole.STANDBY }, STANDBY_REGION);
    Template.fromStack(standby.stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 50 });
    expect(standby.region.minCapacity).toBe(2);
    const custom = singleRegion({ role: PaymentRole.STANDBY, minCapacity: 4, maxCapacity: 20 }, STANDBY_REGION);
    Template.fromStack(custom.stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 4, MaxCapacity: 20 });
  });

  test('alarms: running tasks from Container Insights, unhealthy hosts, 5xx rate, p99 latency, ELB 5xx, all to the topic', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'ECS/ContainerInsights',
      MetricName: 'RunningTaskCount',
      Dimensions: [
        { Name: 'ClusterName', Value: { Ref: Match.stringLikeRegexp('PaymentServiceCluster') } },
        { Name: 'ServiceName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('PaymentService'), 'Name'] } },
      ],
      Statistic: 'Minimum',
      Threshold: 10,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'UnHealthyHostCount',
      Dimensions: [Match.objectLike({ Name: 'LoadBalancer' }), Match.objectLike({ Name: 'TargetGroup' })],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 5,
      Metrics: Match.arrayWith([
        Match.objectLike({ Id: 'expr_1', Expression: 'IF(requests > 0, 100 * errors / requests, 0)' }),
        Match.objectLike({ Id: 'errors', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'HTTPCode_Target_5XX_Count', Namespace: 'AWS/ApplicationELB' }), Stat: 'Sum' }) }),
        Match.objectLike({ Id: 'requests', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'RequestCount' }), Stat: 'Sum' }) }),
      ]),
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'TargetResponseTime', ExtendedStatistic: 'p99', Threshold: 1 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'HTTPCode_ELB_5XX_Count', Statistic: 'Sum' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 0,
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'SUM([nat0, nat1, nat2])' }),
        Match.objectLike({
          Id: 'nat0',
          MetricStat: Match.objectLike({ Metric: Match.objectLike({ Namespace: 'AWS/NATGateway', MetricName: 'ErrorPortAllocation' }), Stat: 'Sum' }),
        }),
      ]),
    });
    const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(6);
    for (const alarm of alarms as any[]) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/PaymentMonitoringAlarmTopic/) }]);
      expect(alarm.Properties.MetricName).not.toBe('CPUUtilization');
    }
    expect(primary.region.alarms).toHaveLength(6);
  });

  test('the alarm topic is KMS-encrypted and TLS-only, with e-mail subscriptions', () => {
    const { stack: s } = singleRegion({ alarmEmails: ['oncall@example.com', 'payments@example.com'] });
    const tt = Template.fromStack(s);
    tt.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('PaymentKey'), 'Arn'] } });
    tt.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    tt.resourceCountIs('AWS::SNS::Subscription', 2);
    tt.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  });

  test('the dashboard shows traffic, errors, latency and tasks, plus widgets given', () => {
    const extra = new cloudwatch.TextWidget({ markdown: 'database health' });
    const { stack: s } = singleRegion({ dashboardWidgets: [extra] });
    const body = JSON.stringify(Template.fromStack(s).findResources('AWS::CloudWatch::Dashboard'));
    for (const title of ['Traffic', 'Errors', 'Latency', 'Tasks', 'RunningTaskCount', 'database health']) {
      expect(body).toContain(title);
    }
  });

  test('exposes connections for the database rule', () => {
    const { stack: s, region } = singleRegion();
    const db = new ec2.SecurityGroup(s, 'Db', { vpc: region.vpc, allowAllOutbound: false });
    region.connections.allowTo(db, ec2.Port.tcp(5432), 'service to database');
    Template.fromStack(s).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5432,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Db'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('PaymentServiceSecurityGroup'), 'GroupId'] },
    });
  });

  test('runs a given image as its own user, with a writable /tmp', () => {
    const { stack: s } = singleRegion({ containerImage: ecs.ContainerImage.fromRegistry('example.com/payments:1.0'), memoryMiB: 4096, cpu: 2048 });
    const definitions = (Object.values(Template.fromStack(s).findResources('AWS::ECS::TaskDefinition'))[0] as any).Properties.ContainerDefinitions;
    expect(definitions).toHaveLength(1);
    expect(definitions[0]).toMatchObject({
      Name: 'App',
      Image: 'example.com/payments:1.0',
      Memory: 4096,
      ReadonlyRootFilesystem: true,
      MountPoints: [{ ContainerPath: '/tmp', SourceVolume: 'tmp', ReadOnly: false }],
    });
    expect(definitions[0].User).toBeUndefined();
    expect(definitions[0].Command).toBeUndefined();
    // the placeholder's root-init acknowledgement does not carry over to a real image
    const taskDefinition = Object.values(Template.fromStack(s).findResources('AWS::ECS::TaskDefinition'))[0] as any;
    expect(JSON.stringify(taskDefinition.Metadata ?? {})).not.toContain('ecs_task_definition_nonroot_user_check');
  });

  test('takes the caller certificate, VPC and log bucket', () => {
    const app = newApp();
    const s = stack(app, 'Custom', 'eu-west-1');
    const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const logBucket = new TransactionLogBucket(s, 'Logs');
    const certificate = acm.Certificate.fromCertificateArn(s, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc');
    const region = new PaymentRegion(s, 'Payment', {
      role: PaymentRole.STANDBY,
      domainName: 'pay.example.com',
      regionalDomainName: 'standby.pay.example.com',
      hostedZone: zone(s),
      vpc,
      certificate,
      logBucket,
      loadBalancerDeletionProtection: false,
    });
    const tt = Template.fromStack(s);
    tt.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    tt.resourceCountIs('AWS::EC2::VPC', 1);
    expect(region.logBucket).toBe(logBucket);
    expect(region.network).toBeUndefined();
    tt.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'standby.pay.example.com.' });
    tt.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'false' }]),
    });
  });

  test('does not wire the topic to replication alarms of a log bucket in another stack (no reference cycle)', () => {
    const app = newApp();
    const destinationStack = stack(app, 'Dest', STANDBY_REGION);
    const destination = new TransactionLogBucket(destinationStack, 'Logs');
    const storageStack = stack(app, 'Storage', 'eu-west-1', true);
    const logBucket = new TransactionLogBucket(storageStack, 'Logs', { replicationDestination: destination.asReplicationDestination() });
    const regionStack = stack(app, 'RegionStack', 'eu-west-1', true); // the dashboard names the destination bucket
    const region = new PaymentRegion(regionStack, 'Payment', { role: PaymentRole.PRIMARY, domainName: 'pay.example.com', hostedZone: zone(regionStack), logBucket });
    expect(region.alarms).not.toEqual(expect.arrayContaining(logBucket.replicationAlarms));
    Annotations.fromStack(regionStack).hasWarning('/RegionStack/Payment/Monitoring', Match.stringLikeRegexp('replication alarms of the given logBucket live in another stack'));
    expect(storageStack.dependencies).not.toContain(regionStack);
    app.synth(); // no cycle
  });

  test('warns when the placeholder image cannot be pulled without NAT', () => {
    const { stack: s, region } = singleRegion({ natGateways: 0 });
    Annotations.fromStack(s).hasWarning('/Region/Payment', Match.stringLikeRegexp('natGateways is 0'));
    // no NAT gateway, no NAT alarm
    expect(region.alarms).toHaveLength(5);
    expect(() => region.network!.metricNatErrorPortAllocation()).toThrow('metricNatErrorPortAllocation needs NAT gateways, got: natGateways 0');
  });
});
