import * as fs from 'fs';
import * as path from 'path';
import { LANGUAGES, readmeExample } from './readme-example';
import { firstDifference, Json, normalizeTemplate } from './template-diff';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

function template(overrides: { hash?: string; path?: string; analytics?: string; port?: number } = {}): Json {
  return {
    Resources: {
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: { Code: { S3Key: `${overrides.hash ?? HASH_A}.zip` }, Port: overrides.port ?? 443 },
        Metadata: { 'aws:cdk:path': overrides.path ?? 'Payments/Primary/Fn/Resource', 'aws:asset:path': `asset.${overrides.hash ?? HASH_A}` },
      },
      CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: overrides.analytics ?? 'v2:deflate64:ts' } },
    },
    Conditions: { CDKMetadataAvailable: { 'Fn::Equals': ['a', 'a'] } },
  };
}

describe('the cross-language template comparison', () => {
  test('ignores asset hashes, aws:cdk:path and the CDK analytics', () => {
    const ts = normalizeTemplate(template(), new Set([HASH_A]));
    const other = normalizeTemplate(template({ hash: HASH_B, path: 'Other/Path', analytics: 'v2:deflate64:python' }), new Set([HASH_B]));
    expect(firstDifference(ts, other)).toBeUndefined();
    expect(JSON.stringify(ts)).not.toContain('CDKMetadata');
    expect(JSON.stringify(ts)).toContain('<asset:1>.zip');
  });

  test('prints the first differing path of any other change', () => {
    const ts = normalizeTemplate(template(), new Set([HASH_A]));
    const other = normalizeTemplate(template({ port: 80 }), new Set([HASH_A]));
    expect(firstDifference(ts, other)).toBe('$.Resources.Fn.Properties.Port: expected 443, got 80');
  });

  test('a missing or extra key, a different length and a different key order are differences', () => {
    expect(firstDifference({ a: 1, b: 2 }, { a: 1 })).toBe('$.b: missing (expected 2)');
    expect(firstDifference({ a: 1 }, { a: 1, c: 3 })).toBe('$.c: only in this synthesis');
    expect(firstDifference({ a: [1, 2] }, { a: [1] })).toBe('$.a: 2 items != 1 items');
    expect(firstDifference({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe('$: key order differs at a / b');
  });

  test('two assets swapped between resources are a difference', () => {
    const swap = (first: string, second: string): Json => ({ Resources: { A: { Key: first }, B: { Key: second } } });
    const hashes = new Set([HASH_A, HASH_B]);
    expect(firstDifference(normalizeTemplate(swap(HASH_A, HASH_B), hashes), normalizeTemplate(swap(HASH_B, HASH_A), hashes))).toBeUndefined();
    // Same hashes, but resource A now uses what the reference gives B: only the numbering tells them apart.
    const reference = normalizeTemplate({ Resources: { A: { Key: HASH_A }, B: { Key: HASH_B }, C: { Key: HASH_A } } }, hashes);
    const swapped = normalizeTemplate({ Resources: { A: { Key: HASH_A }, B: { Key: HASH_B }, C: { Key: HASH_B } } }, hashes);
    expect(firstDifference(reference, swapped)).toBe('$.Resources.C.Key: expected "<asset:1>", got "<asset:2>"');
  });
});

describe('the README examples the consumer tests run', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');

  test.each(LANGUAGES)('there is exactly one %s example, with the same props as the others', (language) => {
    const example = readmeExample(readme, language);
    for (const value of ['123456789012', 'us-east-1', 'us-west-2', 'pay.example.com', 'Z0123456789EXAMPLE', 'example.com',
      'payments-oncall@example.com', '123456789012.dkr.ecr.us-east-1.amazonaws.com/payments:1.4.2', '900', '300']) {
      expect(example).toContain(value);
    }
  });

  test('a missing section or a second block of a language is refused', () => {
    expect(() => readmeExample('# title\n', 'go')).toThrow(/no "## One statement" section/);
    expect(() => readmeExample('# t\n## One statement\n```go\na\n```\n```go\nb\n```\n', 'go')).toThrow(/2 ```go blocks/);
  });
});
