/**
 * The main job: synthesize the reference two-region platform offline into cdk.out (no AWS credentials, no
 * Docker) and print a report: stacks, resource counts, the recovery budget, the regional-independence table and
 * the compliance summary.
 *
 *   npx projen reference      (node --import tsx examples/reference-app.ts)
 *
 * Exit code 0 when every check that ran passes, 1 when a compliance check reports an error or a warning.
 */
import { LogicalCorruptionModel, RecoveryBudgetModel, RegionalIndependence } from '../src';
import { buildReferenceApp } from './reference-platform';
import { complianceSummary, stackTable } from './report';
import { checkCompliance } from '../test/compliance/harness';

const app = buildReferenceApp({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' });
const platform = app.node.findChild('Payments') as import('../src').DrPaymentPlatform;

// cfn-lint is optional here (a Node-only machine reports it as not run); tests and CI require it.
const report = checkCompliance(app, { requireCfnLint: false });
const assembly = app.synth();
console.log(`Synthesized ${assembly.stacksRecursively.length} stacks into ${assembly.directory} (offline)\n`);
console.log(stackTable(assembly));
console.log('\nRecovery budget');
console.log(RecoveryBudgetModel.formatTable(platform.recoveryBudget, platform.recoveryObjectives));
console.log('\nLogical corruption (restore from the locked backups)');
console.log(LogicalCorruptionModel.formatTable(platform.logicalCorruption));
console.log('\nRegional independence (what each regional stack needs, and from where)');
console.log(RegionalIndependence.formatTable(platform.analyseRegionalIndependence()));
console.log('\nCompliance');
console.log(complianceSummary(report));
process.exitCode = report.findings.length === 0 ? 0 : 1;
