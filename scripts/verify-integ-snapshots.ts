/**
 * Verifies every committed integ snapshot against a fresh offline synthesis, stack by stack, assertion stacks
 * included.
 *
 * integ-runner's own verification picks the stacks it compares by artifact id from the test cases that
 * integ-tests-alpha lists by construct path: for stacks that are not direct children of the App (the platform's,
 * `PlatformInteg/Primary` vs `PlatformIntegPrimary64532FDE`) the two never match and the runner compares nothing,
 * reporting UNCHANGED whatever changed; it never compares assertion stacks. So this script copies the snapshots
 * aside, lets integ-runner rewrite all of them (`--force --update-on-failed --dry-run`: offline, no deployment),
 * compares every template with the copy and puts the copy back.
 *
 *   node --import tsx scripts/verify-integ-snapshots.ts
 *
 * What legitimately changes on every synthesis is normalized: the `salt` (a timestamp) of integ-tests-alpha's
 * assertion resources. Prints the first differing JSON path of each changed template; exits 1 on any difference.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { firstDifference, Json } from '../test/bindings/template-diff';

const INTEG = path.join(__dirname, '..', 'integ');

function snapshotDirs(): string[] {
  return fs.readdirSync(INTEG).filter((name) => name.endsWith('.snapshot')).sort();
}

function templatesOf(dir: string): Map<string, Json> {
  const templates = new Map<string, Json>();
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.template.json') || name === 'integ.json')) {
    templates.set(file, normalize(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf-8'))));
  }
  return templates;
}

/** The assertion resources' `salt` is Date.now() at synthesis (it makes them run on every deployment). */
function normalize(value: Json): Json {
  if (Array.isArray(value)) {
    return value.map(normalize);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'salt' ? '<salt>' : normalize(v)]));
  }
  return value;
}

function compare(committed: string, fresh: string, name: string): string[] {
  const before = templatesOf(committed);
  const after = templatesOf(fresh);
  const problems: string[] = [];
  for (const file of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    if (!before.has(file) || !after.has(file)) {
      problems.push(`${name}/${file}: ${before.has(file) ? 'no longer synthesized' : 'not in the committed snapshot'}`);
      continue;
    }
    const difference = firstDifference(before.get(file)!, after.get(file)!);
    if (difference) {
      problems.push(`${name}/${file}: ${difference}`);
    }
  }
  return problems;
}

function main(): void {
  const saved = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-snapshots-'));
  const dirs = snapshotDirs();
  for (const dir of dirs) {
    fs.cpSync(path.join(INTEG, dir), path.join(saved, dir), { recursive: true });
  }
  let problems: string[] = [];
  try {
    const run = spawnSync('npx', ['integ-runner', '--config', 'integ/integ.config.json', '--language', 'typescript', '--force', '--update-on-failed', '--dry-run'], {
      cwd: path.join(INTEG, '..'),
      encoding: 'utf-8',
      maxBuffer: 256 * 1024 * 1024,
    });
    if (run.status !== 0) {
      problems.push(`integ-runner failed (exit ${run.status}): a destructive change or a synthesis error:\n${run.stdout}\n${run.stderr}`);
    }
    for (const dir of dirs) {
      problems.push(...compare(path.join(saved, dir), path.join(INTEG, dir), dir));
    }
  } finally {
    for (const dir of dirs) {
      fs.rmSync(path.join(INTEG, dir), { recursive: true, force: true });
      fs.cpSync(path.join(saved, dir), path.join(INTEG, dir), { recursive: true });
    }
    fs.rmSync(saved, { recursive: true, force: true });
  }
  for (const problem of problems) {
    console.error(`verify-integ-snapshots: ${problem}`);
  }
  console.log(`verify-integ-snapshots: ${dirs.length} snapshots, ${problems.length === 0 ? 'every template equals a fresh synthesis' : `${problems.length} problem(s): run npx projen integ:update and review the diff`}`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}

if (require.main === module) {
  main();
}
