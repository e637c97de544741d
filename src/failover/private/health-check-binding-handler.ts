/**
 * Source of the Lambda handler (inline, Node.js) behind `PlanHealthCheckBinding`: at deploy time it lists the
 * Route 53 health checks Region switch created for the plan (`ListRoute53HealthChecks`, filtered by hosted zone
 * and record name) and returns one health check id per plan region; it fails the deployment, saying what to check,
 * unless the checks map one-to-one to the plan's regions. It polls for up to `WaitSeconds` while a check has no id
 * yet. Kept under the 4 KB limit of inline code; test/failover/health-check-binding.test.ts runs it with a fake SDK.
 */
export const HEALTH_CHECK_BINDING_HANDLER = `
const https = require('https');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function bind(checks, regions) {
  const ids = {};
  const problems = [];
  for (const region of regions) {
    const mine = checks.filter((c) => c.region === region);
    if (mine.length !== 1) problems.push(region + ': ' + mine.length + ' health checks, expected exactly 1');
    else if (!mine[0].healthCheckId) problems.push(region + ': its health check has no id yet');
    else ids[region] = mine[0].healthCheckId;
  }
  const others = checks.filter((c) => !regions.includes(c.region)).map((c) => c.region);
  if (others.length > 0) problems.push('health checks of regions outside the plan: ' + others.join(', '));
  if (problems.length === 0 && new Set(Object.values(ids)).size !== regions.length) problems.push('two regions share one health check id');
  return { ids, problems };
}
function respond(event, status, data, reason) {
  const body = JSON.stringify({
    Status: status, Reason: (reason || 'ok').slice(0, 3500), PhysicalResourceId: event.PhysicalResourceId || event.LogicalResourceId,
    StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId, Data: data,
  });
  const url = new URL(event.ResponseURL);
  return new Promise((resolve, reject) => {
    const req = https.request({ hostname: url.hostname, path: url.pathname + url.search, method: 'PUT',
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } }, (res) => { res.resume(); res.on('end', resolve); });
    req.on('error', reject);
    req.end(body);
  });
}
async function listChecks(sdk, client, p) {
  const checks = [];
  let nextToken;
  do {
    const out = await client.send(new sdk.ListRoute53HealthChecksCommand({ arn: p.PlanArn, hostedZoneId: p.HostedZoneId, recordName: p.RecordName, nextToken }));
    checks.push(...(out.healthChecks || []));
    nextToken = out.nextToken;
  } while (nextToken);
  return checks;
}
exports.bind = bind;
exports.handler = async (event) => {
  const p = event.ResourceProperties;
  if (event.RequestType === 'Delete') return respond(event, 'SUCCESS', {});
  const hint = ' Check: aws arc-region-switch list-route53-health-checks --arn ' + p.PlanArn + ' --hosted-zone-id ' + p.HostedZoneId
    + ' --record-name ' + p.RecordName + ' (expected: one health check per region of the plan, ' + p.Regions.join(', ')
    + '; see docs/dns.md "Where the ids come from").';
  try {
    const sdk = require('@aws-sdk/client-arc-region-switch');
    const client = new sdk.ARCRegionSwitchClient({});
    const deadline = Date.now() + 1000 * Number(p.WaitSeconds);
    for (;;) {
      const r = bind(await listChecks(sdk, client, p), p.Regions);
      if (r.problems.length === 0) return respond(event, 'SUCCESS', r.ids);
      if (Date.now() >= deadline) throw new Error('the Region switch health checks of ' + p.RecordName + ' do not map one-to-one to the plan regions: ' + r.problems.join('; ') + '.');
      await sleep(Number(p.PollSeconds) * 1000);
    }
  } catch (e) {
    return respond(event, 'FAILED', {}, 'PlanHealthCheckBinding: ' + e.message + hint);
  }
};
`;
