import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { RegionBackup } from '../backup';
import { LogicalCorruptionEstimate, RecoveryBudget, RecoveryObjectives } from '../budget';
import { AuroraGlobalPair } from '../database';
import { FailoverDns } from '../dns';
import { RegionSwitchPlan } from '../failover';
import { IndependenceReport } from '../independence';
import { PaymentNetwork, PaymentRegion, PaymentRole, TransactionLogBucket } from '../region';
import { DrPaymentPlatformProps } from './dr-payment-platform-props';
import { ValidationFunction } from '../validation/validation-function';
import { WriterRegionGuard } from '../validation/writer-region-guard';
import { alertTopicFor } from './private/alert-topic';
import { newApplicationCredentials } from './private/application-credentials';
import { assembleBackup, transactionLogLocking } from './private/backup-assembly';
import { newCardFingerprintKeys } from './private/card-fingerprint-key';
import { assembleGlobalDatabase, databaseAccess } from './private/database-assembly';
import { DrState } from './private/dr-state';
import { applyDrState, declaredDrState, DrStateParts } from './private/dr-state-assembly';
import { assembleFailover } from './private/failover-assembly';
import { addIndependenceCheck, analyseIndependence } from './private/independence-check';
import { logicalCorruptionOf } from './private/logical-corruption-inputs';
import { platformNames } from './private/physical-names';
import { newPlatformStacks } from './private/platform-stack';
import { checkedRecoveryBudget, recoveryObjectivesOf } from './private/recovery-budget-inputs';
import { assembleRegion } from './private/region-assembly';
import { regionVpc } from './private/region-vpc';
import { validatePlacement, validateProps } from './private/validate-props';
import { platformVpcCidrs } from './private/vpc-cidrs';

/**
 * A two-region active-passive disaster-recovery platform for payment processing, in one statement.
 *
 * Placed in an `App` or a `Stage`, it creates four stacks with explicit environments (see docs/architecture.md):
 * `StandbyStorage` (standby) ← `Primary` (primary) ← `Standby` (standby) ← `Dns` (us-east-1).
 */
export class DrPaymentPlatform extends Construct {
  /** The standby's transaction-log bucket (replication destination), deployed first. */
  public readonly standbyStorageStack: Stack;
  /** Primary region: network, Aurora global cluster + primary, payment service, validation, schema migration. */
  public readonly primaryStack: Stack;
  /** Standby region: network, Aurora secondary, payment service, validation. */
  public readonly standbyStack: Stack;
  /** Route 53 failover records, health checks, their alarms and the Region switch plan (us-east-1). */
  public readonly dnsStack: Stack;

  /** Alerts of the primary region: `primary.alertTopic`, else a new topic (KMS-encrypted, e-mail subscriptions). */
  public readonly primaryAlertTopic: sns.ITopic;
  /** Alerts of the standby region: `standby.alertTopic`, else a new topic (KMS-encrypted, e-mail subscriptions). */
  public readonly standbyAlertTopic: sns.ITopic;
  /** The standby's transaction-log bucket: the primary's replication destination and the standby's own log. */
  public readonly standbyLogBucket: TransactionLogBucket;
  /** The network the platform created in the primary region; undefined when `primary.vpc` is given. */
  public readonly primaryNetwork?: PaymentNetwork;
  /** The network the platform created in the standby region; undefined when `standby.vpc` is given. */
  public readonly standbyNetwork?: PaymentNetwork;
  /** The primary region's VPC: `primary.vpc`, else the created network's. */
  public readonly primaryVpc: ec2.IVpc;
  /** The standby region's VPC: `standby.vpc`, else the created network's. */
  public readonly standbyVpc: ec2.IVpc;
  /**
   * The prefix of every explicit physical name (stacks, Aurora identifiers, secrets, plan): `stackNamePrefix`, else
   * `<Stage path>-<id>` inside a Stage, else the construct id.
   */
  public readonly physicalNamePrefix: string;
  /** The Aurora PostgreSQL global database (primary cluster in the primary stack, secondary in the standby's). */
  public readonly database: AuroraGlobalPair;
  /** The primary region's payment service (role PRIMARY). */
  public readonly primary: PaymentRegion;
  /** The standby region's payment service (role STANDBY). */
  public readonly standby: PaymentRegion;
  /** The HMAC key of card fingerprints, replicated to the standby region so fingerprints match after failover. */
  public readonly cardFingerprintKey: secretsmanager.Secret;
  /**
   * Credentials of the least-privilege database role `payment_validation_app` (primary region, replicated to the
   * standby): the payment services and the validation functions connect with them; the master secret is read by
   * the schema migration only (docs/database.md, "Credentials across failover and rotation").
   */
  public readonly applicationCredentials: secretsmanager.Secret;
  /** Payment validation in the primary region (runs the schema migration while the primary region is active). */
  public readonly primaryValidation: ValidationFunction;
  /** Payment validation in the standby region (same rules and fingerprint key). */
  public readonly standbyValidation: ValidationFunction;
  /** Alert topic of the Dns stack (us-east-1): health-check alarms and plan executions (`dnsAlertTopic`, else new). */
  public readonly dnsAlertTopic: sns.ITopic;
  /** PRIMARY/SECONDARY failover records and their health checks. */
  public readonly dns: FailoverDns;
  /** The Region switch plan; undefined when `failover.enabled` is false. */
  public readonly failoverPlan?: RegionSwitchPlan;
  /** AWS Backup of the primary region: locked vault, plan (copies to the standby's vault), selection. */
  public readonly primaryBackup: RegionBackup;
  /** AWS Backup of the standby region: locked vault, plan (copies to the primary's vault), selection. */
  public readonly standbyBackup: RegionBackup;
  /** The modelled recovery budget (RTO/RPO term by term) of this configuration. */
  public readonly recoveryBudget: RecoveryBudget;
  /** The objectives the budget was checked against. */
  public readonly recoveryObjectives: RecoveryObjectives;
  /** The region this deployment declares active (`activeRegion`, its context key, else the primary region). */
  public readonly activeRegion: string;
  /** Whether this deployment suspends the RPO guardrail (`rpoGuardrailSuspended`). */
  public readonly rpoGuardrailSuspended: boolean;
  /** Alarm in the active region: commits on the writer take over a second (e.g. held by the RPO guardrail). */
  public readonly commitStallAlarm: cloudwatch.Alarm;
  /** The deploy guards of the Primary and Standby stacks (in that order). */
  public readonly writerRegionGuards: WriterRegionGuard[];
  /** What undoing a logical corruption costs with the backups (informational unless an objective is set). */
  public readonly logicalCorruption: LogicalCorruptionEstimate;

  constructor(scope: Construct, id: string, props: DrPaymentPlatformProps) {
    super(scope, id);
    validatePlacement(this);
    const account = validateProps(props);
    const vpcCidrs = platformVpcCidrs(props);
    const names = platformNames(this, props.stackNamePrefix, props.domainName);
    const prefix = this.physicalNamePrefix = names.prefix;
    const planEnabled = props.failover?.enabled ?? true;
    const drState = declaredDrState(this, props); // the DR state switch: docs/operations.md "After a failover"

    // Recovery budget first: a configuration that cannot meet its objectives fails before anything is built.
    this.recoveryObjectives = recoveryObjectivesOf(props);
    [this.recoveryBudget, this.logicalCorruption] = [checkedRecoveryBudget(props, planEnabled, this.recoveryObjectives), logicalCorruptionOf(props)];

    // The four stacks, in deployment order; Dns goes where Route 53 publishes health-check metrics (us-east-1).
    const s = newPlatformStacks(this, prefix, account, props);
    [this.standbyStorageStack, this.primaryStack, this.standbyStack, this.dnsStack] = [s.standbyStorage, s.primary, s.standby, s.dns];

    // StandbyStorage stack: the standby's transaction-log bucket, which the primary's replication rule needs first.
    this.standbyLogBucket = new TransactionLogBucket(this.standbyStorageStack, 'TransactionLog', {
      ...transactionLogLocking(props.backup),
      encryptionKey: props.standby?.transactionLogKey,
    });

    // Primary and Standby: alerts and network (or the team's own), the global database, the replicated secrets.
    this.primaryAlertTopic = alertTopicFor(this.primaryStack, props.alertEmails, props.primary?.alertTopic);
    ({ network: this.primaryNetwork, vpc: this.primaryVpc } = regionVpc(this.primaryStack, PaymentRole.PRIMARY, props.primary, vpcCidrs.primary));
    this.standbyAlertTopic = alertTopicFor(this.standbyStack, props.alertEmails, props.standby?.alertTopic);
    ({ network: this.standbyNetwork, vpc: this.standbyVpc } = regionVpc(this.standbyStack, PaymentRole.STANDBY, props.standby, vpcCidrs.standby));
    this.database = assembleGlobalDatabase(this.primaryStack, {
      globalClusterIdentifier: names.globalClusterIdentifier,
      options: props.database,
      primaryVpc: this.primaryVpc,
      standbyVpc: this.standbyVpc,
      standbyStack: this.standbyStack,
      primaryAlarmTopic: this.primaryAlertTopic,
      standbyAlarmTopic: this.standbyAlertTopic,
    });
    const fingerprintKeys = newCardFingerprintKeys(this.primaryStack, this.standbyStack, prefix, props.standbyRegion);
    const appCredentials = newApplicationCredentials(this.primaryStack, this.standbyStack, prefix, props.standbyRegion);
    [this.cardFingerprintKey, this.applicationCredentials] = [fingerprintKeys.primary, appCredentials.primary];

    // Primary stack: the payment service (its log replicates to the standby's bucket) and validation (migrates the schema).
    ({ service: this.primary, validation: this.primaryValidation } = assembleRegion(this.primaryStack, {
      role: PaymentRole.PRIMARY,
      platform: props,
      vpc: this.primaryVpc,
      database: databaseAccess(this.database, PaymentRole.PRIMARY, appCredentials.primary),
      replicationDestination: this.standbyLogBucket.asReplicationDestination(),
      fingerprintKey: fingerprintKeys.primary,
      alarmTopic: this.primaryAlertTopic,
      drRole: drState.primary,
    }));

    // Standby stack: the payment service on the standby's bucket and validation with the same rules.
    ({ service: this.standby, validation: this.standbyValidation } = assembleRegion(this.standbyStack, {
      role: PaymentRole.STANDBY,
      platform: props,
      vpc: this.standbyVpc,
      database: databaseAccess(this.database, PaymentRole.STANDBY, appCredentials.standby),
      logBucket: this.standbyLogBucket,
      fingerprintKey: fingerprintKeys.standby,
      alarmTopic: this.standbyAlertTopic,
      drRole: drState.standby,
    }));

    [this.activeRegion, this.rpoGuardrailSuspended] = [drState.activeRegion, drState.rpoGuardrailSuspended];
    ({ commitStallAlarm: this.commitStallAlarm, guards: this.writerRegionGuards } = this.applyDrState(drState, props));
    this.standbyStack.addDependency(this.primaryStack, 'the secondary cluster joins the primary\'s global cluster');
    [this.primaryBackup, this.standbyBackup] = assembleBackup(this, { prefix, account, options: props.backup });

    // Dns stack: failover records, health checks and their alarms, and the Region switch plan.
    ({ alertTopic: this.dnsAlertTopic, dns: this.dns, plan: this.failoverPlan } = this.assembleDnsStack(props, prefix, planEnabled));
    [this.standbyStack, this.primaryStack].forEach((st) => this.dnsStack.addDependency(st, 'the failover records alias both load balancers'));
    addIndependenceCheck(this, this.regionalStacks(props)); // the standby needs nothing from the primary at run time
  }

  /** The Dns stack: its alert topic, the failover records and health checks, and the Region switch plan. */
  private assembleDnsStack(props: DrPaymentPlatformProps, prefix: string, planEnabled: boolean) {
    const alertTopic = alertTopicFor(this.dnsStack, props.alertEmails, props.dnsAlertTopic);
    const failover = assembleFailover(this.dnsStack, {
      platform: props,
      prefix,
      planEnabled,
      primaryActive: this.activeRegion === props.primaryRegion,
      primary: this.primary,
      standby: this.standby,
      database: this.database,
      alarmTopic: alertTopic,
      primaryAlarmTopic: this.primaryAlertTopic,
      standbyAlarmTopic: this.standbyAlertTopic,
    });
    return { alertTopic, dns: failover.dns, plan: failover.plan };
  }

  /**
   * The regional-independence analysis: every run-time and deploy-time dependency of the regional stacks (images,
   * secrets, KMS keys, endpoints, SSM parameters, cross-region references, buckets, log destinations, alarm topics),
   * classified as own region, global, other region at deploy time only, or other region at run time. Call it after
   * `app.synth()` (synthesis runs the same analysis and fails on a standby run-time dependency on the primary).
   */
  public analyseRegionalIndependence(): IndependenceReport {
    return analyseIndependence(this.regionalStacks());
  }

  private regionalStacks(props?: DrPaymentPlatformProps) {
    return {
      primaryRegion: props?.primaryRegion ?? this.primaryStack.region,
      standbyStorage: this.standbyStorageStack,
      primary: this.primaryStack,
      standby: this.standbyStack,
    };
  }

  /**
   * The declared DR state applied to both regional stacks (dr-state-assembly.ts): the guardrail's value, the deploy
   * guard in each, the alarms of the active and passive roles.
   */
  private applyDrState(drState: DrState, props: DrPaymentPlatformProps): DrStateParts {
    const db = this.database;
    const region = (stack: Stack, role: DrState['primary'], service: PaymentRegion, validation: ValidationFunction,
      alarmTopic: sns.ITopic, clusterIdentifier: string, parameterGroup: rds.IParameterGroup) =>
      ({ stack, role, service, validation, alarmTopic, clusterIdentifier, parameterGroup });
    return applyDrState(drState, db, [
      region(this.primaryStack, drState.primary, this.primary, this.primaryValidation, this.primaryAlertTopic,
        db.primaryClusterIdentifier, db.primaryParameterGroup),
      region(this.standbyStack, drState.standby, this.standby, this.standbyValidation, this.standbyAlertTopic,
        db.secondaryClusterIdentifier, db.secondaryParameterGroup),
    ], props);
  }
}
