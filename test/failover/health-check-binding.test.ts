/**
 * The inline handler of PlanHealthCheckBinding, run with a fake Region switch SDK and a fake CloudFormation
 * response endpoint: one health check per plan region binds; anything else fails the deployment with a message
 * that says what to check.
 */
import { HEALTH_CHECK_BINDING_HANDLER } from '../../src/failover/private/health-check-binding-handler';

const PLAN = 'arn:aws:arc-region-switch::111111111111:plan/payments:abc123';
const REGIONS = ['us-east-1', 'us-west-2'];

/** Loads the handler with `pages` as the successive ListRoute53HealthChecks answers; returns it and the responses. */
function load(pages: any[][]) {
  const responses: any[] = [];
  const calls: any[] = [];
  const sdk = {
    ARCRegionSwitchClient: class {
      async send(command: any) {
        calls.push(command.input);
        return { healthChecks: pages[Math.min(calls.length - 1, pages.length - 1)] };
      }
    },
    ListRoute53HealthChecksCommand: class { constructor(public readonly input: any) {} },
  };
  const https = {
    request: (_options: any, done: (res: any) => void) => ({
      on: () => undefined,
      end: (body: string) => { responses.push(JSON.parse(body)); done({ resume: () => undefined, on: (_e: string, cb: () => void) => cb() }); },
    }),
  };
  const fakeRequire = (name: string) => {
    if (name === 'https') return https;
    if (name === '@aws-sdk/client-arc-region-switch') return sdk;
    throw new Error(`unexpected require ${name}`);
  };
  const module = { exports: {} as any };
  new Function('require', 'exports', 'module', HEALTH_CHECK_BINDING_HANDLER)(fakeRequire, module.exports, module);
  return { handler: module.exports.handler, bind: module.exports.bind, responses, calls };
}

const event = (over: any = {}) => ({
  RequestType: 'Create',
  ResponseURL: 'https://cfn.example/response?sig=1',
  StackId: 'stack',
  RequestId: 'req',
  LogicalResourceId: 'Binding',
  ResourceProperties: { PlanArn: PLAN, HostedZoneId: 'Z1', RecordName: 'pay.example.com', Regions: REGIONS, WaitSeconds: '0', PollSeconds: '0' },
  ...over,
});
const check = (region: string, healthCheckId?: string) => ({ hostedZoneId: 'Z1', recordName: 'pay.example.com', region, healthCheckId });

describe('PlanHealthCheckBinding handler', () => {
  test('fits the 4 KB limit of inline Lambda code', () => {
    expect(HEALTH_CHECK_BINDING_HANDLER.length).toBeLessThan(4096);
  });

  test('one check per region: returns the id of each region, in any order of the answer', async () => {
    const { handler, responses, calls } = load([[check('us-west-2', 'id-standby'), check('us-east-1', 'id-primary')]]);
    await handler(event());
    expect(calls).toEqual([{ arn: PLAN, hostedZoneId: 'Z1', recordName: 'pay.example.com', nextToken: undefined }]);
    expect(responses).toEqual([expect.objectContaining({ Status: 'SUCCESS', Data: { 'us-east-1': 'id-primary', 'us-west-2': 'id-standby' } })]);
  });

  test('two checks for one region (per-workflow checks) fail the deployment and say what to check', async () => {
    const { handler, responses } = load([[check('us-east-1', 'a'), check('us-east-1', 'b'), check('us-west-2', 'c'), check('us-west-2', 'd')]]);
    await handler(event());
    expect(responses[0].Status).toBe('FAILED');
    expect(responses[0].Reason).toContain('us-east-1: 2 health checks, expected exactly 1');
    expect(responses[0].Reason).toContain(`aws arc-region-switch list-route53-health-checks --arn ${PLAN} --hosted-zone-id Z1 --record-name pay.example.com`);
  });

  test('a missing region, an id not yet assigned, or a foreign region fail', () => {
    const { bind } = load([[]]);
    expect(bind([check('us-east-1', 'a')], REGIONS).problems).toEqual(['us-west-2: 0 health checks, expected exactly 1']);
    expect(bind([check('us-east-1', 'a'), check('us-west-2')], REGIONS).problems).toEqual(['us-west-2: its health check has no id yet']);
    expect(bind([check('us-east-1', 'a'), check('us-west-2', 'b'), check('eu-west-1', 'c')], REGIONS).problems)
      .toEqual(['health checks of regions outside the plan: eu-west-1']);
    expect(bind([check('us-east-1', 'a'), check('us-west-2', 'a')], REGIONS).problems).toEqual(['two regions share one health check id']);
  });

  test('waits while a check has no id yet, then binds', async () => {
    const { handler, responses, calls } = load([[check('us-east-1', 'a'), check('us-west-2')], [check('us-east-1', 'a'), check('us-west-2', 'b')]]);
    await handler(event({ ResourceProperties: { ...event().ResourceProperties, WaitSeconds: '60' } }));
    expect(calls).toHaveLength(2);
    expect(responses).toEqual([expect.objectContaining({ Status: 'SUCCESS', Data: { 'us-east-1': 'a', 'us-west-2': 'b' } })]);
  });

  test('delete succeeds without calling the API', async () => {
    const { handler, responses, calls } = load([[]]);
    await handler(event({ RequestType: 'Delete', PhysicalResourceId: 'Binding' }));
    expect(calls).toHaveLength(0);
    expect(responses[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'Binding' });
  });
});
