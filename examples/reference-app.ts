/**
 * The reference app: synthesizes offline into cdk.out (no AWS credentials, no Docker) and prints a report.
 * Run: `npx projen reference` (or `node --import tsx examples/reference-app.ts`).
 *
 * Exit code: 0 when every check passes, 1 when a compliance check reports a finding.
 */
import { App } from 'aws-cdk-lib';
import { complianceSummary, stackTable } from './report';
import { newEncryptionKey } from '../src/private/kms';
import { PinnedStack } from '../src/private/stack';
import { checkCompliance } from '../test/compliance/harness';

const account = process.env.CDK_DEFAULT_ACCOUNT ?? '111111111111';
const app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' });
for (const [id, region] of [['PaymentsPrimary', 'us-east-1'], ['PaymentsStandby', 'us-west-2']]) {
  const stack = new PinnedStack(app, id, { env: { account, region } });
  newEncryptionKey(stack, 'Key', { description: `reference app key (${region})` });
}

const report = checkCompliance(app);
const assembly = app.synth();
console.log(`Synthesized ${assembly.stacksRecursively.length} stacks into ${assembly.directory}\n`);
console.log(stackTable(assembly));
console.log('\nCompliance');
console.log(complianceSummary(report));
process.exitCode = report.findings.length === 0 ? 0 : 1;
