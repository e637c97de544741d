/**
 * Checks of the platform-wide option blocks: `database`, `validation`, `failover`, the Route 53 health checks and the
 * Dns stack's alert topic. Every error names the prop path and the value.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { HEALTH_CHECK_METRICS_REGION } from '../../dns';
import { configErrors } from '../../validation/runtime/rules';
import { DrPaymentPlatformProps } from '../dr-payment-platform-props';
import { fail, requireBoolean, requireInteger, requireObject, requireOneOf } from './prop-checks';
import { checkOwnedResource } from './validate-region-options';

/** The range of `rds.global_db_rpo` in seconds (Aurora User Guide, docs/database.md). */
const GLOBAL_DB_RPO_MIN_SECONDS = 20;
const GLOBAL_DB_RPO_MAX_SECONDS = 2147483647;

/** Checks `database`, `validation`, `failover`, the health-check settings and `dnsAlertTopic`. */
export function validateOptions(props: DrPaymentPlatformProps, account: string): void {
  validateDatabase(props, account);
  validateValidationRules(props);
  validateFailover(props);
  requireOneOf('healthCheckIntervalSeconds', props.healthCheckIntervalSeconds, [10, 30]);
  requireInteger('healthCheckFailureThreshold', props.healthCheckFailureThreshold, 1, 10);
  checkOwnedResource('dnsAlertTopic', props.dnsAlertTopic, HEALTH_CHECK_METRICS_REGION, account);
}

/** Whole seconds of a Duration prop, checked to be a Duration; undefined when not given. */
export function durationSeconds(path: string, value: Duration | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || typeof (value as Duration).toSeconds !== 'function') {
    fail(path, 'must be a Duration', value);
  }
  if (value.isUnresolved()) return undefined;
  return value.toSeconds({ integral: false });
}

function validateDatabase(props: DrPaymentPlatformProps, account: string): void {
  requireObject('database', props.database);
  const db = props.database ?? {};
  requireInteger('database.primaryReaders', db.primaryReaders, 0, 15);
  requireInteger('database.secondaryInstances', db.secondaryInstances, 0, 16);
  requireBoolean('database.rpoGuardrail', db.rpoGuardrail);
  requireBoolean('database.deletionProtection', db.deletionProtection);
  for (const name of ['primaryInstanceType', 'secondaryInstanceType'] as const) {
    const type = db[name] as unknown;
    if (type !== undefined && typeof (type as { sameInstanceClassAs?: unknown }).sameInstanceClassAs !== 'function') {
      fail(`database.${name}`, 'must be an ec2.InstanceType, e.g. ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE)', type);
    }
  }
  const rpo = durationSeconds('database.rpo', db.rpo);
  if (rpo !== undefined && (!Number.isInteger(rpo) || rpo < GLOBAL_DB_RPO_MIN_SECONDS || rpo > GLOBAL_DB_RPO_MAX_SECONDS)) {
    fail(
      'database.rpo',
      `must be a whole number of seconds between ${GLOBAL_DB_RPO_MIN_SECONDS} and ${GLOBAL_DB_RPO_MAX_SECONDS} (the range of rds.global_db_rpo)`,
      `${rpo} seconds`,
    );
  }
  if (db.rpo !== undefined && db.rpoGuardrail === false) {
    fail('database.rpo', 'sets the RPO guardrail: it needs database.rpoGuardrail true', 'database.rpoGuardrail false');
  }
  requireOneOf('database.removalPolicy', db.removalPolicy, Object.values(RemovalPolicy));
  checkOwnedResource('database.primaryEncryptionKey', db.primaryEncryptionKey, props.primaryRegion, account);
  checkOwnedResource('database.secondaryEncryptionKey', db.secondaryEncryptionKey, props.standbyRegion, account);
}

function validateValidationRules(props: DrPaymentPlatformProps): void {
  requireObject('validation', props.validation);
  const v = props.validation ?? {};
  requireInteger('validation.reservedConcurrency', v.reservedConcurrency, 1);
  if (v.currencyLimits !== undefined && !Array.isArray(v.currencyLimits)) {
    fail('validation.currencyLimits', 'must be an array of CurrencyLimit', v.currencyLimits);
  }
  const seen = new Set<string>();
  (v.currencyLimits ?? []).forEach((limit, i) => {
    const path = `validation.currencyLimits[${i}]`;
    requireObject(path, limit);
    if (seen.has(limit.currency)) {
      fail(`${path}.currency`, 'must appear once in validation.currencyLimits', limit.currency);
    }
    seen.add(limit.currency);
    const [error] = configErrors({
      currencyLimits: { [limit.currency]: limit.maxAmountMinorUnits },
      velocityMaxPayments: 1,
      velocityWindowSeconds: 1,
    });
    if (error?.startsWith('currencyLimits currency')) {
      fail(`${path}.currency`, 'must be an active ISO 4217 code', limit.currency);
    }
    if (error) {
      fail(`${path}.maxAmountMinorUnits`, 'must be a positive integer (ISO 4217 minor units)', limit.maxAmountMinorUnits);
    }
  });
  if (v.velocity !== undefined) {
    requireObject('validation.velocity', v.velocity);
    requireInteger('validation.velocity.maxPayments', v.velocity.maxPayments, 1);
    const window = durationSeconds('validation.velocity.window', v.velocity.window);
    if (window !== undefined && (!Number.isInteger(window) || window < 1)) {
      fail('validation.velocity.window', 'must be a whole number of seconds, at least 1', `${window} seconds`);
    }
  }
}

function validateFailover(props: DrPaymentPlatformProps): void {
  requireObject('failover', props.failover);
  const f = props.failover ?? {};
  requireBoolean('failover.enabled', f.enabled);
  requireBoolean('failover.automaticTrigger', f.automaticTrigger);
  requireBoolean('failover.manualApproval', f.manualApproval);
  if (f.manualApproval && !f.approvalRole) {
    fail('failover.approvalRole', 'is required when failover.manualApproval is true', undefined);
  }
  if (f.approvalRole && !f.manualApproval) {
    fail('failover.approvalRole', 'is only used when failover.manualApproval is true', `${f.approvalRole.node.path} with manualApproval ${f.manualApproval ?? false}`);
  }
  const allowance = durationSeconds('failover.decisionAllowance', f.decisionAllowance);
  if (allowance !== undefined && (!Number.isInteger(allowance) || allowance < 0)) {
    fail('failover.decisionAllowance', 'must be a whole number of seconds, at least 0', `${allowance} seconds`);
  }
}
