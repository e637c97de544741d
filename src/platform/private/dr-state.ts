/**
 * The DR state of the platform, as the operator declares it: which region serves now (`activeRegion`) and whether
 * the RPO guardrail is suspended because the passive region is impaired (`rpoGuardrailSuspended`). From it follow
 * each region's role in this deployment: minimum capacity, where the schema migration runs, what the deploy guard
 * expects the global cluster's writer to be.
 *
 * Pure: no aws-cdk-lib or constructs import (test/platform/dr-state.test.ts checks it), so the rules are unit-tested
 * fast and read by docs/operations.md.
 */
import { PaymentRegionDefaults } from '../../region/defaults';

/** The context key an operator may pass with `cdk deploy -c dr-payment-platform:activeRegion=<region>`. */
export const ACTIVE_REGION_CONTEXT_KEY = 'dr-payment-platform:activeRegion';
/** The context key suspending the RPO guardrail (`-c dr-payment-platform:rpoGuardrailSuspended=true`). */
export const GUARDRAIL_SUSPENDED_CONTEXT_KEY = 'dr-payment-platform:rpoGuardrailSuspended';

/**
 * The value `rds.global_db_rpo` takes while the guardrail is suspended: the largest the parameter accepts, so a
 * commit never waits for an unreachable secondary (docs/database.md "The standby-impaired state").
 */
export const SUSPENDED_GLOBAL_DB_RPO_SECONDS = 2_147_483_647;

/** What the state is declared from: the platform's props, the CDK context, and the configured capacities. */
export interface DrStateInput {
  readonly primaryRegion: string;
  readonly standbyRegion: string;
  /** `DrPaymentPlatformProps.activeRegion`. */
  readonly activeRegion?: string;
  /** The context value of {@link ACTIVE_REGION_CONTEXT_KEY} (a string from `-c`, anything from cdk.json). */
  readonly contextActiveRegion?: unknown;
  /** `DrPaymentPlatformProps.rpoGuardrailSuspended`. */
  readonly rpoGuardrailSuspended?: boolean;
  /** The context value of {@link GUARDRAIL_SUSPENDED_CONTEXT_KEY}. */
  readonly contextRpoGuardrailSuspended?: unknown;
  /** `primary.minCapacity` / `maxCapacity` and `standby.minCapacity` / `maxCapacity` as configured. */
  readonly primaryMinCapacity?: number;
  readonly primaryMaxCapacity?: number;
  readonly standbyMinCapacity?: number;
  readonly standbyMaxCapacity?: number;
}

/** The role one region plays in this deployment. */
export interface RegionDrRole {
  /** The region. */
  readonly region: string;
  /** Whether it serves payments now (the declared active region). */
  readonly active: boolean;
  /** Minimum tasks of its payment service: the primary's configured minimum when active, else the standby's. */
  readonly minCapacity: number;
  /** Whether its stack runs the schema migration (against its own cluster's writer). */
  readonly runsMigrations: boolean;
}

/** The resolved DR state. */
export interface DrState {
  /** The region that serves payments and holds the global cluster's writer. */
  readonly activeRegion: string;
  /** The other region. */
  readonly passiveRegion: string;
  /** Whether the standby region is active (after a failover or during a switchover drill). */
  readonly failedOver: boolean;
  /** Whether `rds.global_db_rpo` is suspended (set to {@link SUSPENDED_GLOBAL_DB_RPO_SECONDS}). */
  readonly rpoGuardrailSuspended: boolean;
  /** Role of the primary region (the region named `primaryRegion`). */
  readonly primary: RegionDrRole;
  /** Role of the standby region (the region named `standbyRegion`). */
  readonly standby: RegionDrRole;
  /** Where the declaration came from, for messages. */
  readonly source: 'default' | 'prop' | 'context';
}

/** Resolves and validates the declared DR state; errors name the prop or context key and the value. */
export function resolveDrState(input: DrStateInput): DrState {
  const { activeRegion, source } = declaredActiveRegion(input);
  const suspended = declaredSuspension(input);
  const primaryMin = input.primaryMinCapacity ?? PaymentRegionDefaults.PRIMARY_MIN_CAPACITY;
  const standbyMin = input.standbyMinCapacity ?? PaymentRegionDefaults.STANDBY_MIN_CAPACITY;
  const failedOver = activeRegion === input.standbyRegion;
  const standbyMax = input.standbyMaxCapacity ?? PaymentRegionDefaults.MAX_CAPACITY;
  if (failedOver && primaryMin > standbyMax) {
    throw new Error(
      `DrPaymentPlatformProps.standby.maxCapacity must be at least the primary's minCapacity (${primaryMin}) while ` +
      `the standby region ${input.standbyRegion} is active, got: ${standbyMax}`,
    );
  }
  const primaryMax = input.primaryMaxCapacity ?? PaymentRegionDefaults.MAX_CAPACITY;
  if (!failedOver && primaryMin > primaryMax) {
    throw new Error(`DrPaymentPlatformProps.primary.maxCapacity must be at least primary.minCapacity (${primaryMin}), got: ${primaryMax}`);
  }
  const role = (region: string): RegionDrRole => ({
    region,
    active: region === activeRegion,
    minCapacity: region === activeRegion ? primaryMin : standbyMin,
    runsMigrations: region === activeRegion,
  });
  return {
    activeRegion,
    passiveRegion: failedOver ? input.primaryRegion : input.standbyRegion,
    failedOver,
    rpoGuardrailSuspended: suspended,
    primary: role(input.primaryRegion),
    standby: role(input.standbyRegion),
    source,
  };
}

function declaredActiveRegion(input: DrStateInput): { activeRegion: string; source: DrState['source'] } {
  const allowed = `the primaryRegion (${input.primaryRegion}) or the standbyRegion (${input.standbyRegion})`;
  if (input.activeRegion !== undefined && !isPlatformRegion(input, input.activeRegion)) {
    throw new Error(`DrPaymentPlatformProps.activeRegion must be ${allowed}, got: ${input.activeRegion}`);
  }
  const fromContext = input.contextActiveRegion;
  if (fromContext !== undefined && (typeof fromContext !== 'string' || !isPlatformRegion(input, fromContext))) {
    throw new Error(`context ${ACTIVE_REGION_CONTEXT_KEY} must be ${allowed}, got: ${JSON.stringify(fromContext)}`);
  }
  if (input.activeRegion !== undefined && fromContext !== undefined && fromContext !== input.activeRegion) {
    throw new Error(
      `context ${ACTIVE_REGION_CONTEXT_KEY} (${fromContext}) contradicts DrPaymentPlatformProps.activeRegion ` +
      `(${input.activeRegion}): declare the active region in one place, got: both`,
    );
  }
  if (input.activeRegion !== undefined) {
    return { activeRegion: input.activeRegion, source: 'prop' };
  }
  if (fromContext !== undefined) {
    return { activeRegion: fromContext as string, source: 'context' };
  }
  return { activeRegion: input.primaryRegion, source: 'default' };
}

function declaredSuspension(input: DrStateInput): boolean {
  const raw = input.contextRpoGuardrailSuspended;
  let fromContext: boolean | undefined;
  if (raw === true || raw === 'true') {
    fromContext = true;
  } else if (raw === false || raw === 'false') {
    fromContext = false;
  } else if (raw !== undefined) {
    throw new Error(`context ${GUARDRAIL_SUSPENDED_CONTEXT_KEY} must be true or false, got: ${JSON.stringify(raw)}`);
  }
  if (input.rpoGuardrailSuspended !== undefined && fromContext !== undefined && fromContext !== input.rpoGuardrailSuspended) {
    throw new Error(
      `context ${GUARDRAIL_SUSPENDED_CONTEXT_KEY} (${fromContext}) contradicts DrPaymentPlatformProps.rpoGuardrailSuspended ` +
      `(${input.rpoGuardrailSuspended}): declare it in one place, got: both`,
    );
  }
  return input.rpoGuardrailSuspended ?? fromContext ?? false;
}

function isPlatformRegion(input: DrStateInput, region: string): boolean {
  return region === input.primaryRegion || region === input.standbyRegion;
}

/** A short name of the state for reports: normal, failed over, guardrail suspended. */
export function describeDrState(state: DrState): string {
  const serving = state.failedOver ? `failed over: ${state.activeRegion} (standby) active` : `normal: ${state.activeRegion} (primary) active`;
  return state.rpoGuardrailSuspended ? `${serving}, RPO guardrail suspended` : serving;
}
