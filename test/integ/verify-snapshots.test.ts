import { firstDifference } from '../../scripts/verify-integ-snapshots';

describe('the integ snapshot comparison', () => {
  test('names the first differing JSON path, and equal values have none', () => {
    expect(firstDifference({ a: 1, b: [1, { c: 'x' }] }, { a: 1, b: [1, { c: 'x' }] })).toBeUndefined();
    expect(firstDifference({ Resources: { Key: { Type: 'AWS::KMS::Key' } } }, { Resources: { Key: { Type: 'AWS::S3::Bucket' } } }))
      .toBe('$.Resources.Key.Type');
    expect(firstDifference({ a: [1, 2] }, { a: [1, 2, 3] })).toBe('$.a[2]');
    expect(firstDifference({ a: 1 }, { a: 1, extra: true })).toBe('$.extra');
    expect(firstDifference({ a: null }, { a: {} })).toBe('$.a');
  });
});
