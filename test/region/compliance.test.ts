import { Template } from 'aws-cdk-lib/assertions';
import { twoRegions } from './fixtures';
import { expectCompliant } from '../compliance/harness';

describe('PaymentRegion compliance', () => {
  // One synthesis of the platform's region graph: StandbyStorage (standby) <- Primary, and Standby.
  test('a PRIMARY and a STANDBY region with the standby storage stack pass cdk-nag, cfn-guard and cfn-lint', () => {
    const { app, primaryStack, standbyStack, storage } = twoRegions();
    const report = expectCompliant(app);
    expect(report.templates).toHaveLength(3);
    // The cross-region handlers CDK adds are acknowledged explicitly, not silently skipped.
    const writer = Template.fromStack(storage).findResources('AWS::Lambda::Function');
    expect(JSON.stringify(writer)).toContain('lambda_inside_vpc_check');
    expect(primaryStack.dependencies).toContain(storage);
    expect(standbyStack.dependencies).toContain(storage);
  }, 240_000);
});
