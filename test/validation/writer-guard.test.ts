import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { decideWriterRegion, regionOfArn, viewOf } from '../../src/validation/runtime/writer-guard';
import { DescribeGlobalCluster, handleWith } from '../../src/validation/runtime/writer-guard.lambda';

const EXPECTED = { globalClusterIdentifier: 'payments-payments', declaredActiveRegion: 'eu-west-1', primaryRegion: 'eu-west-1' };
const arn = (region: string, id: string) => `arn:aws:rds:${region}:111111111111:cluster:${id}`;
const members = (writerRegion: string) => [
  { arn: arn('eu-west-1', 'payments-payments-primary'), isWriter: writerRegion === 'eu-west-1' },
  { arn: arn('eu-central-1', 'payments-payments-secondary'), isWriter: writerRegion === 'eu-central-1' },
];

describe('decideWriterRegion (pure)', () => {
  test('passes when the writer is in the declared active region', () => {
    expect(decideWriterRegion(EXPECTED, { members: members('eu-west-1') })).toEqual({
      ok: true, writerRegion: 'eu-west-1', message: 'the global cluster payments-payments\'s writer is in eu-west-1, as declared',
    });
  });

  test('fails with the runbook message when the writer is elsewhere (yesterday\'s pipeline after a failover)', () => {
    expect(decideWriterRegion(EXPECTED, { members: members('eu-central-1') })).toEqual({
      ok: false,
      writerRegion: 'eu-central-1',
      message: 'the global cluster\'s writer is in eu-central-1 but the app declares eu-west-1 active: set activeRegion (docs/operations.md#after-a-failover) before deploying',
    });
  });

  test('first deployment: no global cluster, or no member yet, passes only when the primary is declared', () => {
    expect(decideWriterRegion(EXPECTED, undefined).ok).toBe(true);
    expect(decideWriterRegion(EXPECTED, { members: [] }).ok).toBe(true);
    expect(decideWriterRegion({ ...EXPECTED, declaredActiveRegion: 'eu-central-1' }, undefined)).toEqual({
      ok: false,
      message: 'the global cluster payments-payments does not exist but the app declares eu-central-1 active: a first deployment must declare the primary region eu-west-1 active',
    });
  });

  test('fails while a switchover or failover is under way, and without exactly one writer', () => {
    expect(decideWriterRegion(EXPECTED, { members: members('eu-west-1'), failoverStatus: 'failing-over' }).message)
      .toMatch(/^a switchover or failover of the global cluster payments-payments is under way \(failing-over\): wait/);
    const noWriter = decideWriterRegion(EXPECTED, { members: members('none') });
    expect([noWriter.ok, noWriter.message]).toEqual([false, expect.stringMatching(/has 0 writers/)]);
    expect(decideWriterRegion(EXPECTED, { members: [{ arn: 'not-an-arn', isWriter: true }] }).ok).toBe(false);
  });

  test('reads the region of an RDS ARN and the DescribeGlobalClusters answer', () => {
    expect(regionOfArn(arn('ap-south-2', 'x'))).toBe('ap-south-2');
    expect(regionOfArn('arn:aws:s3:::bucket')).toBeUndefined();
    expect(viewOf({ GlobalClusters: [] })).toBeUndefined();
    expect(viewOf({
      GlobalClusters: [{
        GlobalClusterMembers: [{ DBClusterArn: arn('eu-west-1', 'a'), IsWriter: true }, { DBClusterArn: arn('eu-central-1', 'b'), IsWriter: false }],
        FailoverState: { Status: 'pending' },
      }],
    })).toEqual({ members: [{ arn: arn('eu-west-1', 'a'), isWriter: true }, { arn: arn('eu-central-1', 'b'), isWriter: false }], failoverStatus: 'pending' });
  });
});

describe('the guard handler', () => {
  let server: Server;
  let url: string;
  const responses: any[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => { responses.push(JSON.parse(body)); res.end(); });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/response`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const event = (requestType: 'Create' | 'Update' | 'Delete', declared: string, responseUrl?: string) => ({
    RequestType: requestType,
    ResponseURL: responseUrl,
    StackId: 'stack',
    RequestId: 'req',
    LogicalResourceId: 'Guard',
    ResourceType: 'Custom::WriterRegionGuard',
    ServiceToken: 'token',
    ResourceProperties: { ServiceToken: 'token', GlobalClusterIdentifier: 'payments-payments', DeclaredActiveRegion: declared, PrimaryRegion: 'eu-west-1' },
  }) as unknown as CloudFormationCustomResourceEvent;
  const writerIn = (region: string): DescribeGlobalCluster => async (id) => {
    expect(id).toBe('payments-payments');
    return { members: members(region) };
  };

  test('answers CloudFormation FAILED with the message when the declared region is not the writer\'s', async () => {
    responses.length = 0;
    await handleWith(event('Update', 'eu-west-1', url), writerIn('eu-central-1'));
    expect(responses).toEqual([expect.objectContaining({
      Status: 'FAILED',
      PhysicalResourceId: 'writer-region-guard',
      LogicalResourceId: 'Guard',
      Reason: 'the global cluster\'s writer is in eu-central-1 but the app declares eu-west-1 active: set activeRegion (docs/operations.md#after-a-failover) before deploying',
    })]);
  });

  test('answers SUCCESS with the writer region when they agree', async () => {
    responses.length = 0;
    await handleWith(event('Create', 'eu-central-1', url), writerIn('eu-central-1'));
    expect(responses).toEqual([expect.objectContaining({ Status: 'SUCCESS', Data: { WriterRegion: 'eu-central-1' } })]);
  });

  test('Delete always succeeds without reading the cluster: teardown works in any state', async () => {
    responses.length = 0;
    const never: DescribeGlobalCluster = async () => { throw new Error('must not be called'); };
    await handleWith(event('Delete', 'eu-west-1', url), never);
    expect(responses).toEqual([expect.objectContaining({ Status: 'SUCCESS' })]);
  });

  test('an API error fails the deployment with its message; a direct invocation returns the verdict', async () => {
    const failing: DescribeGlobalCluster = async () => { throw Object.assign(new Error('User is not authorized'), { name: 'AccessDenied' }); };
    expect(await handleWith(event('Update', 'eu-west-1'), failing)).toEqual({ ok: false, message: 'could not read the global cluster: AccessDenied: User is not authorized' });
    expect((await handleWith(event('Update', 'eu-central-1'), writerIn('eu-west-1'))).ok).toBe(false);
  });
});
