/**
 * The README's "Customizing" examples (bring-your-own parts, several stages) run as written, against this checkout,
 * and build what their text says.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import * as library from '../../src';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');

function customizingBlocks(): string[] {
  const start = README.indexOf('\n## Customizing\n');
  const end = README.indexOf('\n## ', start + 1);
  const section = README.slice(start, end);
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** Runs a README block (TypeScript, importing the package by name) and returns the App it synthesized. */
function run(block: string): any {
  const js = ts.transpileModule(block.replace(/^app\.synth\(\);$/m, 'module.exports = app;'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
  }).outputText;
  const mod = { exports: {} as any };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const requireFromReadme = (id: string) => (id === 'cdk-dr-payment-platform' ? library : require(id));
  new Function('require', 'module', 'exports', js)(requireFromReadme, mod, mod.exports);
  return mod.exports;
}

describe('README "Customizing"', () => {
  const blocks = customizingBlocks();

  test('has the bring-your-own and the several-stages examples', () => {
    expect(blocks).toHaveLength(2);
  });

  test('the bring-your-own example builds no VPC and no alert topic of its own', () => {
    const app = run(blocks[0]);
    const assembly = app.synth();
    const platformStacks = assembly.stacks.filter((s: any) => s.stackName.startsWith('Payments-'));
    expect(platformStacks.map((s: any) => s.stackName).sort()).toEqual(['Payments-Dns', 'Payments-Primary', 'Payments-Standby', 'Payments-StandbyStorage']);
    for (const stack of platformStacks) {
      const types = Object.values<any>(stack.template.Resources).map((r) => r.Type);
      expect(types).not.toContain('AWS::EC2::VPC');
      expect(types).not.toContain('AWS::SNS::Topic');
    }
  });

  test('the several-stages example names its stacks after the Stage paths', () => {
    const app = run(blocks[1]);
    const assembly = app.synth();
    const names = (id: string) => assembly.getNestedAssembly(`assembly-${id}`).stacks.map((s: any) => s.stackName).sort();
    expect(names('Beta')).toEqual(['Beta-Payments-Dns', 'Beta-Payments-Primary', 'Beta-Payments-Standby', 'Beta-Payments-StandbyStorage']);
    expect(names('Prod')).toEqual(['Prod-Payments-Dns', 'Prod-Payments-Primary', 'Prod-Payments-Standby', 'Prod-Payments-StandbyStorage']);
  });
});
