/**
 * Synth benchmark (run by hand, not a test): the median wall time to synthesize the reference app in a fresh
 * Node.js process (module loading, construct tree, asset staging of the pre-bundled Lambda handlers, template
 * writing), over several runs, and the resource count per stack.
 *
 *   node --import tsx benchmarks/synth.ts [runs=5]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const runs = Number(process.argv[2] ?? 5);
const root = path.resolve(__dirname, '..');
const times: number[] = [];
let outdir = '';
for (let i = 0; i < runs; i++) {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-bench-'));
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'examples/synth-only.ts'), outdir], {
    cwd: root,
    encoding: 'utf-8',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) {
    throw new Error(`synthesis failed (exit ${run.status}):\n${run.stderr}`);
  }
  times.push(ms);
  console.log(`run ${i + 1}/${runs}: ${(ms / 1000).toFixed(2)} s`);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`\nmedian synth time over ${runs} runs: ${(median / 1000).toFixed(2)} s (min ${(times[0] / 1000).toFixed(2)} s, max ${(times[times.length - 1] / 1000).toFixed(2)} s)\n`);

const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf-8'));
console.log('stack                      resources');
for (const [id, artifact] of Object.entries<any>(manifest.artifacts)) {
  if (artifact.type !== 'aws:cloudformation:stack') continue;
  const template = JSON.parse(fs.readFileSync(path.join(outdir, artifact.properties.templateFile), 'utf-8'));
  console.log(`${id.padEnd(26)} ${Object.keys(template.Resources ?? {}).length}`);
}
