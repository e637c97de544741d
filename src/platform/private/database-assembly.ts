import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AuroraGlobalPair } from '../../database';
import { PaymentRole } from '../../region';
import { PlatformDatabaseOptions } from '../dr-payment-platform-props';

/** The port of the Aurora PostgreSQL clusters. */
export const DATABASE_PORT = 5432;

/** What the global database spans and alarms to. */
export interface GlobalDatabaseAssemblyProps {
  /** The global cluster identifier (`<prefix>-payments`, lowercase: physical-names.ts). */
  readonly globalClusterIdentifier: string;
  /** The caller's settings. */
  readonly options?: PlatformDatabaseOptions;
  /** The primary region's VPC (primary cluster). */
  readonly primaryVpc: ec2.IVpc;
  /** The standby region's VPC (secondary cluster). */
  readonly standbyVpc: ec2.IVpc;
  /** The standby stack, where the secondary cluster goes (a team's VPC may live in a stack of its own). */
  readonly standbyStack: Stack;
  /** The primary region's alert topic. */
  readonly primaryAlarmTopic: sns.ITopic;
  /** The standby region's alert topic. */
  readonly standbyAlarmTopic: sns.ITopic;
}

/**
 * The Aurora PostgreSQL global database in the primary stack (its secondary cluster lands in the standby
 * network's stack), with the outputs operators read: the global cluster identifier and writer endpoint.
 */
export function assembleGlobalDatabase(stack: Stack, props: GlobalDatabaseAssemblyProps): AuroraGlobalPair {
  const db = props.options ?? {};
  const database = new AuroraGlobalPair(stack, 'Database', {
    primaryVpc: props.primaryVpc,
    secondaryVpc: props.standbyVpc,
    secondaryStack: props.standbyStack,
    globalClusterIdentifier: props.globalClusterIdentifier,
    primaryEncryptionKey: db.primaryEncryptionKey,
    secondaryEncryptionKey: db.secondaryEncryptionKey,
    primaryInstanceType: db.primaryInstanceType,
    primaryReaders: db.primaryReaders,
    secondaryInstanceType: db.secondaryInstanceType,
    secondaryInstances: db.secondaryInstances,
    rpo: db.rpo,
    rpoGuardrail: db.rpoGuardrail,
    deletionProtection: db.deletionProtection,
    removalPolicy: db.removalPolicy,
    primaryAlarmTopic: props.primaryAlarmTopic,
    secondaryAlarmTopic: props.standbyAlarmTopic,
  });
  // What operators need at hand (docs/operations.md reads them with `aws cloudformation describe-stacks`).
  new CfnOutput(stack, 'GlobalClusterIdentifier', { value: database.globalClusterIdentifier });
  new CfnOutput(stack, 'GlobalWriterEndpoint', { value: database.globalWriterEndpoint });
  return database;
}

/** How one region's payment service and validation reach the global database. */
export interface RegionDatabaseAccess {
  /** The writer: the global writer endpoint (primary) or the region's own cluster endpoint (standby). */
  readonly hostname: string;
  /** The region's own reader endpoint: reads and `/health` (docs/region.md, "A passive region"). */
  readonly readerHostname: string;
  /** The master credentials, as the region reads them (the schema migration only). */
  readonly secret: secretsmanager.ISecret;
  /** The application role's credentials, as the region reads them (the service and the functions). */
  readonly applicationSecret: secretsmanager.ISecret;
  /** The region's cluster, to open the port to. */
  readonly connections: ec2.Connections;
  /** The writer endpoint of the region's own cluster (the schema migration of the active region connects there). */
  readonly ownWriterHostname: string;
}

/**
 * What each region connects to, each with its own cluster's credentials and reader endpoint:
 * - the primary writes through the global writer endpoint (it follows the writer through switchover and failover);
 * - the standby never depends on the other region: it writes through its own cluster's endpoint, which serves writes
 *   once Aurora promotes the secondary (failover or switchover) and refuses them before (a passive region answers
 *   503), while the global writer endpoint would resolve to a private address in the primary's VPC, with no route.
 */
export function databaseAccess(
  database: AuroraGlobalPair,
  role: PaymentRole,
  applicationSecret: secretsmanager.ISecret,
): RegionDatabaseAccess {
  if (role === PaymentRole.PRIMARY) {
    return {
      applicationSecret,
      hostname: database.globalWriterEndpoint,
      readerHostname: database.primaryCluster.clusterReadEndpoint.hostname,
      secret: database.secret,
      connections: database.primaryConnections,
      ownWriterHostname: database.primaryCluster.clusterEndpoint.hostname,
    };
  }
  return {
    applicationSecret,
    hostname: database.secondaryCluster.clusterEndpoint.hostname,
    readerHostname: database.secondaryCluster.clusterReadEndpoint.hostname,
    secret: database.secondarySecret,
    connections: database.secondaryConnections,
    ownWriterHostname: database.secondaryClusterResource.attrEndpointAddress,
  };
}
