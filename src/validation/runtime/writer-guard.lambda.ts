/**
 * CloudFormation custom resource `Custom::WriterRegionGuard`: fails the deployment when the global cluster's writer is
 * not in the region the app declares active (writer-guard.ts decides). Create/Update read `DescribeGlobalClusters`
 * of one global cluster (the function may call nothing else); Delete always succeeds, so a stack can be torn down in
 * any DR state.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { responseBase, sendResponse } from './cfn-response';
import { decideWriterRegion, GlobalClusterView, viewOf } from './writer-guard';

export const PHYSICAL_RESOURCE_ID = 'writer-region-guard';

/** Reads the global cluster (undefined when it does not exist). Injected in tests. */
export type DescribeGlobalCluster = (globalClusterIdentifier: string) => Promise<GlobalClusterView | undefined>;

/** The AWS SDK for JavaScript v3 RDS client, which the Node.js 22 Lambda runtime provides (not bundled). */
const RDS_CLIENT_MODULE = '@aws-sdk/client-rds';

/** DescribeGlobalClusters through the runtime's SDK; GlobalClusterNotFoundFault means "does not exist". */
export const describeWithSdk: DescribeGlobalCluster = async (globalClusterIdentifier) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require(RDS_CLIENT_MODULE);
  const client = new sdk.RDSClient({});
  try {
    return viewOf(await client.send(new sdk.DescribeGlobalClustersCommand({ GlobalClusterIdentifier: globalClusterIdentifier })));
  } catch (error) {
    if ((error as { name?: string }).name === 'GlobalClusterNotFoundFault') {
      return undefined;
    }
    throw error;
  }
};

export async function guard(event: CloudFormationCustomResourceEvent, describe: DescribeGlobalCluster): Promise<GuardResult> {
  if (event.RequestType === 'Delete') {
    return { ok: true, message: 'delete: nothing to check' };
  }
  const p = event.ResourceProperties;
  const expected = {
    globalClusterIdentifier: String(p.GlobalClusterIdentifier),
    declaredActiveRegion: String(p.DeclaredActiveRegion),
    primaryRegion: String(p.PrimaryRegion),
  };
  return decideWriterRegion(expected, await describe(expected.globalClusterIdentifier));
}

/** The guard's verdict. */
export interface GuardResult {
  readonly ok: boolean;
  readonly message: string;
  readonly writerRegion?: string;
}

/**
 * The Lambda entry point. Invoked by CloudFormation (the event has a ResponseURL) it answers CloudFormation; invoked
 * directly (`aws lambda invoke`, the integ test) with `{ RequestType, ResourceProperties }` it returns the verdict.
 */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<GuardResult> {
  return handleWith(event, describeWithSdk);
}

export async function handleWith(event: CloudFormationCustomResourceEvent, describe: DescribeGlobalCluster): Promise<GuardResult> {
  let result: GuardResult;
  try {
    result = await guard(event, describe);
  } catch (error) {
    result = { ok: false, message: `could not read the global cluster: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` };
  }
  console.log(JSON.stringify({ level: result.ok ? 'INFO' : 'ERROR', message: 'writer region guard', requestType: event.RequestType, verdict: result.message }));
  if (event.ResponseURL) {
    const base = responseBase(event, PHYSICAL_RESOURCE_ID);
    await sendResponse(event.ResponseURL, result.ok
      ? { ...base, Status: 'SUCCESS', Data: { WriterRegion: result.writerRegion ?? '' } }
      : { ...base, Status: 'FAILED', Reason: result.message.slice(0, 900) });
  }
  return result;
}
