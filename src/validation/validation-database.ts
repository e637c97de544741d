import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/** How the validation function reaches the payment database. */
export interface ValidationDatabase {
  /**
   * Host name the function connects to: a writer (DrPaymentPlatform passes the global writer endpoint in the primary
   * region and the standby cluster's own endpoint in the standby, which takes writes once promoted; docs/region.md).
   */
  readonly hostname: string;
  /**
   * @default 5432
   */
  readonly port?: number;
  /** Secret holding `username` and `password` (and optionally `dbname`), as RDS generates it (the master's). */
  readonly secret: secretsmanager.ISecret;
  /**
   * Credentials of the application role the migrations create (`username` `payment_validation_app`, `password`):
   * the validation and relay functions connect with them, only the migration reads `secret` and sets this password.
   * @default - every function connects with `secret`
   */
  readonly applicationSecret?: secretsmanager.ISecret;
  /**
   * The database's security group: the function is allowed in on `port`.
   * @default - no ingress rule is added (the caller opens the database to `connections`)
   */
  readonly connections?: ec2.IConnectable;
  /**
   * Database name.
   * @default - the secret's `dbname`, else `postgres`
   */
  readonly databaseName?: string;
}
