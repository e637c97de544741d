/**
 * The folder layout's import rules (docs/architecture.md "Where things are"): each src/ folder imports only the
 * folders it may, so the layout keeps showing the architecture.
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', '..', 'src');

/** The src/ areas each area may import (besides itself). Runtime code, the budget and the alarm model import no other area. */
const ALLOWED: Record<string, string[]> = {
  'platform': ['backup', 'budget', 'database', 'dns', 'failover', 'failover/alarm-model', 'independence', 'region', 'validation', 'validation/runtime', 'private'],
  'backup': ['private'],
  'region': ['private'],
  'database': ['private'],
  'dns': ['private'],
  'failover': ['dns', 'failover/alarm-model', 'private'],
  'failover/alarm-model': [],
  'validation': ['validation/runtime', 'private'],
  'validation/runtime': [],
  'budget': [],
  'independence': [],
  'private': [],
};

function areaOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  if (rel[0] === 'validation' && rel[1] === 'runtime') return 'validation/runtime';
  if (rel[0] === 'failover' && rel[1] === 'alarm-model') return 'failover/alarm-model';
  return rel.length > 1 ? rel[0] : '.';
}

function filesIn(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesIn(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

/** Every (file, imported area) pair that breaks the rules. */
export function forbiddenImports(files: Array<{ file: string; text: string }>): string[] {
  const broken: string[] = [];
  for (const { file, text } of files) {
    const from = areaOf(file);
    if (from === '.') {
      continue; // src/index.ts re-exports everything
    }
    for (const match of text.matchAll(/from '(\.[^']*)'/g)) {
      const resolved = path.resolve(path.dirname(file), match[1]);
      const isFolder = fs.existsSync(resolved) && fs.statSync(resolved).isDirectory();
      const target = areaOf(isFolder ? path.join(resolved, 'index.ts') : `${resolved}.ts`);
      if (target !== from && !(ALLOWED[from] ?? []).includes(target)) {
        broken.push(`${path.relative(SRC, file)} imports ${target} ('${match[1]}')`);
      }
    }
    if (['budget', 'independence', 'validation/runtime', 'failover/alarm-model'].includes(from) && /from '(aws-cdk-lib|constructs)[/']/.test(text)) {
      broken.push(`${path.relative(SRC, file)} imports aws-cdk-lib or constructs`);
    }
  }
  return broken;
}

describe('import rules of the src/ folders', () => {
  test('every area imports only what docs/architecture.md allows', () => {
    const files = filesIn(SRC).map((file) => ({ file, text: fs.readFileSync(file, 'utf-8') }));
    expect(files.length).toBeGreaterThan(50);
    expect(forbiddenImports(files)).toEqual([]);
  });

  test('the check sees a forbidden import', () => {
    // A file that is never written: its path places it in src/budget/.
    const file = path.join(SRC, 'budget', 'forbidden-fixture.ts');
    const text = "import { PaymentRegion } from '../region';\nimport { Duration } from 'aws-cdk-lib';\n";
    expect(forbiddenImports([{ file, text }])).toEqual([
      "budget/forbidden-fixture.ts imports region ('../region')",
      'budget/forbidden-fixture.ts imports aws-cdk-lib or constructs',
    ]);
  });

  test('every area of src/ has a rule, and the rules are the documented ones', () => {
    const areas = new Set(filesIn(SRC).map(areaOf).filter((a) => a !== '.'));
    expect([...areas].sort()).toEqual(Object.keys(ALLOWED).sort());
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'architecture.md'), 'utf-8');
    for (const area of Object.keys(ALLOWED)) {
      expect(doc).toContain(`| \`src/${area}/\` |`);
    }
  });
});
