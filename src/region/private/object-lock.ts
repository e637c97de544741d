import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledge } from '../../private/compliance';
import { ObjectLockMode } from '../object-lock-mode';

/**
 * Object Lock (WORM) on `bucket`: every new version is locked for `days` in `mode`. It cannot be turned off again.
 *
 * Set through `ObjectLockConfiguration` (its `ObjectLockEnabled` updates an existing, versioned bucket in place:
 * S3's PutObjectLockConfiguration enables Object Lock on existing buckets). The top-level `ObjectLockEnabled`
 * makes CloudFormation replace an existing bucket (cloudformation-coverage-roadmap#1929), so it is set only with
 * `atCreation`, for buckets that do not exist yet.
 */
export function lockObjects(bucket: s3.Bucket, mode: ObjectLockMode, days: number, atCreation: boolean): void {
  const cfn = bucket.node.defaultChild as s3.CfnBucket;
  cfn.objectLockConfiguration = { objectLockEnabled: 'Enabled', rule: { defaultRetention: { mode, days } } };
  if (atCreation) {
    cfn.objectLockEnabled = true;
    return;
  }
  acknowledge(bucket, [
    {
      id: 'guard:s3_bucket_object_lock_enabled_check',
      reason:
        'Object Lock is on, through ObjectLockConfiguration (ObjectLockEnabled: Enabled, default retention of the log ' +
        'retention): the rule reads only the top-level ObjectLockEnabled, which makes CloudFormation replace a bucket ' +
        'deployed before (cloudformation-coverage-roadmap#1929); objectLockAtCreation sets it for new buckets',
    },
  ]);
}
