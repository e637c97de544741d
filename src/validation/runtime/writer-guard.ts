/**
 * The deploy guard's decision: does the global cluster's writer sit in the region the app declares active?
 * Pure (the handler in writer-guard.lambda.ts feeds it the `DescribeGlobalClusters` answer), so every case is
 * unit-tested without AWS.
 */

/** What the guard reads of `DescribeGlobalClusters` (RDS API 2014-10-31, `GlobalClusters[0]`). */
export interface GlobalClusterView {
  /** `GlobalClusterMembers`: each member's ARN and whether it is the writer. */
  readonly members: ReadonlyArray<{ readonly arn: string; readonly isWriter: boolean }>;
  /** `FailoverState.Status` when a switchover or failover is under way (`pending`, `failing-over`, `cancelling`). */
  readonly failoverStatus?: string;
}

/** What the guard checks against. */
export interface GuardExpectation {
  /** The global cluster identifier. */
  readonly globalClusterIdentifier: string;
  /** The region the app declares active (`activeRegion`). */
  readonly declaredActiveRegion: string;
  /** The platform's primary region: the only region a first deployment (no global cluster yet) may declare. */
  readonly primaryRegion: string;
}

/** The verdict: `ok` with the writer's region, or the message CloudFormation shows. */
export interface GuardDecision {
  readonly ok: boolean;
  readonly writerRegion?: string;
  readonly message: string;
}

const RUNBOOK = 'docs/operations.md#after-a-failover';

/** The region of an RDS ARN (`arn:<partition>:rds:<region>:<account>:cluster:<id>`). */
export function regionOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[2] === 'rds' && parts[3] ? parts[3] : undefined;
}

/** The decision; `view` undefined means the global cluster does not exist (yet). */
export function decideWriterRegion(expected: GuardExpectation, view: GlobalClusterView | undefined): GuardDecision {
  const { globalClusterIdentifier: id, declaredActiveRegion: declared } = expected;
  // No global cluster, or one that no member has joined yet: the first deployment (the primary stack creates both).
  if (!view || view.members.length === 0) {
    return declared === expected.primaryRegion
      ? { ok: true, message: `global cluster ${id} does not exist yet: first deployment, ${declared} (primary) active` }
      : { ok: false, message: `the global cluster ${id} does not exist but the app declares ${declared} active: a first deployment must declare the primary region ${expected.primaryRegion} active` };
  }
  if (view.failoverStatus) {
    return { ok: false, message: `a switchover or failover of the global cluster ${id} is under way (${view.failoverStatus}): wait until it completes, then deploy with activeRegion set to the new writer's region (${RUNBOOK})` };
  }
  const writers = view.members.filter((m) => m.isWriter);
  if (writers.length !== 1) {
    return { ok: false, message: `the global cluster ${id} has ${writers.length} writers (members: ${view.members.map((m) => m.arn).join(', ') || 'none'}): deploy once it has exactly one (${RUNBOOK})` };
  }
  const writerRegion = regionOfArn(writers[0].arn);
  if (!writerRegion) {
    return { ok: false, message: `the global cluster ${id}'s writer ${writers[0].arn} is not an RDS cluster ARN` };
  }
  if (writerRegion !== declared) {
    return { ok: false, writerRegion, message: `the global cluster's writer is in ${writerRegion} but the app declares ${declared} active: set activeRegion (${RUNBOOK}) before deploying` };
  }
  return { ok: true, writerRegion, message: `the global cluster ${id}'s writer is in ${writerRegion}, as declared` };
}

/** The view of a `DescribeGlobalClusters` response (undefined when it lists no global cluster). */
export function viewOf(response: { GlobalClusters?: Array<Record<string, any>> }): GlobalClusterView | undefined {
  const cluster = response.GlobalClusters?.[0];
  if (!cluster) {
    return undefined;
  }
  const members = (cluster.GlobalClusterMembers ?? []).map((m: Record<string, any>) => ({ arn: String(m.DBClusterArn ?? ''), isWriter: m.IsWriter === true }));
  const status = cluster.FailoverState?.Status;
  return { members, failoverStatus: typeof status === 'string' && status.length > 0 ? status : undefined };
}
