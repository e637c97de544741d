"use strict";
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// src/validation/runtime/writer-guard.lambda.ts
var writer_guard_lambda_exports = {};
__export(writer_guard_lambda_exports, {
  PHYSICAL_RESOURCE_ID: () => PHYSICAL_RESOURCE_ID,
  describeWithSdk: () => describeWithSdk,
  guard: () => guard,
  handleWith: () => handleWith,
  handler: () => handler
});
module.exports = __toCommonJS(writer_guard_lambda_exports);

// src/validation/runtime/cfn-response.ts
var import_http = require("http");
var import_https = require("https");
function responseBase(event, physicalResourceId) {
  return {
    PhysicalResourceId: physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    NoEcho: false
  };
}
function sendResponse(responseUrl, response) {
  const body = JSON.stringify(response);
  const url = new URL(responseUrl);
  const request = url.protocol === "http:" ? import_http.request : import_https.request;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: url.hostname,
        port: url.port || (url.protocol === "http:" ? 80 : 443),
        path: `${url.pathname}${url.search}`,
        method: "PUT",
        headers: { "content-type": "", "content-length": Buffer.byteLength(body) },
        timeout: 1e4
      },
      (res) => {
        res.resume();
        res.on("end", () => res.statusCode && res.statusCode < 300 ? resolve() : reject(new Error(`response PUT returned ${res.statusCode}`)));
      }
    );
    req.on("timeout", () => req.destroy(new Error("response PUT timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

// src/validation/runtime/writer-guard.ts
var RUNBOOK = "docs/operations.md#after-a-failover";
function regionOfArn(arn) {
  const parts = arn.split(":");
  return parts.length >= 6 && parts[2] === "rds" && parts[3] ? parts[3] : void 0;
}
function decideWriterRegion(expected, view) {
  const { globalClusterIdentifier: id, declaredActiveRegion: declared } = expected;
  if (!view || view.members.length === 0) {
    return declared === expected.primaryRegion ? { ok: true, message: `global cluster ${id} does not exist yet: first deployment, ${declared} (primary) active` } : { ok: false, message: `the global cluster ${id} does not exist but the app declares ${declared} active: a first deployment must declare the primary region ${expected.primaryRegion} active` };
  }
  if (view.failoverStatus) {
    return { ok: false, message: `a switchover or failover of the global cluster ${id} is under way (${view.failoverStatus}): wait until it completes, then deploy with activeRegion set to the new writer's region (${RUNBOOK})` };
  }
  const writers = view.members.filter((m) => m.isWriter);
  if (writers.length !== 1) {
    return { ok: false, message: `the global cluster ${id} has ${writers.length} writers (members: ${view.members.map((m) => m.arn).join(", ") || "none"}): deploy once it has exactly one (${RUNBOOK})` };
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
function viewOf(response) {
  const cluster = response.GlobalClusters?.[0];
  if (!cluster) {
    return void 0;
  }
  const members = (cluster.GlobalClusterMembers ?? []).map((m) => ({ arn: String(m.DBClusterArn ?? ""), isWriter: m.IsWriter === true }));
  const status = cluster.FailoverState?.Status;
  return { members, failoverStatus: typeof status === "string" && status.length > 0 ? status : void 0 };
}

// src/validation/runtime/writer-guard.lambda.ts
var PHYSICAL_RESOURCE_ID = "writer-region-guard";
var RDS_CLIENT_MODULE = "@aws-sdk/client-rds";
var describeWithSdk = async (globalClusterIdentifier) => {
  const sdk = require(RDS_CLIENT_MODULE);
  const client = new sdk.RDSClient({});
  try {
    return viewOf(await client.send(new sdk.DescribeGlobalClustersCommand({ GlobalClusterIdentifier: globalClusterIdentifier })));
  } catch (error) {
    if (error.name === "GlobalClusterNotFoundFault") {
      return void 0;
    }
    throw error;
  }
};
async function guard(event, describe) {
  if (event.RequestType === "Delete") {
    return { ok: true, message: "delete: nothing to check" };
  }
  const p = event.ResourceProperties;
  const expected = {
    globalClusterIdentifier: String(p.GlobalClusterIdentifier),
    declaredActiveRegion: String(p.DeclaredActiveRegion),
    primaryRegion: String(p.PrimaryRegion)
  };
  return decideWriterRegion(expected, await describe(expected.globalClusterIdentifier));
}
async function handler(event) {
  return handleWith(event, describeWithSdk);
}
async function handleWith(event, describe) {
  let result;
  try {
    result = await guard(event, describe);
  } catch (error) {
    result = { ok: false, message: `could not read the global cluster: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` };
  }
  console.log(JSON.stringify({ level: result.ok ? "INFO" : "ERROR", message: "writer region guard", requestType: event.RequestType, verdict: result.message }));
  if (event.ResponseURL) {
    const base = responseBase(event, PHYSICAL_RESOURCE_ID);
    await sendResponse(event.ResponseURL, result.ok ? { ...base, Status: "SUCCESS", Data: { WriterRegion: result.writerRegion ?? "" } } : { ...base, Status: "FAILED", Reason: result.message.slice(0, 900) });
  }
  return result;
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  PHYSICAL_RESOURCE_ID,
  describeWithSdk,
  guard,
  handleWith,
  handler
});
