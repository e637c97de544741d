import { App, Duration, RemovalPolicy, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BASE } from './base-props';
import { DrPaymentPlatform, DrPaymentPlatformProps } from '../../src';

function platform(overrides: Partial<DrPaymentPlatformProps> = {}, scope?: App | Stage): DrPaymentPlatform {
  return new DrPaymentPlatform(scope ?? new App(), 'Payments', { ...BASE, ...overrides });
}

describe('DrPaymentPlatform', () => {
  describe('stacks and deployment order', () => {
    const p = platform();

    test('creates four stacks with explicit environments', () => {
      expect([p.standbyStorageStack, p.primaryStack, p.standbyStack, p.dnsStack].map((s) => [s.stackName, s.region, s.account])).toEqual([
        ['Payments-StandbyStorage', 'us-west-2', '111111111111'],
        ['Payments-Primary', 'us-east-1', '111111111111'],
        ['Payments-Standby', 'us-west-2', '111111111111'],
        ['Payments-Dns', 'us-east-1', '111111111111'],
      ]);
    });

    test('the stack graph deploys in one cdk deploy --all: storage <- primary <- standby <- dns', () => {
      const deps = (s: any) => s.dependencies.map((d: any) => d.stackName).sort();
      expect(deps(p.standbyStorageStack)).toEqual([]);
      expect(deps(p.primaryStack)).toEqual(['Payments-StandbyStorage']);
      expect(deps(p.standbyStack)).toEqual(expect.arrayContaining(['Payments-Primary']));
      expect(deps(p.standbyStack)).not.toContain('Payments-Dns');
      expect(deps(p.dnsStack)).toEqual(expect.arrayContaining(['Payments-Primary', 'Payments-Standby']));
    });

    const primary = Template.fromStack(p.primaryStack);
    const standby = Template.fromStack(p.standbyStack);
    const dns = Template.fromStack(p.dnsStack);

    test('the secondary cluster joins the global cluster created in the primary stack, without credentials', () => {
      primary.hasResourceProperties('AWS::RDS::GlobalCluster', { GlobalClusterIdentifier: 'payments-payments', Engine: 'aurora-postgresql' });
      const secondary = Object.values(standby.findResources('AWS::RDS::DBCluster'));
      expect(secondary).toHaveLength(1);
      expect(secondary[0].Properties.GlobalClusterIdentifier).toBe('payments-payments');
      expect(secondary[0].Properties.MasterUsername).toBeUndefined();
      expect(secondary[0].Properties.MasterUserPassword).toBeUndefined();
    });

    test('the primary log bucket replicates to the standby storage bucket with Replication Time Control', () => {
      primary.hasResourceProperties('AWS::S3::Bucket', {
        ReplicationConfiguration: Match.objectLike({
          Rules: Match.arrayWith([
            Match.objectLike({
              Status: 'Enabled',
              Destination: Match.objectLike({
                ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
                Metrics: Match.objectLike({ Status: 'Enabled' }),
              }),
            }),
          ]),
        }),
      });
    });

    test('the primary writes through the global writer endpoint, the standby through its own cluster (test/platform/regional-independence.test.ts)', () => {
      for (const t of [primary, standby]) {
        const defs = Object.values(t.findResources('AWS::ECS::TaskDefinition'));
        const containers = defs.flatMap((d: any) => d.Properties.ContainerDefinitions);
        const host = containers.flatMap((c: any) => c.Environment ?? []).find((e: any) => e.Name === 'DB_HOST');
        const secrets = containers.flatMap((c: any) => c.Secrets ?? []).map((x: any) => x.Name);
        expect(secrets).toEqual(expect.arrayContaining(['DB_USERNAME', 'DB_PASSWORD']));
        if (t === primary) {
          // read at deploy time: CloudFormation returns no global writer endpoint attribute
          expect(host.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DatabaseGlobalEndpointLookup/), 'GlobalClusters.0.Endpoint'] });
        } else {
          // the standby's own (secondary) cluster: no cross-region value, nothing in the primary's VPC
          expect(host.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DatabaseCluster/), 'Endpoint.Address'] });
        }
      }
    });

    test('PRIMARY and SECONDARY failover records alias both load balancers and carry health checks', () => {
      dns.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'pay.example.com.',
        Type: 'A',
        Failover: 'PRIMARY',
        SetIdentifier: 'us-east-1',
        HealthCheckId: Match.anyValue(),
        AliasTarget: Match.objectLike({ EvaluateTargetHealth: true }),
      });
      dns.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'pay.example.com.',
        Type: 'A',
        Failover: 'SECONDARY',
        SetIdentifier: 'us-west-2',
        HealthCheckId: Match.anyValue(),
        AliasTarget: Match.objectLike({ EvaluateTargetHealth: true }),
      });
      dns.hasResourceProperties('AWS::Route53::HealthCheck', {
        HealthCheckConfig: Match.objectLike({
          Type: 'HTTPS',
          FullyQualifiedDomainName: 'us-east-1.pay.example.com',
          ResourcePath: '/health',
          RequestInterval: 10,
          FailureThreshold: 3,
        }),
      });
      dns.hasResourceProperties('AWS::Route53::HealthCheck', {
        HealthCheckConfig: Match.objectLike({ Type: 'HTTPS', FullyQualifiedDomainName: 'us-west-2.pay.example.com' }),
      });
      // Each record carries the Region switch check of its region (read at deploy time), not a CALCULATED wrapper.
      expect(dns.findResources('AWS::Route53::HealthCheck', { Properties: { HealthCheckConfig: { Type: 'CALCULATED' } } })).toEqual({});
      dns.resourceCountIs('Custom::PlanHealthCheckBinding', 1);
    });

    test('the Region switch plan is triggered by the sustained primary signals and targets the real resources', () => {
      const plans = Object.values(dns.findResources('AWS::ARCRegionSwitch::Plan'));
      expect(plans).toHaveLength(1);
      const plan = plans[0].Properties;
      expect(plan.PrimaryRegion).toBe('us-east-1');
      expect(plan.Regions).toEqual(['us-east-1', 'us-west-2']);
      expect(plan.Triggers).toHaveLength(1);
      expect(JSON.stringify(plan)).toContain('payments-payments');
    });

    test('outputs what operators need: the plan ARN, the global cluster and the endpoints', () => {
      dns.hasOutput('PlanArn', {});
      dns.hasOutput('PlanName', { Value: 'payments-payments' });
      primary.hasOutput('GlobalClusterIdentifier', { Value: 'payments-payments' });
      primary.hasOutput('RegionalDomainName', { Value: 'us-east-1.pay.example.com' });
      standby.hasOutput('RegionalDomainName', { Value: 'us-west-2.pay.example.com' });
    });

    test('exposes the recovery budget within the default objectives', () => {
      expect(p.recoveryObjectives).toEqual({ rtoSeconds: 900, rpoSeconds: 300 });
      expect(p.recoveryBudget.rtoHighSeconds).toBeLessThanOrEqual(900);
      expect(p.recoveryBudget.rpo.highSeconds).toBe(20);
      expect(p.recoveryBudget.inputs.decisionMode).toBe('AUTOMATIC_TRIGGER');
    });
  });

  test('synthesizes inside a Stage (CDK Pipelines), its stack names prefixed with the Stage path', () => {
    const app = new App();
    const stage = new Stage(app, 'Prod');
    platform({}, stage as any);
    const assembly = app.synth();
    const nested = assembly.getNestedAssembly(assembly.artifacts.find((a) => a.id === 'assembly-Prod')!.id);
    expect(nested.stacks.map((s) => s.stackName).sort()).toEqual([
      'Prod-Payments-Dns', 'Prod-Payments-Primary', 'Prod-Payments-Standby', 'Prod-Payments-StandbyStorage',
    ]);
  });

  describe('recovery objectives are enforced at synthesis', () => {
    test('fails when the modelled worst-case RTO exceeds rtoSeconds, printing the term table', () => {
      expect(() => platform({ recoveryObjectives: { rtoSeconds: 300 } })).toThrow(
        /^recovery objectives cannot be met: modelled worst-case RTO \d+m \d+s exceeds rtoSeconds 300[\s\S]*detect[\s\S]*decide[\s\S]*database[\s\S]*compute[\s\S]*traffic/,
      );
    });

    test('fails when a headless secondary makes the database term too slow for 15 minutes', () => {
      expect(() => platform({ database: { secondaryInstances: 0 } })).toThrow(/exceeds rtoSeconds 900/);
    });

    test('fails when the RPO guardrail is off: replication lag has no upper bound', () => {
      expect(() => platform({ database: { rpoGuardrail: false } })).toThrow(/RPO/);
    });

    test('fails when the RPO guardrail is looser than the RPO objective', () => {
      expect(() => platform({ database: { rpo: Duration.minutes(10) } })).toThrow(/exceeds rpoSeconds 300/);
    });

    test('an operator-started failover counts the decision allowance', () => {
      const p = platform({ failover: { automaticTrigger: false, decisionAllowance: Duration.minutes(4) } });
      // the health-check alarm pages the operator (60 s) + dispatch (60 s) + the 240 s decision allowance
      expect(p.recoveryBudget.decide.highSeconds).toBe(360);
      expect(p.recoveryBudget.decide.explanation).toContain('240 s approval allowance');
      expect(p.failoverPlan!.triggered).toBe(false);
    });
  });

  describe('validation', () => {
    test.each([
      [{ primaryRegion: 'us-west-2' }, 'standbyRegion must differ from primaryRegion, got: us-west-2 for both'],
      [{ primaryRegion: 'mars-1' }, 'primaryRegion must be an AWS region name like us-east-1, got: mars-1'],
      [{ domainName: 'Pay Example' }, 'domainName must be a lowercase DNS name like pay.example.com, got: Pay Example'],
      [{ domainName: 'pay.example.org' }, 'domainName must be inside the hosted zone example.com, got: pay.example.org'],
      [{ alertEmails: [] }, 'alertEmails must name at least one address, got: []'],
      [{ alertEmails: ['oncall'] }, 'DrPaymentPlatformProps.alertEmails[0] must be an e-mail address, got: oncall'],
      [{ account: '1234' }, 'DrPaymentPlatformProps.account must be a 12-digit AWS account id, got: 1234'],
    ])('fails when %j', (overrides, message) => {
      expect(() => platform(overrides as Partial<DrPaymentPlatformProps>)).toThrow(message);
    });

    test('fails when manual approval has no approver role', () => {
      expect(() => platform({ failover: { manualApproval: true } })).toThrow(
        'failover.approvalRole is required when failover.manualApproval is true, got: undefined',
      );
    });

    test('fails when placed in a Stack', () => {
      const app = new App();
      const stack = new Stack(app, 'S');
      expect(() => new DrPaymentPlatform(stack, 'Payments', BASE)).toThrow(
        'DrPaymentPlatform creates its own stacks: place it in an App or a Stage, not in a Stack',
      );
    });

    test('manual approval with a role is accepted and counted as a human decision', () => {
      const app = new App();
      const roles = new Stack(app, 'Roles', { env: { account: '111111111111', region: 'us-east-1' } });
      const approver = iam.Role.fromRoleArn(roles, 'Approver', 'arn:aws:iam::111111111111:role/approver');
      const p = platform({ failover: { manualApproval: true, approvalRole: approver } }, app);
      expect(p.recoveryBudget.inputs.decisionMode).toBe('MANUAL_APPROVAL');
      expect(p.failoverPlan!.manualApproval).toBe(true);
    });
  });
});

describe('DrPaymentPlatform pass-through settings', () => {
  test('load balancer deletion protection and the clusters removal policy can be turned off for test deployments', () => {
    const p = platform({
      primary: { loadBalancerDeletionProtection: false },
      standby: { loadBalancerDeletionProtection: false },
      database: { deletionProtection: false, removalPolicy: RemovalPolicy.DESTROY },
    });
    for (const stack of [p.primaryStack, p.standbyStack]) {
      const t = Template.fromStack(stack);
      t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'false' }]),
      });
      t.hasResource('AWS::RDS::DBCluster', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ DeletionProtection: false }) });
    }
  });

  test('data is protected by default: deletion protection, snapshots, retained buckets', () => {
    const p = platform();
    for (const stack of [p.primaryStack, p.standbyStack]) {
      const t = Template.fromStack(stack);
      t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'true' }]),
      });
      t.hasResource('AWS::RDS::DBCluster', { DeletionPolicy: 'Snapshot', Properties: Match.objectLike({ DeletionProtection: true }) });
    }
    Template.fromStack(p.standbyStorageStack).hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ VersioningConfiguration: { Status: 'Enabled' } }),
    });
  });
});
