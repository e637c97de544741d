/**
 * The standby needs nothing from the primary region: its image comes from its own registry, its network range differs
 * from the primary's, and synthesis fails (naming the dependency and the fix) when a standby resource needs the
 * primary region at run time: one failing case per dependency kind.
 */
import { App, CfnOutput, CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BASE } from './base-props';
import { DependencyKind, DrPaymentPlatform, DrPaymentPlatformProps, Locality } from '../../src';

const PRIMARY_IMAGE = '111111111111.dkr.ecr.us-east-1.amazonaws.com/payments:1.4.2';

function platform(overrides: Partial<DrPaymentPlatformProps> = {}): DrPaymentPlatform {
  return new DrPaymentPlatform(new App(), 'Payments', { ...BASE, ...overrides });
}

function containers(template: Template): any[] {
  return Object.values(template.findResources('AWS::ECS::TaskDefinition')).flatMap((d: any) => d.Properties.ContainerDefinitions);
}

function executionPolicy(template: Template): any[] {
  const policies = Object.entries(template.findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith('PaymentsServiceTaskDefinitionExecutionRole'));
  expect(policies).toHaveLength(1);
  return (policies[0][1] as any).Properties.PolicyDocument.Statement;
}

describe('images', () => {
  test('an image in the primary region\'s ECR: the standby pulls the same repository and tag from its own registry, with exactly that pull permission', () => {
    const p = platform({ containerImage: ecs.ContainerImage.fromRegistry(PRIMARY_IMAGE) });
    const standby = Template.fromStack(p.standbyStack);
    const primary = Template.fromStack(p.primaryStack);
    expect(containers(standby).map((c) => c.Image)).toEqual(['111111111111.dkr.ecr.us-west-2.amazonaws.com/payments:1.4.2']);
    expect(containers(primary).map((c) => c.Image)).toEqual([PRIMARY_IMAGE]);
    const ecrStatements = executionPolicy(standby).filter((s) => JSON.stringify(s.Action).includes('ecr:'));
    expect(ecrStatements).toEqual([
      {
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
        Effect: 'Allow',
        Resource: 'arn:aws:ecr:us-west-2:111111111111:repository/payments',
      },
      // GetAuthorizationToken has no resource-level permission (acknowledged in the construct).
      { Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' },
    ]);
    expect(JSON.stringify(standby.toJSON())).not.toContain('dkr.ecr.us-east-1');
    expect(JSON.stringify(standby.toJSON())).not.toContain('ecr:us-east-1');
    expect(p.analyseRegionalIndependence().violations).toEqual([]);
  });

  test('standby.containerImage wins (its own registry); primary.containerImage sets the primary\'s', () => {
    const p = platform({
      containerImage: ecs.ContainerImage.fromRegistry(PRIMARY_IMAGE),
      primary: { containerImage: ecs.ContainerImage.fromRegistry('111111111111.dkr.ecr.us-east-1.amazonaws.com/payments:2.0.0') },
      standby: { containerImage: ecs.ContainerImage.fromRegistry('111111111111.dkr.ecr.us-west-2.amazonaws.com/payments-dr:2.0.0') },
    });
    expect(containers(Template.fromStack(p.primaryStack)).map((c) => c.Image)).toEqual(['111111111111.dkr.ecr.us-east-1.amazonaws.com/payments:2.0.0']);
    expect(containers(Template.fromStack(p.standbyStack)).map((c) => c.Image)).toEqual(['111111111111.dkr.ecr.us-west-2.amazonaws.com/payments-dr:2.0.0']);
  });

  test('a standby image in the primary region\'s ECR is refused at synthesis, naming the image, its region and the fix', () => {
    const p = platform({ standby: { containerImage: ecs.ContainerImage.fromRegistry(PRIMARY_IMAGE) } });
    expect(() => Template.fromStack(p.standbyStack)).toThrow(new RegExp(
      'The standby needs the primary region \\(us-east-1\\) at run time[\\s\\S]*IMAGE 111111111111\\.dkr\\.ecr\\.us-east-1\\.amazonaws\\.com/payments:1\\.4\\.2 ' +
      '\\(Payments-Standby: Payments/Service/TaskDefinition: container App image\\) lives in us-east-1[\\s\\S]*Fix: pull from the standby region\'s own registry'));
  });

  test('a public image (the placeholder) is global: the defaults pass', () => {
    const report = platform().analyseRegionalIndependence();
    const images = report.dependencies.filter((d) => d.dependency.kind === DependencyKind.IMAGE);
    expect(images.length).toBeGreaterThan(0);
    expect(images.every((d) => d.locality === Locality.GLOBAL)).toBe(true);
  });
});

describe('network ranges', () => {
  test('the two VPCs differ at the defaults: 10.0.0.0/16 and 10.1.0.0/16', () => {
    const p = platform();
    Template.fromStack(p.primaryStack).hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
    Template.fromStack(p.standbyStack).hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.1.0.0/16' });
  });

  test('custom ranges are used (and the interface endpoints admit the VPC\'s own range)', () => {
    const p = platform({ primary: { vpcCidr: '172.16.0.0/16' }, standby: { vpcCidr: '172.17.0.0/17' } });
    const standby = Template.fromStack(p.standbyStack);
    standby.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '172.17.0.0/17' });
    standby.hasResourceProperties('AWS::EC2::SecurityGroup', { SecurityGroupIngress: [{ CidrIp: '172.17.0.0/17', FromPort: 443, IpProtocol: 'tcp', ToPort: 443, Description: 'HTTPS from the VPC (172.17.0.0/17)' }] });
    Template.fromStack(p.primaryStack).hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '172.16.0.0/16' });
  });

  test.each([
    [{ standby: { vpcCidr: '10.0.0.0/16' } }, 'DrPaymentPlatformProps.primary.vpcCidr (10.0.0.0/16) and DrPaymentPlatformProps.standby.vpcCidr (10.0.0.0/16) overlap'],
    [{ primary: { vpcCidr: '10.0.0.0/16' }, standby: { vpcCidr: '10.0.128.0/17' } }, 'DrPaymentPlatformProps.primary.vpcCidr (10.0.0.0/16) and DrPaymentPlatformProps.standby.vpcCidr (10.0.128.0/17) overlap'],
    [{ primary: { vpcCidr: '10.1.0.0/18' } }, 'DrPaymentPlatformProps.primary.vpcCidr (10.1.0.0/18) and DrPaymentPlatformProps.standby.vpcCidr (10.1.0.0/16) overlap'],
  ])('overlapping ranges fail synthesis naming both props and values: %p', (overrides, message) => {
    expect(() => platform(overrides)).toThrow(message);
  });

  test.each([
    [{ standby: { vpcCidr: '10.1.0.0/24' } }, 'DrPaymentPlatformProps.standby.vpcCidr must be an IPv4 network address with a /16 to /18 prefix (e.g. 10.1.0.0/16), got: 10.1.0.0/24'],
    [{ primary: { vpcCidr: '10.0.1.0/16' } }, 'DrPaymentPlatformProps.primary.vpcCidr must be an IPv4 network address with a /16 to /18 prefix (e.g. 10.1.0.0/16), got: 10.0.1.0/16'],
    [{ primary: { vpcCidr: '10.0.0.0' } }, 'DrPaymentPlatformProps.primary.vpcCidr must be an IPv4 network address'],
  ])('an invalid range fails naming the prop and the value: %p', (overrides, message) => {
    expect(() => platform(overrides)).toThrow(message);
  });

  test('a deployment created with both VPCs on 10.0.0.0/16 keeps them with allowOverlappingVpcCidrs', () => {
    const p = platform({ standby: { vpcCidr: '10.0.0.0/16' }, allowOverlappingVpcCidrs: true });
    Template.fromStack(p.standbyStack).hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
  });
});

describe('regional independence at synthesis', () => {
  test('the defaults pass: the standby has no run-time dependency on the primary region', () => {
    const p = platform();
    Template.fromStack(p.standbyStack); // synthesizes the app, validations included
    const report = p.analyseRegionalIndependence();
    expect(report.violations).toEqual([]);
    const standby = report.dependencies.filter((d) => d.standby);
    expect(standby.length).toBeGreaterThan(30);
    expect(standby.filter((d) => d.locality === Locality.OTHER_REGION_RUN_TIME)).toEqual([]);
    // Every kind the standby has at the defaults lives in its own region or is global.
    expect(new Set(standby.map((d) => d.dependency.kind))).toEqual(new Set([
      DependencyKind.IMAGE, DependencyKind.SECRET, DependencyKind.KMS_KEY, DependencyKind.ENDPOINT, DependencyKind.S3_BUCKET,
      DependencyKind.LOG_DESTINATION, DependencyKind.ALARM_TOPIC,
    ]));
  });

  const PRIMARY_ARN = (service: string, resource: string) => `arn:aws:${service}:us-east-1:111111111111:${resource}`;
  /** One standby resource per dependency kind that needs the primary region at run time (or reads it there). */
  const CASES: Array<[DependencyKind, (p: DrPaymentPlatform) => void]> = [
    [DependencyKind.IMAGE, (p) => p.standby.taskDefinition.addContainer('Sidecar', {
      image: ecs.ContainerImage.fromRegistry('111111111111.dkr.ecr.us-east-1.amazonaws.com/sidecar:1'), memoryLimitMiB: 64, essential: false,
    })],
    [DependencyKind.SECRET, (p) => p.standby.container.addEnvironment('API_SECRET_ARN', PRIMARY_ARN('secretsmanager', 'secret:api-AbCdEf'))],
    [DependencyKind.KMS_KEY, (p) => (p.standbyValidation.function.node.defaultChild as CfnResource).addPropertyOverride('KmsKeyArn', PRIMARY_ARN('kms', 'key/1234abcd-12ab-34cd-56ef-1234567890ab'))],
    [DependencyKind.ENDPOINT, (p) => p.standby.container.addEnvironment('DB_HOST', 'payments-primary.cluster-abc.us-east-1.rds.amazonaws.com')],
    [DependencyKind.SSM_PARAMETER, (p) => p.standby.container.addEnvironment('CONFIG_PARAMETER', PRIMARY_ARN('ssm', 'parameter/payments/config'))],
    [DependencyKind.CROSS_REGION_REFERENCE, (p) => p.standby.container.addEnvironment('DB_HOST', p.database.globalWriterEndpoint)],
    [DependencyKind.S3_BUCKET, (p) => p.standby.container.addEnvironment('EXPORT_BUCKET', p.primary.logBucket.bucket.bucketName)],
    [DependencyKind.LOG_DESTINATION, (p) => (p.standbyValidation.function.node.defaultChild as CfnResource).addPropertyOverride('LoggingConfig.LogGroup', PRIMARY_ARN('logs', 'log-group:/payments/central'))],
    [DependencyKind.ALARM_TOPIC, (p) => new cloudwatch.Alarm(p.standbyStack, 'ExtraAlarm', {
      metric: p.standbyValidation.metricErrors(), threshold: 1, evaluationPeriods: 1,
    }).addAlarmAction(new cw_actions.SnsAction(sns.Topic.fromTopicArn(p.standbyStack, 'PrimaryTopic', PRIMARY_ARN('sns', 'payments-alerts'))))],
  ];

  test.each(CASES)('a standby %s in the primary region fails synthesis, naming the dependency and its fix', (kind, addDependency) => {
    const p = platform();
    addDependency(p);
    // The cross-region reference's value is the primary's writer endpoint: an ENDPOINT needed at run time.
    const named = kind === DependencyKind.CROSS_REGION_REFERENCE ? DependencyKind.ENDPOINT : kind;
    expect(() => Template.fromStack(p.standbyStack)).toThrow(new RegExp(
      `The standby needs the primary region \\(us-east-1\\) at run time[\\s\\S]*- ${named} .* \\(Payments-Standby: .*\\) lives in us-east-1, the primary region, and is needed at run time\\. Fix: `));
  });

  test('a cross-region reference itself is read at deploy time only: reported, not a violation', () => {
    const p = platform();
    // An output (operators read it), not something the standby's code uses.
    new CfnOutput(p.standbyStack, 'PrimaryLoadBalancer', { value: p.primary.loadBalancer.loadBalancerDnsName });
    Template.fromStack(p.standbyStack);
    const report = p.analyseRegionalIndependence();
    const references = report.dependencies.filter((d) => d.standby && d.dependency.kind === DependencyKind.CROSS_REGION_REFERENCE);
    expect(references.map((d) => d.locality)).toEqual([Locality.OTHER_REGION_DEPLOY_TIME]);
  });
});

describe('a passive region: what the standby connects to before and after promotion', () => {
  const p = platform();
  const standby = Template.fromStack(p.standbyStack);
  const dns = Template.fromStack(p.dnsStack);
  const secondaryIds = Object.entries(standby.findResources('AWS::RDS::DBCluster'))
    .filter(([, r]: [string, any]) => r.Properties.GlobalClusterIdentifier === 'payments-payments')
    .map(([id]) => id);

  test('the standby stack holds the secondary cluster of the global database', () => {
    expect(secondaryIds).toHaveLength(1);
  });

  test('before promotion the service reads (and /health checks) its own reader endpoint, and writes through its own cluster endpoint', () => {
    const env = Object.fromEntries(containers(standby).flatMap((c) => c.Environment ?? []).map((e: any) => [e.Name, e.Value]));
    expect(env.DB_READER_HOST).toEqual({ 'Fn::GetAtt': [secondaryIds[0], 'ReadEndpoint.Address'] });
    expect(env.DB_HOST).toEqual({ 'Fn::GetAtt': [secondaryIds[0], 'Endpoint.Address'] });
    expect(env.PAYMENT_ROLE).toBe('STANDBY');
  });

  test('every standby function connects to its own cluster endpoint (a passive region answers 503 REGION_PASSIVE: test/validation)', () => {
    const hosts = Object.values(standby.findResources('AWS::Lambda::Function'))
      .map((f: any) => f.Properties.Environment?.Variables?.DB_HOST)
      .filter((h) => h !== undefined);
    expect(hosts.length).toBeGreaterThanOrEqual(2); // validation and relay
    for (const host of hosts) {
      expect(host).toEqual({ 'Fn::GetAtt': [secondaryIds[0], 'Endpoint.Address'] });
    }
  });

  test('nothing the standby connects to lives in the primary: no cross-region value is read in the standby stack', () => {
    expect(standby.findResources('Custom::CrossRegionExportReader')).toEqual({});
    expect(JSON.stringify(standby.toJSON())).not.toContain('GlobalEndpointLookup');
  });

  test('after promotion the same endpoint is the writer: the Region switch plan promotes exactly this cluster', () => {
    const configs: any[] = [];
    const walk = (v: any): void => {
      if (v && typeof v === 'object') {
        if (v.GlobalAuroraConfig) configs.push(v.GlobalAuroraConfig);
        Object.values(v).forEach(walk);
      }
    };
    walk(dns.findResources('AWS::ARCRegionSwitch::Plan'));
    expect(configs.length).toBeGreaterThan(0);
    for (const config of configs) {
      const standbyArn = JSON.stringify(config.DatabaseClusterArns.find((a: any) => JSON.stringify(a).includes(':rds:us-west-2:')));
      expect(standbyArn).toContain(`PaymentsStandbyuswest2Ref${secondaryIds[0]}`);
    }
  });
});
