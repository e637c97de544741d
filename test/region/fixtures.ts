import { App } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { PaymentRegion, PaymentRegionProps, PaymentRole, TransactionLogBucket } from '../../src';
import { PinnedStack } from '../../src/private/stack';

export const ACCOUNT = '123456789012';
export const PRIMARY_REGION = 'eu-west-1';
export const STANDBY_REGION = 'eu-central-1';

export function newApp(): App {
  return new App({ context: { 'aws:cdk:bundling-stacks': [] } });
}

export function zone(scope: Construct): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(scope, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
}

export function stack(app: App, id: string, region: string, crossRegionReferences = false): PinnedStack {
  return new PinnedStack(app, id, { env: { account: ACCOUNT, region }, crossRegionReferences });
}

/** A single region in its own stack. */
export function singleRegion(props: Partial<PaymentRegionProps> = {}, region = PRIMARY_REGION) {
  const app = newApp();
  const s = stack(app, 'Region', region);
  const paymentRegion = new PaymentRegion(s, 'Payment', {
    role: PaymentRole.PRIMARY,
    domainName: 'pay.example.com',
    hostedZone: zone(s),
    ...props,
  });
  return { app, stack: s, region: paymentRegion };
}

/** The platform's stack graph: StandbyStorage (standby) ← Primary ; Standby uses the storage bucket. */
export function twoRegions() {
  const app = newApp();
  const storage = stack(app, 'StandbyStorage', STANDBY_REGION);
  const standbyLogs = new TransactionLogBucket(storage, 'TransactionLogs');
  const primaryStack = stack(app, 'Primary', PRIMARY_REGION, true);
  const primary = new PaymentRegion(primaryStack, 'Payment', {
    role: PaymentRole.PRIMARY,
    domainName: 'pay.example.com',
    hostedZone: zone(primaryStack),
    replicationDestination: standbyLogs.asReplicationDestination(),
    alarmEmails: ['oncall@example.com'],
  });
  const standbyStack = stack(app, 'Standby', STANDBY_REGION);
  const standby = new PaymentRegion(standbyStack, 'Payment', {
    role: PaymentRole.STANDBY,
    domainName: 'pay.example.com',
    hostedZone: zone(standbyStack),
    logBucket: standbyLogs,
    natGateways: 1,
  });
  return { app, storage, standbyLogs, primaryStack, primary, standbyStack, standby };
}
