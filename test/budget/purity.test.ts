import * as fs from 'fs';
import * as path from 'path';

const BUDGET_DIR = path.join(__dirname, '..', '..', 'src', 'budget');

/** Every module specifier a file imports, re-exports or requires. */
function specifiers(source: string): string[] {
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s+['"]([^'"]+)['"]/g, /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]));
}

describe('src/budget is a pure model', () => {
  const files = fs.readdirSync(BUDGET_DIR).filter((f) => f.endsWith('.ts'));

  test('the model files are all there', () => {
    expect(files.sort()).toEqual(['defaults.ts', 'format.ts', 'index.ts', 'logical-corruption.ts', 'model.ts', 'sources.ts', 'types.ts']);
  });

  test.each(files)('%s imports nothing from aws-cdk-lib or constructs, only sibling modules', (file) => {
    const source = fs.readFileSync(path.join(BUDGET_DIR, file), 'utf8');
    const imported = specifiers(source);
    expect(source).not.toMatch(/aws-cdk-lib|['"]constructs['"]/);
    for (const specifier of imported) expect(specifier).toMatch(/^\.\/[a-z-]+$/);
  });

  test('the specifier scan finds imports (it can fail)', () => {
    expect(specifiers("import { Stack } from 'aws-cdk-lib';\nconst c = require('constructs');")).toEqual(['aws-cdk-lib', 'constructs']);
    expect(specifiers(fs.readFileSync(path.join(BUDGET_DIR, 'model.ts'), 'utf8'))).toEqual(
      expect.arrayContaining(['./defaults', './format', './sources', './types']));
  });
});

describe('the sub-folders of src/budget are pure too', () => {
  const subfolders = fs.readdirSync(BUDGET_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  const files = subfolders.flatMap((dir) => fs.readdirSync(path.join(BUDGET_DIR, dir)).filter((f) => f.endsWith('.ts')).map((f) => `${dir}/${f}`));

  test('the model has its parts in sub-folders', () => {
    expect(subfolders.sort()).toEqual(['constants', 'estimates', 'inputs', 'terms', 'totals']);
    expect(files).toEqual(expect.arrayContaining(['terms/detect.ts', 'terms/decide.ts', 'terms/database.ts', 'terms/compute.ts',
      'terms/traffic.ts', 'estimates/rpo.ts', 'inputs/resolve.ts', 'totals/check.ts']));
  });

  test.each(files)('%s imports nothing from aws-cdk-lib or constructs, only modules of src/budget', (file) => {
    const source = fs.readFileSync(path.join(BUDGET_DIR, file), 'utf8');
    expect(source).not.toMatch(/aws-cdk-lib|['"]constructs['"]/);
    for (const specifier of specifiers(source)) {
      expect(specifier).toMatch(/^\.\.?\/[a-z-]+(\/[a-z-]+)*$/);
      expect(path.resolve(BUDGET_DIR, path.dirname(file), specifier).startsWith(BUDGET_DIR + path.sep)).toBe(true);
    }
  });
});
