/**
 * Every template of each language's cloud assembly must equal the TypeScript synthesis of the same app, byte for
 * byte, once what legitimately differs is normalized (template-diff.ts). Prints one line per language; on a
 * difference, the template and the first differing JSON path. Exits 1 on any difference.
 *
 *   node --import tsx test/bindings/compare-assemblies.ts <typescript cdk.out> <language>=<cdk.out>...
 */
import * as fs from 'fs';
import * as path from 'path';
import { firstDifference, Json, normalizeTemplate } from './template-diff';

export interface Assembly {
  /** Template files by path relative to the assembly root (nested assemblies included). */
  readonly templates: Map<string, Json>;
  /** The same files as written. */
  readonly raw: Map<string, string>;
  /** The ids of every file and image asset of the assembly (its *.assets.json manifests). */
  readonly assetHashes: Set<string>;
}

function readAssembly(root: string): Assembly {
  if (!fs.existsSync(path.join(root, 'manifest.json'))) {
    throw new Error(`${root} is not a cloud assembly (no manifest.json)`);
  }
  const templates = new Map<string, Json>();
  const raw = new Map<string, string>();
  const assetHashes = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name.startsWith('assembly-')) {
        visit(file);
      } else if (entry.name.endsWith('.template.json')) {
        const text = fs.readFileSync(file, 'utf-8');
        raw.set(path.relative(root, file), text);
        templates.set(path.relative(root, file), JSON.parse(text));
      } else if (entry.name.endsWith('.assets.json')) {
        const manifest = JSON.parse(fs.readFileSync(file, 'utf-8'));
        for (const id of [...Object.keys(manifest.files ?? {}), ...Object.keys(manifest.dockerImages ?? {})]) {
          assetHashes.add(id);
        }
      }
    }
  };
  visit(root);
  return { templates, raw, assetHashes };
}

/** Problems of `actual` against `expected`: at most one line per template, the first difference in it. */
export function compareAssemblies(expected: Assembly, actual: Assembly): string[] {
  const problems: string[] = [];
  for (const name of new Set([...expected.templates.keys(), ...actual.templates.keys()])) {
    const e = expected.templates.get(name);
    const a = actual.templates.get(name);
    if (e === undefined || a === undefined) {
      problems.push(`${name}: only in the ${e === undefined ? 'language' : 'TypeScript'} synthesis`);
      continue;
    }
    const ne = normalizeTemplate(e, expected.assetHashes);
    const na = normalizeTemplate(a, actual.assetHashes);
    const difference = firstDifference(ne, na);
    if (difference) {
      problems.push(`${name}: ${difference}`);
    } else if (JSON.stringify(ne, undefined, 1) !== JSON.stringify(na, undefined, 1)) {
      problems.push(`${name}: the serializations differ`); // unreachable unless firstDifference misses a case
    }
  }
  return problems;
}

function resourceCount(assembly: Assembly): number {
  let count = 0;
  for (const template of assembly.templates.values()) {
    count += Object.keys((template as { Resources?: object }).Resources ?? {}).length;
  }
  return count;
}

if (require.main === module) {
  const [referenceDir, ...others] = process.argv.slice(2);
  if (!referenceDir || others.length === 0 || others.some((o) => !o.includes('='))) {
    console.error('usage: node --import tsx test/bindings/compare-assemblies.ts <typescript cdk.out> <language>=<cdk.out>...');
    process.exit(2);
  }
  const reference = readAssembly(referenceDir);
  if (reference.templates.size === 0) {
    throw new Error(`${referenceDir} holds no templates`);
  }
  let failed = false;
  for (const other of others) {
    const [language, dir] = other.split(/=(.*)/s);
    const assembly = readAssembly(dir);
    const problems = compareAssemblies(reference, assembly);
    if (problems.length === 0) {
      const identical = [...reference.raw].filter(([name, text]) => assembly.raw.get(name) === text).length;
      console.log(
        `= ${language}: ${reference.templates.size} templates, ${resourceCount(reference)} resources equal to the TypeScript synthesis ` +
          `(${identical} of them byte-identical before normalization)`,
      );
    } else {
      failed = true;
      console.log(`! ${language}: ${problems.length} template(s) differ from the TypeScript synthesis (${dir})`);
      for (const problem of problems) {
        console.log(`    ${problem}`);
      }
    }
  }
  process.exitCode = failed ? 1 : 0;
}
