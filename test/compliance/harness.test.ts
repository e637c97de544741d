import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CFN_LINT_REQUIREMENT, cfnLintCommand, checkCompliance, expectCompliant, formatFindings } from './harness';
import { acknowledge } from '../../src/private/compliance';
import { newEncryptionKey } from '../../src/private/kms';

function unencryptedBucketStack(): Stack {
  const app = new App();
  const stack = new Stack(app, 'NonCompliant', { env: { account: '111111111111', region: 'eu-west-1' } });
  new s3.Bucket(stack, 'Bucket', { encryption: s3.BucketEncryption.UNENCRYPTED, removalPolicy: RemovalPolicy.RETAIN });
  return stack;
}

describe('compliance harness', () => {
  test('fails on an unencrypted bucket, naming the rule and the resource', () => {
    const stack = unencryptedBucketStack();
    const report = checkCompliance(stack);

    const nag = report.findings.filter((f) => f.checker === 'cdk-nag');
    expect(nag).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'AwsSolutions-S1', resource: '/NonCompliant/Bucket/Resource' }),
        expect.objectContaining({ rule: 'AwsSolutions-S10', resource: '/NonCompliant/Bucket/Resource' }),
        expect.objectContaining({ rule: 'PCI.DSS.321-S3BucketSSLRequestsOnly' }),
        expect.objectContaining({ rule: 'NIST.800.53.R5-S3DefaultEncryptionKMS' }),
      ]),
    );
    const guard = report.findings.filter((f) => f.checker === 'cfn-guard');
    expect(guard.length).toBeGreaterThan(0);
    expect(guard[0].resource).toMatch(/^NonCompliant\.template\.json: Bucket[0-9A-F]{8}$/);
    expect(report.counts['cfn-lint']).toBe(0);

    expect(() => expectCompliant(stack)).toThrow(
      /compliance check failed with \d+ finding\(s\):\n.*\[cdk-nag\] AwsSolutions-S1 on \/NonCompliant\/Bucket\/Resource: /s,
    );
  });

  test('fails on a cfn-lint error in a template', () => {
    const app = new App();
    const stack = new Stack(app, 'BadTemplate', { env: { account: '111111111111', region: 'eu-west-1' } });
    new CfnResource(stack, 'Topic', { type: 'AWS::SNS::Topic', properties: { NotAProperty: 'x' } });

    const report = checkCompliance(stack);
    const lint = report.findings.filter((f) => f.checker === 'cfn-lint');
    expect(lint).toEqual([
      expect.objectContaining({ rule: 'E3002', resource: 'BadTemplate.template.json: Resources/Topic/Properties/NotAProperty' }),
    ]);
    expect(formatFindings(report)).toContain('[cfn-lint] E3002 on BadTemplate.template.json: Resources/Topic/Properties/NotAProperty: Error:');
  });

  test('passes on a compliant stack', () => {
    const app = new App();
    const stack = new Stack(app, 'Compliant', { env: { account: '111111111111', region: 'eu-west-1' } });
    newEncryptionKey(stack, 'Key', { description: 'compliant key' });
    const report = expectCompliant(stack);
    expect(report.templates).toHaveLength(1);
    expect(report.findings).toEqual([]);
  });

  test('acknowledged findings are suppressed for cdk-nag and cfn-guard, and need a reason', () => {
    const before = checkCompliance(unencryptedBucketStack());
    const ids = [...new Set(before.findings.map((f) => (f.checker === 'cfn-guard' ? `guard:${f.rule}` : f.rule)))];

    expect(() => acknowledge(unencryptedBucketStack(), [{ id: ids[0], reason: 'short' }])).toThrow(
      `acknowledgement of ${ids[0]} needs a reason of at least 10 characters, got: 'short'`,
    );

    // Annotations of a synthesis stay on the constructs: acknowledge on a fresh tree.
    const stack = unencryptedBucketStack();
    acknowledge(stack, ids.map((id) => ({ id, reason: 'deliberately non-compliant test fixture' })));
    const after = checkCompliance(stack);
    expect(before.findings.length).toBeGreaterThan(10);
    expect(after.findings).toEqual([]);
  });

  test('fails with instructions when cfn-lint is not installed', () => {
    expect(() => cfnLintCommand({ ...process.env, PATH: '/nonexistent' })).toThrow(
      /cfn-lint is required for the compliance checks but was not found on PATH\. .*`pip install cfn-lint==\d+\.\d+\.\d+`/,
    );
    expect(cfnLintCommand()).toBe('cfn-lint');
  });

  test('fails on a cdk-nag warning as on an error, and counts it as a warning', () => {
    const app = new App();
    const stack = new Stack(app, 'OpenDefaultGroup', { env: { account: '111111111111', region: 'eu-west-1' } });
    new ec2.Vpc(stack, 'Vpc', { natGateways: 0, restrictDefaultSecurityGroup: false, subnetConfiguration: [] });
    const report = checkCompliance(stack);
    expect(report.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ checker: 'cdk-nag', level: 'warning', rule: 'PCI.DSS.321-VPCDefaultSecurityGroupClosed' }),
      ]),
    );
    expect(report.warnings['cdk-nag']).toBeGreaterThanOrEqual(2);
    expect(() => expectCompliant(stack)).toThrow(/\[cdk-nag warning\] PCI\.DSS\.321-VPCDefaultSecurityGroupClosed on \/OpenDefaultGroup\/Vpc\/Resource/);
  });

  test('reports cfn-lint as not run, with the pinned install command, when it is optional and missing', () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const app = new App();
      const stack = new Stack(app, 'NoLint', { env: { account: '111111111111', region: 'eu-west-1' } });
      newEncryptionKey(stack, 'Key', { description: 'compliant key' });
      const report = checkCompliance(stack, { requireCfnLint: false });
      expect(report.notRun).toEqual({ 'cfn-lint': `not installed: pip install ${CFN_LINT_REQUIREMENT}` });
      expect(report.findings).toEqual([]);
      expect(() => checkCompliance(stack)).toThrow(/cfn-lint is required/);
    } finally {
      process.env.PATH = saved;
    }
  });

  test('the pinned cfn-lint is the one the README names', () => {
    expect(CFN_LINT_REQUIREMENT).toMatch(/^cfn-lint==\d+\.\d+\.\d+$/);
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
    expect(readme).toContain(`pip install ${CFN_LINT_REQUIREMENT}`);
  });
});
