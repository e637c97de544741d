/**
 * CloudFormation custom resource `Custom::PaymentValidationSchema`: applies the validation schema migrations at
 * deploy time with the same `migrate()` the tests run. It implements the custom-resource response protocol itself
 * (a signed-URL PUT of the JSON response), so no extra provider-framework functions are deployed.
 *
 * - Create/Update: `migrate()` (idempotent, advisory-locked); Data.SchemaVersion is the version reached.
 * - Delete: nothing (payment data and its schema outlive the stack; the database has its own removal policy).
 * - The physical id is constant, so an Update never makes CloudFormation delete the "old" resource.
 * - The response is sent before the Lambda times out: a failure never leaves a stack waiting for an hour.
 */
import { request as httpRequest } from 'http';
import { request as httpsRequest } from 'https';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { migrate } from './migrations';
import { createPool } from './runtime-config';

export const PHYSICAL_RESOURCE_ID = 'payment-validation-schema';

interface CfnResponse {
  Status: 'SUCCESS' | 'FAILED';
  Reason?: string;
  PhysicalResourceId: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  NoEcho: false;
  Data?: Record<string, string>;
}

/** PUT the response document to the pre-signed S3 URL CloudFormation gave (Content-Type must be empty). */
export function sendResponse(responseUrl: string, response: CfnResponse): Promise<void> {
  const body = JSON.stringify(response);
  const url = new URL(responseUrl);
  // CloudFormation always gives an https URL; plain http is accepted for local tests of the protocol only.
  const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: url.hostname,
        port: url.port || (url.protocol === 'http:' ? 80 : 443),
        path: `${url.pathname}${url.search}`,
        method: 'PUT',
        headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
        timeout: 10_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolve() : reject(new Error(`response PUT returned ${res.statusCode}`))));
      },
    );
    req.on('timeout', () => req.destroy(new Error('response PUT timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Run the migrations through the same connection settings as the validation handler. */
export async function runMigrations(): Promise<number> {
  const pool = await createPool(process.env);
  try {
    const client = await pool.connect();
    try {
      return (await migrate(client)).version;
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
}

export async function handler(event: CloudFormationCustomResourceEvent, context?: Context): Promise<void> {
  const base = {
    PhysicalResourceId: PHYSICAL_RESOURCE_ID,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    NoEcho: false as const,
  };
  let response: CfnResponse;
  try {
    if (event.RequestType === 'Delete') {
      response = { ...base, Status: 'SUCCESS', Data: {} };
    } else {
      // Leave 15 s to answer CloudFormation even when the database never answers.
      const budget = Math.max(5_000, (context?.getRemainingTimeInMillis() ?? 300_000) - 15_000);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`migrations did not finish within ${budget} ms`)), budget);
      });
      try {
        const version = await Promise.race([runMigrations(), timeout]);
        response = { ...base, Status: 'SUCCESS', Data: { SchemaVersion: String(version) } };
      } finally {
        clearTimeout(timer);
      }
    }
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    console.error(JSON.stringify({ level: 'ERROR', message: 'schema migration failed', error: message }));
    response = { ...base, Status: 'FAILED', Reason: message.slice(0, 900) };
  }
  await sendResponse(event.ResponseURL, response);
}
