import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ObjectLockMode } from '../object-lock-mode';

/** The bucket's default retention: every new object version is locked for `days` in `mode`. */
export function objectLockRetention(mode: ObjectLockMode, days: number): s3.ObjectLockRetention {
  return mode === ObjectLockMode.GOVERNANCE
    ? s3.ObjectLockRetention.governance(Duration.days(days))
    : s3.ObjectLockRetention.compliance(Duration.days(days));
}
