/**
 * The regional-independence analysis: which regional stack needs which region, when. Like the recovery budget it is
 * pure (no CDK import): the CDK side extracts each stack's dependencies from the synthesized resources and the
 * platform fails synthesis on any violation (the standby needing the primary region at run time).
 */
import { classify } from './classify';
import { fixOf } from './fixes';
import {
  ClassifiedDependency,
  DependencyKind,
  IndependenceReport,
  Locality,
  RegionalStackDependencies,
} from './types';

const LOCALITY_LABEL: Record<Locality, string> = {
  [Locality.OWN_REGION]: 'own region',
  [Locality.GLOBAL]: 'global',
  [Locality.OTHER_REGION_DEPLOY_TIME]: 'other region, deploy time only',
  [Locality.OTHER_REGION_RUN_TIME]: 'other region, run time',
};

/** The analysis, its failure message and its table. */
export class RegionalIndependence {
  /** Classify every dependency of every stack; the violations are the standby's run-time needs of the primary region. */
  public static analyse(primaryRegion: string, stacks: RegionalStackDependencies[]): IndependenceReport {
    const dependencies: ClassifiedDependency[] = stacks.flatMap((stack) => stack.dependencies.map((dependency) => ({
      stackName: stack.stackName,
      stackRegion: stack.region,
      standby: stack.standby,
      dependency,
      locality: classify(dependency, stack.region),
    })));
    const violations = dependencies.filter((d) =>
      d.standby && d.locality === Locality.OTHER_REGION_RUN_TIME && d.dependency.region === primaryRegion);
    return { primaryRegion, dependencies, violations };
  }

  /** The synthesis error for the report's violations, naming each dependency and its fix; undefined when there are none. */
  public static failureMessage(report: IndependenceReport): string | undefined {
    if (report.violations.length === 0) {
      return undefined;
    }
    const lines = report.violations.map((v) =>
      `- ${v.dependency.kind} ${v.dependency.target} (${v.stackName}: ${v.dependency.consumer}) lives in ` +
      `${v.dependency.region}, the primary region, and is needed at run time. Fix: ${fixOf(v.dependency.kind)}.`);
    return [
      `The standby needs the primary region (${report.primaryRegion}) at run time: when that region fails, the standby fails ` +
        `with it (${report.violations.length} dependenc${report.violations.length === 1 ? 'y' : 'ies'}):`,
      ...lines,
    ].join('\n');
  }

  /**
   * The table the report prints: per stack and kind, how many dependencies are in each locality, then every
   * dependency outside the stack's own region with where it lives.
   */
  public static formatTable(report: IndependenceReport): string {
    const localities = [Locality.OWN_REGION, Locality.GLOBAL, Locality.OTHER_REGION_DEPLOY_TIME, Locality.OTHER_REGION_RUN_TIME];
    const rows: string[][] = [];
    for (const stack of [...new Set(report.dependencies.map((d) => d.stackName))]) {
      for (const kind of Object.values(DependencyKind)) {
        const of = report.dependencies.filter((d) => d.stackName === stack && d.dependency.kind === kind);
        if (of.length > 0) {
          rows.push([stack, kind, ...localities.map((l) => String(of.filter((d) => d.locality === l).length))]);
        }
      }
    }
    const lines = [table(['stack', 'dependency', ...localities.map((l) => LOCALITY_LABEL[l])], rows)];
    const elsewhere = report.dependencies.filter((d) => d.locality !== Locality.OWN_REGION);
    if (elsewhere.length > 0) {
      lines.push('', 'Outside the own region:');
      lines.push(table(['stack', 'dependency', 'target', 'lives in', 'class'], elsewhere.map((d) => [
        d.stackName, d.dependency.kind, truncate(d.dependency.target, 70), d.dependency.region ?? '-', LOCALITY_LABEL[d.locality],
      ])));
    }
    const standbyStacks = [...new Set(report.dependencies.filter((d) => d.standby).map((d) => d.stackName))];
    lines.push('', report.violations.length === 0
      ? `The standby (${standbyStacks.join(', ')}) needs nothing from the primary region (${report.primaryRegion}) at run time.`
      : `The standby needs the primary region (${report.primaryRegion}) at run time: ${report.violations.length} violation(s).`);
    return lines.join('\n');
  }

  private constructor() {}
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
