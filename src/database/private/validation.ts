import { Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';

/** The smallest value of `rds.global_db_rpo` Aurora accepts, in seconds. */
export const MIN_RPO_SECONDS = 20;
/** Longest global cluster identifier: the member cluster identifiers append `-secondary` and must stay <= 63. */
export const MAX_GLOBAL_ID_LENGTH = 53;
const GLOBAL_ID_PATTERN = /^[a-z](?:-?[a-z0-9])*$/;
const DATABASE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;

/** The region of `stack`, which must be explicit (the global database spans two named regions). */
export function concreteRegion(prop: string, stack: Stack): string {
  if (Token.isUnresolved(stack.region)) {
    throw new Error(`${prop} must be in a stack with an explicit region (env), got: an environment-agnostic stack ${stack.stackName}`);
  }
  return stack.region;
}

export function requireIsolatedSubnets(prop: string, vpc: ec2.IVpc): void {
  if (vpc.isolatedSubnets.length === 0) {
    throw new Error(`${prop} must have private isolated subnets for the database, got: none in ${vpc.node.path}`);
  }
}

export function requireIntegerInRange(prop: string, value: number, min: number, max: number): void {
  if (Token.isUnresolved(value)) {
    return;
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${prop} must be an integer between ${min} and ${max}, got: ${value}`);
  }
}

/** Global databases of this library run Aurora PostgreSQL 16 or later. */
export function requireEngineVersion(version: rds.AuroraPostgresEngineVersion): void {
  const major = Number(version.auroraPostgresMajorVersion);
  if (!Number.isInteger(major) || major < 16) {
    throw new Error(
      `engineVersion must be aurora-postgresql 16 or later, got: ${version.auroraPostgresFullVersion}`,
    );
  }
}

/** The RPO in seconds, at least Aurora's minimum of `rds.global_db_rpo` (unless it is a token). */
export function requireRpo(rpo: Duration): number {
  const rpoSeconds = rpo.toSeconds();
  if (!Token.isUnresolved(rpoSeconds) && rpoSeconds < MIN_RPO_SECONDS) {
    throw new Error(`rpo must be at least ${MIN_RPO_SECONDS} seconds (the minimum of rds.global_db_rpo), got: ${rpoSeconds} seconds`);
  }
  return rpoSeconds;
}

/** The backup retention in whole days, 7 to 35 (unless it is a token). */
export function requireBackupRetention(backupRetention: Duration): number {
  const backupDays = backupRetention.toDays();
  if (!Token.isUnresolved(backupDays) && (!Number.isInteger(backupDays) || backupDays < 7 || backupDays > 35)) {
    throw new Error(`backupRetention must be a whole number of days between 7 and 35, got: ${backupDays} days`);
  }
  return backupDays;
}

export function requireDatabaseName(databaseName: string): void {
  if (!Token.isUnresolved(databaseName) && !DATABASE_NAME_PATTERN.test(databaseName)) {
    throw new Error(
      `databaseName must start with a letter and hold only letters, digits and underscores (at most 63), got: ${databaseName}`,
    );
  }
}

export function requireGlobalClusterIdentifier(globalClusterIdentifier: string): void {
  if (
    !Token.isUnresolved(globalClusterIdentifier) &&
    (globalClusterIdentifier.length > MAX_GLOBAL_ID_LENGTH || !GLOBAL_ID_PATTERN.test(globalClusterIdentifier))
  ) {
    throw new Error(
      `globalClusterIdentifier must be 1 to ${MAX_GLOBAL_ID_LENGTH} lowercase letters, digits or hyphens, start with a letter, ` +
        `and neither end with a hyphen nor hold two consecutive hyphens, got: ${globalClusterIdentifier}`,
    );
  }
}

/** `<path words>-<hash>`, lowercase, at most 53 characters, valid as an RDS identifier. */
export function defaultGlobalClusterIdentifier(scope: Construct): string {
  const unique = Names.uniqueResourceName(scope, { maxLength: MAX_GLOBAL_ID_LENGTH - 1, separator: '-' }).toLowerCase();
  const cleaned = unique.replace(/[^a-z0-9-]/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(cleaned) ? cleaned : `g${cleaned}`.slice(0, MAX_GLOBAL_ID_LENGTH);
}

/**
 * The literal identifier of a global cluster its members and lookups name (they need it to build identifiers,
 * ARNs and descriptions, so `Ref` is not enough).
 */
export function globalClusterIdentifierOf(prop: string, globalCluster: rds.CfnGlobalCluster): string {
  const identifier = globalCluster.globalClusterIdentifier;
  if (identifier === undefined) {
    throw new Error(`${prop} must have a globalClusterIdentifier, got: none on ${globalCluster.node.path}`);
  }
  return identifier;
}
