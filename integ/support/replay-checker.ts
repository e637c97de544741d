/**
 * The replay checker the integ tests share: a payment's replay must return the first response byte for byte, and an
 * assertion cannot embed one response's JSON string in another's expectation (CloudFormation would splice it
 * unescaped). The checker sends the payment, sends it again, compares both responses, then sends the same id with
 * another amount (a conflict).
 */
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ValidationFunction } from '../../src/validation/validation-function';

export function newReplayChecker(scope: Construct, target: ValidationFunction): lambda.Function {
  const checker = new lambda.Function(scope, 'ReplayChecker', {
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    handler: 'index.handler',
    timeout: Duration.seconds(60),
    environment: { TARGET_FUNCTION: target.function.functionName },
    code: lambda.Code.fromInline(`
const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');
const client = new LambdaClient({});
const invoke = async (payload) => {
  const out = await client.send(new InvokeCommand({ FunctionName: process.env.TARGET_FUNCTION, Payload: JSON.stringify(payload) }));
  return JSON.parse(Buffer.from(out.Payload).toString('utf-8'));
};
exports.handler = async (event) => {
  const first = await invoke(event.payment);
  const second = await invoke(event.payment);
  const conflict = await invoke({ ...event.payment, amount: event.payment.amount + 1 });
  return {
    firstStatus: first.statusCode,
    firstBody: JSON.parse(first.body),
    identical: first.statusCode === second.statusCode && first.body === second.body,
    conflictStatus: conflict.statusCode,
  };
};`),
  });
  target.grantInvoke(checker);
  return checker;
}
