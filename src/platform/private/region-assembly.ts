import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PaymentNetwork, PaymentRegion, PaymentRole, ReplicationDestination, TransactionLogBucket } from '../../region';
import { ValidationFunction } from '../../validation/validation-function';
import { DrPaymentPlatformProps, PaymentRegionOptions, PlatformValidationOptions } from '../dr-payment-platform-props';
import { DATABASE_PORT, RegionDatabaseAccess } from './database-assembly';
import { RegionDrRole } from './dr-state';
import { regionImage } from './region-image';

/** The caller's settings of the region that plays `role`. */
function regionOptions(props: DrPaymentPlatformProps, role: PaymentRole): PaymentRegionOptions | undefined {
  return role === PaymentRole.PRIMARY ? props.primary : props.standby;
}

/**
 * A region's network: three NAT gateways in the primary, one in the standby, unless the caller says otherwise; its
 * range is `cidr` (the platform's validated `vpcCidr` of the region: vpc-cidrs.ts).
 */
export function newRegionNetwork(stack: Stack, role: PaymentRole, options: PaymentRegionOptions | undefined, cidr: string): PaymentNetwork {
  return new PaymentNetwork(stack, 'Network', {
    natGateways: options?.natGateways ?? (role === PaymentRole.PRIMARY ? 3 : 1),
    cidr,
  });
}

/** What one region's payment service and validation need from the rest of the platform. */
export interface RegionAssemblyProps {
  /** PRIMARY (serves payments, migrates the schema) or STANDBY. */
  readonly role: PaymentRole;
  /** The platform's props: domain, hosted zone, image, the region's options and the validation rules. */
  readonly platform: DrPaymentPlatformProps;
  /** The region's VPC: the network the platform created, or the team's own. */
  readonly vpc: ec2.IVpc;
  /** How the region reaches the global database. */
  readonly database: RegionDatabaseAccess;
  /**
   * The region's transaction-log bucket.
   * @default - the payment service creates one (the primary's, replicating to `replicationDestination`)
   */
  readonly logBucket?: TransactionLogBucket;
  /**
   * Where the region's own transaction-log bucket replicates to.
   * @default - no replication
   */
  readonly replicationDestination?: ReplicationDestination;
  /** The card-fingerprint HMAC key, as the region reads it. */
  readonly fingerprintKey: secretsmanager.ISecret;
  /** The region's alert topic. */
  readonly alarmTopic: sns.ITopic;
  /** The region's role in the declared DR state (dr-state.ts): minimum capacity and whether it migrates the schema. */
  readonly drRole: RegionDrRole;
}

/** The constructs of one region that the platform exposes. */
export interface RegionAssembly {
  /** The payment service (ECS, ALB, WAF, regional record, log bucket). */
  readonly service: PaymentRegion;
  /** Payment validation (and, in the primary, the schema migration). */
  readonly validation: ValidationFunction;
}

/**
 * One region's payment service and payment validation, connected to the global database as `props.database` says
 * (databaseAccess: the primary through the global writer endpoint, the standby through its own cluster), with the
 * output operators read: the region's own domain name.
 */
export function assembleRegion(stack: Stack, props: RegionAssemblyProps): RegionAssembly {
  const options = regionOptions(props.platform, props.role);
  const service = new PaymentRegion(stack, 'Payments', {
    vpc: props.vpc,
    hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'HostedZone', props.platform.hostedZone),
    containerImage: regionImage(props.platform, props.role),
    domainName: props.platform.domainName,
    // The DR state decides: the active region runs the primary's minimum, the passive one the standby's.
    minCapacity: props.drRole.minCapacity,
    maxCapacity: options?.maxCapacity,
    cpu: options?.cpu,
    memoryMiB: options?.memoryMiB,
    loadBalancerDeletionProtection: options?.loadBalancerDeletionProtection,
    role: props.role,
    database: {
      hostname: props.database.hostname,
      readerHostname: props.database.readerHostname,
      port: DATABASE_PORT,
      // The least-privilege application role; the master credentials stay with the schema migration.
      secret: props.database.applicationSecret,
    },
    logBucket: props.logBucket,
    transactionLogKey: props.logBucket ? undefined : options?.transactionLogKey,
    replicationDestination: props.replicationDestination,
    transactionLogObjectLockMode: props.platform.backup?.transactionLogLockMode,
    transactionLogObjectLockAtCreation: props.platform.backup?.transactionLogLockAtCreation,
    alarmTopic: props.alarmTopic,
  });
  service.connections.allowTo(props.database.connections, ec2.Port.tcp(DATABASE_PORT), 'payment service to Aurora');

  const validation = new ValidationFunction(stack, 'Validation', {
    vpc: props.vpc,
    database: props.database,
    logBucket: service.logBucket.bucket,
    fingerprintKey: props.fingerprintKey,
    ...validationRules(props.platform.validation),
    // Only the active region's cluster is writable: the schema is migrated there, against that cluster's writer.
    runMigrations: props.drRole.runsMigrations,
    migrationHostname: props.database.ownWriterHostname,
    alarmTopic: props.alarmTopic,
  });

  new CfnOutput(stack, 'RegionalDomainName', { value: service.regionalDomainName });
  return { service, validation };
}

/** The same rules in both regions: a payment must get the same decision wherever it lands. */
function validationRules(validation: PlatformValidationOptions = {}) {
  return {
    currencyLimits: validation.currencyLimits,
    velocity: validation.velocity ?? { maxPayments: 5, window: Duration.minutes(10) },
    reservedConcurrency: validation.reservedConcurrency,
  };
}
