/**
 * The CDK side of the regional-independence analysis (src/independence/ is the pure side): extracts each regional
 * stack's dependencies from its synthesized resources (images, secrets, KMS keys, endpoints, SSM parameters,
 * cross-region references, S3 buckets, log destinations, alarm topics) and locates each by the regions its value
 * names or refers to. Run after the app is prepared (synthesis runs it as a validation of the platform), so that
 * cross-stack references are already rewritten into imports.
 */
import { CfnOutput, CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { dependenciesOf, ResourceView } from './independence-rules';
import { DependencyKind, DependencyPhase, RegionalDependency, RegionalStackDependencies } from '../../independence';

/** Where the values of a stack come from: its own resources, CDK's cross-region readers, other stacks' exports. */
export interface StackContext {
  readonly region: string;
  /** Logical ids of the stack's CDK cross-region export readers. */
  readonly readers: Set<string>;
  /** Producer region of each cross-region export name (`/cdk/exports/...`), from every writer of the app. */
  readonly exportRegions: Map<string, string>;
  /** Region of each CloudFormation export name (Fn::ImportValue), from every stack of the app. */
  readonly importRegions: Map<string, string>;
}

const REGION = /\b((?:us|eu|ap|sa|ca|me|af|il|mx)(?:-gov)?-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d)\b/g;

/**
 * The regions a resolved CloudFormation value names or refers to: literal region names (in ARNs, host names, image
 * URIs), `AWS::Region` (the stack's own), references to cross-region readers (the producer's region) and imports.
 */
export function regionsOf(value: unknown, ctx: StackContext): Set<string> {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const match of v.matchAll(REGION)) found.add(match[1]);
      if (v.includes('${AWS::Region}')) found.add(ctx.region);
      return;
    }
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (typeof v !== 'object' || v === null) {
      return;
    }
    const o = v as Record<string, unknown>;
    if (o.Ref === 'AWS::Region') {
      found.add(ctx.region);
    } else if (typeof o.Ref === 'string' && !o.Ref.startsWith('AWS::')) {
      found.add(ctx.region); // a resource or parameter of this stack
    } else if (Array.isArray(o['Fn::GetAtt'])) {
      const [logicalId, attribute] = o['Fn::GetAtt'] as string[];
      found.add(ctx.readers.has(logicalId) ? (ctx.exportRegions.get(attribute) ?? 'unknown-region') : ctx.region);
    } else if (typeof o['Fn::ImportValue'] === 'string') {
      found.add(ctx.importRegions.get(o['Fn::ImportValue'] as string) ?? ctx.region);
    } else {
      Object.values(o).forEach(walk);
    }
  };
  walk(value);
  return found;
}

/** The resolved CloudFormation (type and properties) of every resource of `stack`. */
function resourcesOf(stack: Stack): ResourceView[] {
  return stack.node.findAll()
    .filter((c: IConstruct): c is CfnResource => CfnResource.isCfnResource(c) && Stack.of(c) === stack)
    .flatMap((resource) => {
      const rendered = stack.resolve((resource as unknown as { _toCloudFormation(): any })._toCloudFormation());
      return Object.entries<any>(rendered.Resources ?? {}).map(([logicalId, r]) => ({
        logicalId,
        path: resource.node.path.slice(stack.node.path.length + 1).replace(/\/Resource$/, ''),
        type: r.Type as string,
        properties: (r.Properties ?? {}) as Record<string, unknown>,
      }));
    });
}

/** What every stack of the app exports: cross-region export names and CloudFormation export names, with their region. */
function appExports(stacks: Stack[]): Pick<StackContext, 'exportRegions' | 'importRegions'> {
  const exportRegions = new Map<string, string>();
  const importRegions = new Map<string, string>();
  for (const stack of stacks) {
    for (const r of resourcesOf(stack).filter((x) => x.type === 'Custom::CrossRegionExportWriter')) {
      const exports = ((r.properties.WriterProps as any)?.exports ?? {}) as Record<string, unknown>;
      Object.keys(exports).forEach((name) => exportRegions.set(name, stack.region));
    }
    for (const output of stack.node.findAll().filter((c): c is CfnOutput => c instanceof CfnOutput && Stack.of(c) === stack)) {
      const name = stack.resolve(output.exportName);
      if (typeof name === 'string') importRegions.set(name, stack.region);
    }
  }
  return { exportRegions, importRegions };
}

/** The dependencies of `stack`, each located. */
function stackDependencies(stack: Stack, standby: boolean, exports: Pick<StackContext, 'exportRegions' | 'importRegions'>): RegionalStackDependencies {
  const resources = resourcesOf(stack);
  const readers = new Set(resources.filter((r) => r.type === 'Custom::CrossRegionExportReader').map((r) => r.logicalId));
  const ctx: StackContext = { region: stack.region, readers, ...exports };
  const dependencies: RegionalDependency[] = [];
  for (const resource of resources) {
    for (const found of dependenciesOf(resource)) {
      const regions = [...regionsOf(found.value, ctx)];
      // A value naming another region than the stack's own lives there (e.g. an image URI of another registry); an
      // SSM parameter named without an ARN lives in the stack's region.
      const region = regions.find((r) => r !== stack.region) ?? regions[0]
        ?? (found.kind === DependencyKind.SSM_PARAMETER ? stack.region : undefined);
      dependencies.push({
        kind: found.kind,
        consumer: `${resource.path}: ${found.property}`,
        target: describeValue(found.value),
        region: found.global ? undefined : region,
        phase: found.phase ?? DependencyPhase.RUN_TIME,
      });
    }
    if (resource.type === 'Custom::CrossRegionExportReader') {
      const imports = ((resource.properties.ReaderProps as any)?.imports ?? {}) as Record<string, unknown>;
      for (const name of Object.keys(imports)) {
        dependencies.push({
          kind: DependencyKind.CROSS_REGION_REFERENCE,
          consumer: `${resource.path}: import`,
          target: name,
          region: ctx.exportRegions.get(name) ?? 'unknown-region',
          phase: DependencyPhase.DEPLOY_TIME,
        });
      }
    }
  }
  return { stackName: stack.stackName, region: stack.region, standby, dependencies };
}

/** A regional stack to analyse. */
export interface RegionalStack {
  readonly stack: Stack;
  /** True for the standby region's stacks. */
  readonly standby: boolean;
}

/** The dependencies of each regional stack (call once the app is prepared: during or after synthesis). */
export function collectDependencies(stacks: RegionalStack[]): RegionalStackDependencies[] {
  const all = stacks[0].stack.node.root.node.findAll().filter((c): c is Stack => Stack.isStack(c));
  const exports = appExports(all);
  return stacks.map(({ stack, standby }) => stackDependencies(stack, standby, exports));
}

/** A short, readable form of a resolved value: literals as they are, intrinsic functions as their referenced ids. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value);
  return text
    .replace(/\{"Ref":"([^"]+)"\}/g, '${$1}')
    .replace(/\{"Fn::GetAtt":\["([^"]+)","([^"]+)"\]\}/g, '${$1.$2}')
    .replace(/\{"Fn::ImportValue":"([^"]+)"\}/g, 'import($1)');
}
