/**
 * Compares two synthesized cloud assemblies stack by stack: the resource types and their counts must be equal.
 * Logical ids may differ (a construct-id change renames them); anything else is printed and fails.
 *
 *   node --import tsx scripts/compare-templates.ts <before cdk.out> <after cdk.out>
 *
 * Prints one line per stack (`= stack: N resources, T types`) and, on a difference, each type whose count
 * changed; exits 1 when any stack differs or is missing on one side.
 */
import * as fs from 'fs';
import * as path from 'path';

type TypeCounts = Map<string, number>;

function templatesIn(dir: string): Map<string, TypeCounts> {
  const stacks = new Map<string, TypeCounts>();
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf-8'));
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly') {
      for (const [nestedId, counts] of templatesIn(path.join(dir, artifact.properties.directoryName))) {
        stacks.set(`${id}/${nestedId}`, counts);
      }
    }
    if (artifact.type !== 'aws:cloudformation:stack') {
      continue;
    }
    const template = JSON.parse(fs.readFileSync(path.join(dir, artifact.properties.templateFile), 'utf-8'));
    const counts: TypeCounts = new Map();
    for (const resource of Object.values<any>(template.Resources ?? {})) {
      counts.set(resource.Type, (counts.get(resource.Type) ?? 0) + 1);
    }
    stacks.set(id, counts);
  }
  return stacks;
}

function compare(before: Map<string, TypeCounts>, after: Map<string, TypeCounts>): string[] {
  const differences: string[] = [];
  for (const stack of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(stack);
    const a = after.get(stack);
    if (!b || !a) {
      differences.push(`${stack}: only in the ${b ? 'before' : 'after'} assembly`);
      continue;
    }
    let same = true;
    for (const type of [...new Set([...b.keys(), ...a.keys()])].sort()) {
      if ((b.get(type) ?? 0) !== (a.get(type) ?? 0)) {
        same = false;
        differences.push(`${stack}: ${type} ${b.get(type) ?? 0} -> ${a.get(type) ?? 0}`);
      }
    }
    const total = [...a.values()].reduce((sum, n) => sum + n, 0);
    console.log(`${same ? '=' : '!'} ${stack}: ${total} resources, ${a.size} types`);
  }
  return differences;
}

const [beforeDir, afterDir] = process.argv.slice(2);
if (!beforeDir || !afterDir) {
  console.error('usage: node --import tsx scripts/compare-templates.ts <before cdk.out> <after cdk.out>');
  process.exit(2);
}
const differences = compare(templatesIn(beforeDir), templatesIn(afterDir));
for (const line of differences) {
  console.log(`  ${line}`);
}
console.log(differences.length === 0 ? 'resource types and counts equal in every stack' : `${differences.length} difference(s)`);
process.exitCode = differences.length === 0 ? 0 : 1;
