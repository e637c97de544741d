/**
 * What the published npm tarball must hold, and nothing more: an allow-list of paths, the entries a consumer
 * needs, and a size budget. Used by test/release/package.test.ts (on `npm pack --dry-run`) and by
 * scripts/consumer-smoke.sh on the very tarball it installs:
 *
 *   node --import tsx scripts/package-contents.ts dist/js/cdk-dr-payment-platform@0.0.0.jsii.tgz
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The compressed size budget of the tarball. */
export const MAX_COMPRESSED_BYTES = 1_000_000;

/** Every path in the tarball matches one of these (paths relative to the package root). */
export const ALLOWED_PATHS: RegExp[] = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^\.jsii$/,
  /^API\.md$/,
  /^lib\/.+\.(js|d\.ts)$/,
  /^assets\/.+\.lambda\/index\.js$/,
  /^docs\/[^/]+\.md$/,
];

const ROOT = path.join(__dirname, '..');

/** The entries a consumer needs: the manifest, the entry point, each pre-bundled handler, each linked doc. */
export function requiredPaths(root: string = ROOT): string[] {
  const required = ['package.json', 'README.md', 'LICENSE', '.jsii', 'API.md', 'lib/index.js', 'lib/index.d.ts'];
  for (const handler of lambdaHandlers(path.join(root, 'src'))) {
    required.push(`assets/${path.relative(path.join(root, 'src'), handler).replace(/\.ts$/, '')}/index.js`);
  }
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf-8');
  for (const match of readme.matchAll(/\]\((docs\/[^)#\s]+\.md)(#[^)]*)?\)/g)) {
    required.push(match[1]);
  }
  return [...new Set(required)];
}

/** Problems with a tarball's file list and size; empty when it is fit to publish. */
export function packageProblems(files: string[], compressedBytes: number, required: string[] = requiredPaths()): string[] {
  const problems: string[] = [];
  for (const file of files) {
    if (!ALLOWED_PATHS.some((pattern) => pattern.test(file))) {
      problems.push(`not allowed in the package: ${file}`);
    }
  }
  const expectedAssets = new Set(required.filter((file) => file.startsWith('assets/')));
  for (const file of files) {
    if (file.startsWith('assets/') && !expectedAssets.has(file)) {
      problems.push(`not the bundle of a current handler (a stale assets/ entry?): ${file}`);
    }
  }
  const present = new Set(files);
  for (const file of required) {
    if (!present.has(file)) {
      problems.push(`missing from the package: ${file}`);
    }
  }
  if (compressedBytes >= MAX_COMPRESSED_BYTES) {
    problems.push(`the package is ${compressedBytes} bytes compressed, the budget is < ${MAX_COMPRESSED_BYTES}`);
  }
  return problems;
}

/** The file list of a packed tarball (npm puts every entry under `package/`). */
export function tarballFiles(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf-8' })
    .split('\n')
    .filter((line) => line && !line.endsWith('/'))
    .map((line) => line.replace(/^package\//, ''));
}

function lambdaHandlers(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return lambdaHandlers(full);
    }
    return entry.name.endsWith('.lambda.ts') ? [full] : [];
  });
}

if (require.main === module) {
  const tarball = process.argv[2];
  if (!tarball) {
    console.error('usage: node --import tsx scripts/package-contents.ts <tarball>');
    process.exit(2);
  }
  const files = tarballFiles(tarball);
  const size = fs.statSync(tarball).size;
  const problems = packageProblems(files, size);
  for (const problem of problems) {
    console.error(`package-contents: ${problem}`);
  }
  console.log(`package-contents: ${path.basename(tarball)}: ${files.length} files, ${size} bytes compressed: ${problems.length === 0 ? 'fit to publish' : `${problems.length} problem(s)`}`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
