/**
 * The compliance harness every construct test can call on an App, a Stage or a Stack:
 *
 * - cdk-nag 2.x rule packs AwsSolutions, PCI DSS 3.2.1 and NIST 800-53 R5 (as Aspects): any unsuppressed error fails;
 * - cfn-guard (AWS Control Tower rules) through `@cdklabs/cdk-validator-cfnguard`, its report read and asserted on;
 * - `cfn-lint` on every synthesized template: any error or warning fails, unless its rule is ignored with a reason.
 *
 * Suppressions live in the constructs (src/private/compliance.ts `acknowledge`), each with its reason.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Aspects, Stack, Stage } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';

export type Checker = 'cdk-nag' | 'cfn-guard' | 'cfn-lint' | 'cdk';

/** One finding of one checker. */
export interface Finding {
  readonly checker: Checker;
  /** Errors and warnings both fail a check; the level is kept for the summary. */
  readonly level: 'error' | 'warning';
  readonly rule: string;
  /** Construct path (cdk-nag), `template: logicalId` (cfn-guard) or `template: path` (cfn-lint). */
  readonly resource: string;
  readonly message: string;
}

export interface ComplianceReport {
  readonly findings: Finding[];
  /** Templates that were checked (absolute paths). */
  readonly templates: string[];
  /** Number of error-level findings per checker, for summaries. */
  readonly counts: Record<Checker, number>;
  /** Number of warning-level findings per checker, for summaries. */
  readonly warnings: Record<Checker, number>;
  /** Checkers that did not run, each with the reason (e.g. cfn-lint not installed, when it is optional). */
  readonly notRun: Partial<Record<Checker, string>>;
}

export interface ComplianceOptions {
  /**
   * cfn-lint rules to ignore, each with the reason. Added to {@link CFN_LINT_IGNORED}.
   * @default - only the project-wide ignores
   */
  readonly cfnLintIgnore?: Record<string, string>;
  /**
   * Whether a missing cfn-lint fails the check. Tests and CI require it; the README's main command, which
   * must work on a machine with only Node.js, reports "not run" instead.
   * @default true
   */
  readonly requireCfnLint?: boolean;
}

/** The cfn-lint version the checks are pinned to (test/compliance/requirements.txt, installed by .ci/run). */
export const CFN_LINT_REQUIREMENT = fs
  .readFileSync(path.join(__dirname, 'requirements.txt'), 'utf-8')
  .split('\n')
  .map((line) => line.trim())
  .find((line) => line.startsWith('cfn-lint=='))!;

/** cfn-lint rules ignored in every check, with the reason (listed in docs/compliance.md too). */
export const CFN_LINT_IGNORED: Record<string, string> = {
  W3005:
    'aws-cdk-lib adds DependsOn on the execution role to every lambda.Function (and CDK-generated handler) that ' +
    'also references the role with GetAtt: a redundant but harmless ordering hint the library does not control',
  W3010:
    'availability zones are pinned on purpose so that synthesis never contacts AWS (no lookups); ' +
    'the platform takes them as props (defaults: the first three of the region)',
};

const NAG_PACK_MARK = Symbol.for('cdk-dr-payment-platform.test.nag-packs');

/** Add the three cdk-nag packs to the root of `scope` (once). */
export function addNagPacks(scope: IConstruct): void {
  const root = scope.node.root;
  if ((root as any)[NAG_PACK_MARK]) {
    return;
  }
  (root as any)[NAG_PACK_MARK] = true;
  const props = { verbose: false, reports: false };
  Aspects.of(root).add(new AwsSolutionsChecks(props));
  Aspects.of(root).add(new PCIDSS321Checks(props));
  Aspects.of(root).add(new NIST80053R5Checks(props));
}

/**
 * Synthesize the app or stage that holds `scope` with the three cdk-nag packs applied, then run cfn-guard and
 * cfn-lint on every template. Returns every finding; nothing is thrown for findings.
 */
export function checkCompliance(scope: App | Stage | Stack, options: ComplianceOptions = {}): ComplianceReport {
  const stage = Stack.isStack(scope) ? Stage.of(scope) : scope;
  if (!stage) {
    throw new Error('checkCompliance: the stack is not inside an App or a Stage');
  }
  addNagPacks(stage);
  const assembly = stage.synth({ force: true });
  const stacks = assembly.stacksRecursively;
  const templates = stacks.map((s) => s.templateFullPath);

  const findings: Finding[] = [...annotationFindings(assembly), ...runCfnGuard(templates)];
  const notRun: Partial<Record<Checker, string>> = {};
  const lintMissing = cfnLintMissing();
  if (lintMissing && options.requireCfnLint === false) {
    notRun['cfn-lint'] = lintMissing;
  } else {
    findings.push(...runCfnLint(assembly, { ...CFN_LINT_IGNORED, ...(options.cfnLintIgnore ?? {}) }));
  }

  const counts = { 'cdk-nag': 0, 'cfn-guard': 0, 'cfn-lint': 0, 'cdk': 0 };
  const warnings = { ...counts };
  for (const f of findings) {
    (f.level === 'error' ? counts : warnings)[f.checker] += 1;
  }
  return { findings, templates, counts, warnings, notRun };
}

/**
 * cdk-nag writes its findings as error or warning annotations (a rule that cannot evaluate a resource warns
 * `CdkNagValidationFailure[rule]`); CDK's own errors and warnings count too. Both levels fail a check.
 */
function annotationFindings(assembly: CloudAssembly): Finding[] {
  const findings: Finding[] = [];
  for (const artifact of assembly.stacksRecursively) {
    for (const message of artifact.messages) {
      if (message.level !== 'error' && message.level !== 'warning') {
        continue;
      }
      const text = String(message.entry.data);
      const match = /^([A-Za-z0-9.\-]+(?:\[[^\]]*\])?): (.*)$/s.exec(text);
      const isNag = match !== null && /^(CdkNagValidationFailure\[)?(AwsSolutions|PCI\.DSS\.321|NIST\.800\.53\.R5)-/.test(match[1]);
      findings.push({
        checker: isNag ? 'cdk-nag' : 'cdk',
        level: message.level,
        rule: isNag ? match![1] : message.level,
        resource: message.id,
        message: (isNag ? match![2] : text).split('\n')[0],
      });
    }
  }
  return findings;
}

/** Like {@link checkCompliance}, but throws a readable error listing every finding. */
export function expectCompliant(scope: App | Stage | Stack, options: ComplianceOptions = {}): ComplianceReport {
  const report = checkCompliance(scope, options);
  if (report.findings.length > 0) {
    throw new Error(formatFindings(report));
  }
  return report;
}

export function formatFindings(report: ComplianceReport): string {
  const lines = report.findings.map((f) => `  [${f.checker}${f.level === 'warning' ? ' warning' : ''}] ${f.rule} on ${f.resource}: ${f.message}`);
  return `compliance check failed with ${report.findings.length} finding(s):\n${lines.join('\n')}`;
}

/** cfn-guard with the AWS Control Tower rules, through the CDK validation plugin; its report is read here. */
export function runCfnGuard(templatePaths: string[]): Finding[] {
  if (templatePaths.length === 0) {
    return [];
  }
  const validator = new CfnGuardValidator({ controlTowerRulesEnabled: true, maxBuffer: 64 * 1024 * 1024 });
  const report = validator.validate({ templatePaths });
  // The Control Tower rules do not read cfn-guard's per-resource `Metadata.guard.SuppressedRules` themselves,
  // so the harness honours it: a finding is dropped when its resource acknowledges the rule by name.
  const suppressed = new Map<string, Set<string>>();
  for (const templatePath of templatePaths) {
    const template = JSON.parse(fs.readFileSync(templatePath, 'utf-8'));
    for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {})) {
      const rules: string[] = resource.Metadata?.guard?.SuppressedRules ?? [];
      suppressed.set(`${path.resolve(templatePath)}#${logicalId}`, new Set(rules));
    }
  }
  const findings: Finding[] = [];
  for (const violation of report.violations) {
    for (const resource of violation.violatingResources) {
      if (suppressed.get(`${path.resolve(resource.templatePath)}#${resource.resourceLogicalId}`)?.has(violation.ruleName)) {
        continue;
      }
      findings.push({
        checker: 'cfn-guard',
        level: 'error',
        rule: violation.ruleName,
        resource: `${path.basename(resource.templatePath)}: ${resource.resourceLogicalId}`,
        message: violation.description,
      });
    }
  }
  if (!report.success && report.violations.length === 0) {
    findings.push({
      checker: 'cfn-guard',
      level: 'error',
      rule: 'plugin',
      resource: templatePaths.map((t) => path.basename(t)).join(', '),
      message: JSON.stringify(report.metadata ?? {}),
    });
  }
  return findings;
}

/** Why cfn-lint cannot run (`not installed: pip install cfn-lint==…`), or undefined when it can. */
export function cfnLintMissing(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf-8', env });
  return probe.error || probe.status !== 0 ? `not installed: pip install ${CFN_LINT_REQUIREMENT}` : undefined;
}

/** The path of cfn-lint, or a clear failure saying how to get it. */
export function cfnLintCommand(env: NodeJS.ProcessEnv = process.env): string {
  if (cfnLintMissing(env)) {
    throw new Error(
      'cfn-lint is required for the compliance checks but was not found on PATH. ' +
        `Install the pinned version with \`pip install ${CFN_LINT_REQUIREMENT}\` (or pipx); .ci/run installs it ` +
        'into a virtual environment of its own when it is missing.',
    );
  }
  return 'cfn-lint';
}

interface CfnLintMatch {
  readonly Rule: { readonly Id: string };
  readonly Level: string;
  readonly Message: string;
  readonly Filename: string;
  readonly Location: { readonly Path?: Array<string | number> };
}

/** Run cfn-lint on every template of the assembly, grouped by the stacks' regions. */
export function runCfnLint(assembly: CloudAssembly, ignored: Record<string, string>): Finding[] {
  const command = cfnLintCommand();
  const byRegion = new Map<string, string[]>();
  for (const stack of assembly.stacksRecursively) {
    const region = /^[a-z]{2}(-[a-z]+)+-\d$/.test(stack.environment.region) ? stack.environment.region : 'us-east-1';
    byRegion.set(region, [...(byRegion.get(region) ?? []), stack.templateFullPath]);
  }
  const findings: Finding[] = [];
  for (const [region, files] of byRegion) {
    const args = ['--format', 'json', '--regions', region];
    const ignoreIds = Object.keys(ignored);
    if (ignoreIds.length > 0) {
      args.push('--ignore-checks', ...ignoreIds);
    }
    args.push('--', ...files);
    const run = spawnSync(command, args, { encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
    if (run.error) {
      throw run.error;
    }
    const out = run.stdout.trim();
    let matches: CfnLintMatch[];
    try {
      matches = out ? JSON.parse(out) : [];
    } catch {
      throw new Error(`cfn-lint did not print JSON (exit ${run.status}): ${out}\n${run.stderr}`);
    }
    if (run.status !== 0 && matches.length === 0) {
      throw new Error(`cfn-lint failed (exit ${run.status}): ${run.stderr}`);
    }
    for (const m of matches) {
      if (m.Level === 'Informational') {
        continue;
      }
      findings.push({
        checker: 'cfn-lint',
        level: m.Level === 'Error' ? 'error' : 'warning',
        rule: m.Rule.Id,
        resource: `${path.basename(m.Filename)}: ${(m.Location.Path ?? []).join('/')}`,
        message: `${m.Level}: ${m.Message}`,
      });
    }
  }
  return findings;
}
