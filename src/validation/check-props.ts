import { Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { configErrors } from './runtime/rules';
import type { ValidationFunctionProps } from './validation-function';

/** The props of {@link ValidationFunctionProps} with their defaults applied, as the construct uses them. */
export interface ResolvedValidationProps {
  /** `logKeyPrefix` or its default. */
  readonly prefix: string;
  /** `reservedConcurrency` or its default. */
  readonly reservedConcurrency: number;
  /** `logRetention` or its default. */
  readonly logRetention: logs.RetentionDays;
  /** `database.port` or its default. */
  readonly port: number;
  /** The velocity window in seconds. */
  readonly velocityWindowSeconds: number;
}

/**
 * Throws on the first invalid prop of a {@link ValidationFunctionProps} (unresolved tokens are not checked); the rule
 * settings are checked by the same code as the handler checks its environment (`configErrors` of runtime/rules.ts).
 */
export function checkValidationFunctionProps(props: ValidationFunctionProps, resolved: ResolvedValidationProps): void {
  const { prefix, reservedConcurrency, logRetention, port } = resolved;
  if (!Token.isUnresolved(prefix) && (!/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*\/$/.test(prefix))) {
    throw new Error(`logKeyPrefix must be path segments ending with '/' (no leading '/', no '*'), got: ${prefix}`);
  }
  if (prefix.includes('*')) {
    throw new Error(`logKeyPrefix must be path segments ending with '/' (no leading '/', no '*'), got: ${prefix}`);
  }
  if (!Token.isUnresolved(reservedConcurrency) && (!Number.isInteger(reservedConcurrency) || reservedConcurrency < 1)) {
    throw new Error(`reservedConcurrency must be a positive integer, got: ${reservedConcurrency}`);
  }
  if (logRetention !== logs.RetentionDays.INFINITE && logRetention < 365) {
    throw new Error(`logRetention must be at least 365 days (PCI DSS 10.5.1), got: ${logRetention}`);
  }
  const maxDelay = props.transactionLogMaxDelay;
  if (maxDelay !== undefined && !maxDelay.isUnresolved() && maxDelay.toSeconds({ integral: false }) < 120) {
    throw new Error(`transactionLogMaxDelay must be at least 2 minutes (the relay runs every minute), got: ${maxDelay.toHumanString()}`);
  }
  if (!Token.isUnresolved(port) && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new Error(`database.port must be an integer from 1 to 65535, got: ${port}`);
  }
  checkRules(props, resolved.velocityWindowSeconds);
}

/** The currency limits and the velocity rule. */
function checkRules(props: ValidationFunctionProps, velocityWindowSeconds: number): void {
  const seen = new Set<string>();
  for (const l of props.currencyLimits ?? []) {
    if (seen.has(l.currency)) {
      throw new Error(`currencyLimits must list each currency once, got: ${l.currency} twice`);
    }
    seen.add(l.currency);
  }
  const limits: Record<string, number> = {};
  for (const l of props.currencyLimits ?? []) {
    if (!Token.isUnresolved(l.maxAmountMinorUnits)) limits[l.currency] = l.maxAmountMinorUnits;
  }
  const errors = configErrors({
    currencyLimits: limits,
    velocityMaxPayments: Token.isUnresolved(props.velocity.maxPayments) ? 1 : props.velocity.maxPayments,
    velocityWindowSeconds,
  });
  if (errors.length > 0) {
    throw new Error(errors[0]);
  }
}
