/**
 * Proves the integ-runner wiring: a stack built from the library's private building blocks (pinned AZs,
 * compliant KMS key) with an assertion a deployed user would rely on (key rotation is on).
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { newEncryptionKey } from '../src/private/kms';
import { PinnedStack } from '../src/private/stack';

const env = { account: '123456789012', region: 'us-east-1' };
const app = new App();
const stack = new PinnedStack(app, 'FoundationInteg', { env });
const key = newEncryptionKey(stack, 'Key', { description: 'integ: foundation wiring' });
new CfnOutput(stack, 'AvailabilityZones', { value: stack.availabilityZones.join(',') });
new CfnOutput(stack, 'KeyId', { value: key.keyId });

const integ = new IntegTest(app, 'Foundation', {
  testCases: [stack],
  // The assertions need an explicit env too: they read values of an env-bound stack.
  assertionStack: new Stack(app, 'FoundationAssertions', { env }),
});
integ.assertions
  .awsApiCall('KMS', 'getKeyRotationStatus', { KeyId: key.keyId })
  .expect({ KeyRotationEnabled: true } as any);
