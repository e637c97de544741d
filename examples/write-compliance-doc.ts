/** Regenerates docs/compliance.md from the reference app (run: npx projen compliance-doc). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderComplianceDoc } from './compliance-doc';
import { buildReferenceApp } from './reference-platform';
import { addNagPacks } from '../test/compliance/harness';

const app = buildReferenceApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'compliance-doc-')) });
addNagPacks(app);
const assembly = app.synth();
const target = path.join(__dirname, '..', 'docs', 'compliance.md');
fs.writeFileSync(target, renderComplianceDoc(assembly.stacksRecursively.map((s) => s.templateFullPath)));
console.log(`wrote ${target}`);
