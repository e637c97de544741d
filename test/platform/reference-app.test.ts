import * as fs from 'fs';
import * as path from 'path';
import { renderComplianceDoc } from '../../examples/compliance-doc';
import { buildReferenceApp } from '../../examples/reference-platform';
import { expectCompliant } from '../compliance/harness';

describe('the reference app', () => {
  const app = buildReferenceApp();
  // cdk-nag (3 packs), cfn-guard and cfn-lint on every stack: throws, listing every finding, when one is left.
  const report = expectCompliant(app);

  test('every stack passes cdk-nag, cfn-guard and cfn-lint', () => {
    expect(report.templates.map((t) => path.basename(t)).sort()).toEqual([
      'PaymentsDnsE377424A.template.json',
      'PaymentsPrimary5BAFC919.template.json',
      'PaymentsStandby1CBCBDFA.template.json',
      'PaymentsStandbyStorage6E6A580D.template.json',
    ]);
    expect(report.counts).toEqual({ 'cdk-nag': 0, 'cfn-guard': 0, 'cfn-lint': 0, 'cdk': 0 });
    expect(report.warnings).toEqual({ 'cdk-nag': 0, 'cfn-guard': 0, 'cfn-lint': 0, 'cdk': 0 });
    expect(report.notRun).toEqual({});
  });

  test('docs/benchmarks.md quotes the resources per stack that the reference app synthesizes', () => {
    const counts = report.templates.map((t) => {
      const stack = /^Payments(\w+?)[0-9A-F]{8}\.template\.json$/.exec(path.basename(t))![1];
      return `${stack} ${Object.keys(JSON.parse(fs.readFileSync(t, 'utf-8')).Resources).length}`;
    });
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'benchmarks.md'), 'utf-8');
    const quoted = /\| resources per stack \| (.*) \|/.exec(doc)![1].split(', ');
    expect(quoted.sort()).toEqual(counts.sort());
  });

  test('docs/compliance.md lists exactly the acknowledged findings (npx projen compliance-doc regenerates it)', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'compliance.md'), 'utf-8');
    expect(committed).toEqual(renderComplianceDoc(report.templates));
  });
});
