/**
 * The CloudFormation custom-resource response protocol: a PUT of the JSON response document to the pre-signed S3 URL
 * of the event. Shared by the handlers that implement it themselves (schema migration, writer-region guard), so no
 * provider-framework functions are deployed.
 */
import { request as httpRequest } from 'http';
import { request as httpsRequest } from 'https';

/** The response document. */
export interface CfnResponse {
  Status: 'SUCCESS' | 'FAILED';
  Reason?: string;
  PhysicalResourceId: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  NoEcho: false;
  Data?: Record<string, string>;
}

/** The fields every response to `event` carries, whatever its status. */
export function responseBase(
  event: { StackId: string; RequestId: string; LogicalResourceId: string },
  physicalResourceId: string,
): Pick<CfnResponse, 'PhysicalResourceId' | 'StackId' | 'RequestId' | 'LogicalResourceId' | 'NoEcho'> {
  return {
    PhysicalResourceId: physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    NoEcho: false,
  };
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

