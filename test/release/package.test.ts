import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { MAX_COMPRESSED_BYTES, packageProblems, requiredPaths } from '../../scripts/package-contents';

const root = path.join(__dirname, '..', '..');

interface PackResult {
  readonly size: number;
  readonly files: Array<{ readonly path: string }>;
}

describe('the npm package', () => {
  test('holds exactly what a consumer needs, under the size budget', () => {
    if (!fs.existsSync(path.join(root, 'lib', 'index.js')) || !fs.existsSync(path.join(root, 'assets'))) {
      throw new Error('lib/ or assets/ is missing: run `npx projen compile` (it bundles and compiles) first');
    }
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf-8' });
    const [pack] = JSON.parse(out) as PackResult[];
    const files = pack.files.map((f) => f.path);

    expect(packageProblems(files, pack.size)).toEqual([]);
    expect(files.filter((f) => f.startsWith('.tmp/') || f.startsWith('test/') || f.startsWith('integ/'))).toEqual([]);
    expect(pack.size).toBeLessThan(MAX_COMPRESSED_BYTES);
  });

  test('every docs page the README links is required in the package, and so is each pre-bundled handler', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf-8');
    const linked = [...readme.matchAll(/\]\((docs\/[^)#\s]+\.md)/g)].map((m) => m[1]);
    expect(linked.length).toBeGreaterThanOrEqual(8);
    const required = requiredPaths(root);
    expect(required).toEqual(expect.arrayContaining([...new Set(linked)]));
    expect(required.filter((p) => p.startsWith('assets/')).length).toBeGreaterThanOrEqual(3);
  });

  test('the check refuses a build leftover, a stale or missing bundle, a missing doc and an oversized tarball', () => {
    const required = ['package.json', 'docs/operations.md'];
    expect(packageProblems(['package.json', 'docs/operations.md', '.tmp/postgres/PG_VERSION'], 1000, required)).toEqual([
      'not allowed in the package: .tmp/postgres/PG_VERSION',
    ]);
    expect(packageProblems(['package.json', 'docs/operations.md', 'assets/old/gone.lambda/index.js'], 10, [...required, 'assets/new.lambda/index.js'])).toEqual([
      'not the bundle of a current handler (a stale assets/ entry?): assets/old/gone.lambda/index.js',
      'missing from the package: assets/new.lambda/index.js',
    ]);
    expect(packageProblems(['package.json'], MAX_COMPRESSED_BYTES, required)).toEqual([
      'missing from the package: docs/operations.md',
      `the package is ${MAX_COMPRESSED_BYTES} bytes compressed, the budget is < ${MAX_COMPRESSED_BYTES}`,
    ]);
  });
});
