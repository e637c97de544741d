/**
 * The report the main command prints after synthesizing the reference app: stacks, resource counts and the
 * compliance summary (cdk-nag, cfn-guard, cfn-lint). Used by examples/reference-app.ts.
 */
import * as fs from 'fs';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { Checker, ComplianceReport } from '../test/compliance/harness';

export function stackTable(assembly: CloudAssembly): string {
  const rows = assembly.stacksRecursively.map((stack) => {
    const template = JSON.parse(fs.readFileSync(stack.templateFullPath, 'utf-8'));
    const resources = Object.keys(template.Resources ?? {}).length;
    const deps = stack.dependencies
      .filter((d) => !d.id.endsWith('.assets'))
      .map((d) => (d as any).stackName ?? d.id);
    return [stack.stackName, stack.environment.region, String(resources), deps.join(', ') || '-'];
  });
  return table(['stack', 'region', 'resources', 'deploys after'], rows);
}

const CHECKS: Array<[Checker, string]> = [
  ['cdk-nag', 'cdk-nag (AwsSolutions, PCI DSS 3.2.1, NIST 800-53 R5)'],
  ['cfn-guard', 'cfn-guard (AWS Control Tower rules)'],
  ['cfn-lint', 'cfn-lint'],
  ['cdk', 'CDK synthesis messages'],
];

/** Errors and warnings per checker (both fail the command), a checker that did not run says why. */
export function complianceSummary(report: ComplianceReport): string {
  const rows = CHECKS.map(([checker, label]) => {
    const notRun = report.notRun[checker];
    return notRun
      ? [label, '-', '-', `not run (${notRun})`]
      : [label, String(report.counts[checker]), String(report.warnings[checker]), 'ran'];
  });
  const lines = [table(['check', 'errors', 'warnings', 'status'], rows)];
  for (const [checker, reason] of Object.entries(report.notRun)) {
    lines.push(`${checker}: not run (${reason})`);
  }
  for (const f of report.findings.slice(0, 20)) {
    lines.push(`  [${f.checker} ${f.level}] ${f.rule} on ${f.resource}: ${f.message}`);
  }
  if (report.findings.length > 20) {
    lines.push(`  … and ${report.findings.length - 20} more`);
  }
  return lines.join('\n');
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
