/** The transaction-log bucket on a key its caller owns (TransactionLogBucket.encryptionKey, PaymentRegion.transactionLogKey). */
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ACCOUNT, newApp, PRIMARY_REGION, stack, zone } from './fixtures';
import { PaymentRegion, PaymentRole, TransactionLogBucket } from '../../src';

const ARN = `arn:aws:kms:${PRIMARY_REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;

function regionOnOwnedKey(logBucket?: (s: ReturnType<typeof stack>) => TransactionLogBucket) {
  const s = stack(newApp(), 'Region', PRIMARY_REGION);
  const region = new PaymentRegion(s, 'Payments', {
    role: PaymentRole.PRIMARY,
    domainName: 'pay.example.com',
    hostedZone: zone(s),
    logBucket: logBucket?.(s),
    transactionLogKey: kms.Key.fromKeyArn(s, 'LogKey', ARN),
  });
  return { stack: s, region };
}

describe('transaction-log bucket on an owned key', () => {
  test('TransactionLogBucket uses the given key and creates none', () => {
    const s = stack(newApp(), 'Storage', PRIMARY_REGION);
    const bucket = new TransactionLogBucket(s, 'Log', { encryptionKey: kms.Key.fromKeyArn(s, 'Key', ARN) });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::KMS::Key', 0);
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: ARN } }],
      },
    });
    expect(bucket.encryptionKey.keyArn).toBe(ARN);
  });

  test('PaymentRegion passes transactionLogKey to its new log bucket', () => {
    const { stack: s, region } = regionOnOwnedKey();
    expect(region.logBucket.encryptionKey.keyArn).toBe(ARN);
    Template.fromStack(s).hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: ARN } }] },
    });
  });

  test('transactionLogKey with an existing logBucket fails', () => {
    expect(() => regionOnOwnedKey((s) => new TransactionLogBucket(s, 'Existing'))).toThrow(
      'transactionLogKey configures a new log bucket, not the given logBucket, got: Region/LogKey',
    );
  });
});
