/**
 * Every explicit physical name of a platform derives from one prefix, so that two Stages (beta, prod) or two
 * platforms in one account never collide: the stack names, the Aurora global cluster (and with it the member
 * cluster identifiers, the master secret and the clusters' log groups), the card-fingerprint secret and the Region
 * switch plan. The prefix is `stackNamePrefix`, else `<Stage path>-<id>` inside a Stage, else the construct id at
 * the App root (the names a platform had before Stages were prefixed: no existing deployment is replaced).
 */
import * as crypto from 'crypto';
import { Stage } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { fail, PROPS } from './prop-checks';

/**
 * The longest prefix: the global cluster identifier `<prefix>-payments` must stay within 53 characters (its members
 * append `-secondary` and RDS identifiers are at most 63).
 */
export const MAX_PREFIX_LENGTH = 44;
/** A CloudFormation stack name starts with a letter and holds letters, digits and hyphens (CreateStack `StackName`). */
const STACK_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9-]*$/;
/** The Region switch plan name's limit. */
const MAX_PLAN_NAME_LENGTH = 32;

/** The physical names of one platform. */
export interface PhysicalNames {
  /** The prefix every name derives from. */
  readonly prefix: string;
  /** The global cluster identifier, `<prefix>-payments` in lowercase. */
  readonly globalClusterIdentifier: string;
  /** The card-fingerprint secret, `<prefix>/card-fingerprint-key`. */
  readonly fingerprintSecretName: string;
  /** The Region switch plan, `<prefix>-payments` in lowercase (hashed when longer than 32 characters). */
  readonly planName: string;
}

/** The stack named `<prefix>-<id>`. */
export function stackNameOf(prefix: string, id: string): string {
  return `${prefix}-${id}`;
}

/** The prefix of the platform `platform` with id `id`: checked, with an error naming the prop or the default. */
export function platformPrefix(platform: Construct, stackNamePrefix: string | undefined): string {
  if (stackNamePrefix !== undefined) {
    checkPrefix('stackNamePrefix', stackNamePrefix);
    return stackNamePrefix;
  }
  const stage = Stage.of(platform);
  const stagePath = (stage?.stageName ?? '').replace(/[^A-Za-z0-9-]/g, '-');
  const prefix = stagePath ? `${stagePath}-${platform.node.id}` : platform.node.id;
  if (!isValidPrefix(prefix)) {
    throw new Error(
      `${PROPS}.stackNamePrefix is needed: its default '${prefix}' (the Stage path and the construct id) ${PREFIX_RULE}`,
    );
  }
  return prefix;
}

/**
 * The physical names of `platform`: its prefix (checked), registered so that a second platform of the app with the
 * same prefix or domain fails.
 */
export function platformNames(platform: Construct, stackNamePrefix: string | undefined, domainName: string): PhysicalNames {
  const prefix = platformPrefix(platform, stackNamePrefix);
  registerPlatform(platform, prefix, domainName);
  return physicalNames(prefix);
}

/** The names that derive from `prefix`. */
export function physicalNames(prefix: string): PhysicalNames {
  const lower = `${prefix}-payments`.toLowerCase();
  return {
    prefix,
    globalClusterIdentifier: lower,
    fingerprintSecretName: `${prefix}/card-fingerprint-key`,
    planName: lower.length <= MAX_PLAN_NAME_LENGTH
      ? lower
      : `${lower.slice(0, MAX_PLAN_NAME_LENGTH - 9).replace(/-+$/, '')}-${hash8(lower)}`,
  };
}

const PREFIX_RULE =
  `must start with a letter and hold only letters, digits and single hyphens, not end with a hyphen, and be at most ${MAX_PREFIX_LENGTH} `
  + 'characters (a CloudFormation stack name [a-zA-Z][-a-zA-Z0-9]*, and the prefix of the Aurora identifiers)';

function isValidPrefix(prefix: string): boolean {
  return STACK_NAME_PATTERN.test(prefix) && !prefix.includes('--') && !prefix.endsWith('-') && prefix.length <= MAX_PREFIX_LENGTH;
}

function checkPrefix(path: string, prefix: unknown): void {
  if (typeof prefix !== 'string' || !isValidPrefix(prefix)) {
    fail(path, PREFIX_RULE, prefix);
  }
}

/** 8 hex digits of SHA-256: a stable suffix that keeps truncated names distinct. */
function hash8(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 8);
}

const PLATFORM_MARK = Symbol.for('cdk-dr-payment-platform.DrPaymentPlatform.names');

interface PlatformMark {
  readonly prefix: string;
  readonly domain: string;
}

/**
 * Records the platform's prefix and domain and fails when another platform of the same app (found by walking the
 * construct tree from the root) has the same prefix (compared in lowercase: the Aurora identifiers are) or domain.
 */
export function registerPlatform(platform: Construct, prefix: string, domainName: string): void {
  const mark: PlatformMark = { prefix: prefix.toLowerCase(), domain: domainName.replace(/\.$/, '').toLowerCase() };
  for (const other of platform.node.root.node.findAll()) {
    const theirs = (other as unknown as Record<symbol, PlatformMark | undefined>)[PLATFORM_MARK];
    if (other === platform || !theirs) continue;
    if (theirs.prefix === mark.prefix) {
      throw new Error(
        `two DrPaymentPlatforms have the same stackNamePrefix '${prefix}' (their stacks, Aurora identifiers and secrets would collide): `
        + `${other.node.path} and ${platform.node.path}; set ${PROPS}.stackNamePrefix on one of them`,
      );
    }
    if (theirs.domain === mark.domain) {
      throw new Error(
        `two DrPaymentPlatforms serve the same domainName '${domainName}' (their failover and regional records would collide): `
        + `${other.node.path} and ${platform.node.path}`,
      );
    }
  }
  Object.defineProperty(platform, PLATFORM_MARK, { value: mark, enumerable: false });
}
