/** S3 Object Lock retention modes (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html). */
export enum ObjectLockMode {
  /** No user, including the root user, can overwrite or delete a locked version, or shorten its retention. */
  COMPLIANCE = 'COMPLIANCE',
  /** Users allowed `s3:BypassGovernanceRetention` can delete locked versions: for test environments. */
  GOVERNANCE = 'GOVERNANCE',
}
