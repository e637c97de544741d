import * as fs from 'fs';
import * as path from 'path';

const RUNTIME_DIR = path.join(__dirname, '..', '..', 'src', 'validation', 'runtime');

/** Every module specifier a file imports, re-exports or requires. */
function specifiers(source: string): string[] {
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s+['"]([^'"]+)['"]/g, /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]));
}

/** Every .ts file under `dir`, as a path relative to it. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(path.join(dir, entry.name)).map((file) => path.join(entry.name, file))
      : entry.name.endsWith('.ts') ? [entry.name] : []);
}

describe('src/validation/runtime is Lambda runtime code (bundled by esbuild, never loads the CDK)', () => {
  const files = sources(RUNTIME_DIR);

  test('the handlers and the modules they import are all there', () => {
    expect(files).toEqual(expect.arrayContaining([
      'validate-payment.lambda.ts', 'relay-transaction-log.lambda.ts', 'migrate-schema.lambda.ts', 'metric-names.ts', 'rules.ts',
    ]));
  });

  test('no generated construct file in the runtime folder', () => {
    expect(files.filter((file) => file.endsWith('-function.ts'))).toEqual([]);
  });

  test.each(files)('%s imports nothing from aws-cdk-lib or constructs, nor from outside the runtime folder', (file) => {
    const source = fs.readFileSync(path.join(RUNTIME_DIR, file), 'utf8');
    expect(source).not.toMatch(/aws-cdk-lib|['"]constructs['"]/);
    for (const specifier of specifiers(source)) {
      expect(specifier).not.toMatch(/^(aws-cdk-lib|constructs)(\/|$)/);
      if (specifier.startsWith('.')) {
        const target = path.resolve(path.dirname(path.join(RUNTIME_DIR, file)), specifier);
        expect(path.relative(RUNTIME_DIR, target)).not.toMatch(/^\.\./);
      }
    }
  });

  test('the specifier scan finds imports (it can fail)', () => {
    expect(specifiers("import { Stack } from 'aws-cdk-lib';\nconst c = require('constructs');")).toEqual(['aws-cdk-lib', 'constructs']);
    expect(specifiers(fs.readFileSync(path.join(RUNTIME_DIR, 'validate-payment.lambda.ts'), 'utf8'))).toEqual(
      expect.arrayContaining(['./handler-support', './runtime-config', './service']));
  });
});
