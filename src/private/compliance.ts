import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * A compliance finding this library accepts on purpose, with the reason why.
 *
 * - cdk-nag rule ids are used as they are (`AwsSolutions-IAM5`, `PCI.DSS.321-…`, `NIST.800.53.R5-…`);
 * - cfn-guard (AWS Control Tower) rules are prefixed with `guard:` (`guard:CT.S3.PR.9`… use the rule name the
 *   cfn-guard report prints, e.g. `guard:S3_BUCKET_LOGGING_ENABLED`).
 *
 * Every acknowledgement is listed with its reason in docs/compliance.md.
 */
export interface Acknowledgement {
  /** Rule id (cdk-nag id, or `guard:` + cfn-guard rule name). */
  readonly id: string;
  /** Why the finding is acceptable (at least 10 characters; shown in reports). */
  readonly reason: string;
  /** For granular cdk-nag rules (e.g. AwsSolutions-IAM5): the findings this applies to. */
  readonly appliesTo?: string[];
}

const GUARD_PREFIX = 'guard:';

/**
 * Acknowledge compliance findings on every CloudFormation resource at or below `scope`.
 *
 * Writes the same resource metadata that cdk-nag's `NagSuppressions.addResourceSuppressions` writes
 * (`cdk_nag.rules_to_suppress`) and the metadata cfn-guard reads (`guard.SuppressedRules`), so the library
 * needs no runtime dependency on cdk-nag.
 */
export function acknowledge(scope: IConstruct, acknowledgements: Acknowledgement[]): void {
  for (const a of acknowledgements) {
    if (a.reason.trim().length < 10) {
      throw new Error(`acknowledgement of ${a.id} needs a reason of at least 10 characters, got: '${a.reason}'`);
    }
  }
  const nag = acknowledgements.filter((a) => !a.id.startsWith(GUARD_PREFIX));
  const guard = acknowledgements.filter((a) => a.id.startsWith(GUARD_PREFIX));
  for (const child of scope.node.findAll()) {
    if (!CfnResource.isCfnResource(child)) {
      continue;
    }
    if (nag.length > 0) {
      const existing = (child.getMetadata('cdk_nag')?.rules_to_suppress ?? []) as unknown[];
      const rules = [...existing];
      for (const a of nag) {
        const rule: Record<string, unknown> = { reason: a.reason, id: a.id };
        if (a.appliesTo) {
          rule.applies_to = a.appliesTo;
        }
        if (!rules.some((r) => JSON.stringify(r) === JSON.stringify(rule))) {
          rules.push(rule);
        }
      }
      child.addMetadata('cdk_nag', { rules_to_suppress: rules });
    }
    if (guard.length > 0) {
      const existing = (child.getMetadata('guard')?.SuppressedRules ?? []) as string[];
      const reasons = { ...(child.getMetadata('guard_reasons') ?? {}) } as Record<string, string>;
      const names = new Set(existing);
      for (const a of guard) {
        const name = a.id.slice(GUARD_PREFIX.length);
        names.add(name);
        reasons[name] = a.reason;
      }
      child.addMetadata('guard', { SuppressedRules: [...names] });
      child.addMetadata('guard_reasons', reasons);
    }
  }
}
