/**
 * The reference two-region platform: what the README's main command synthesizes and reports on, what the
 * platform tests check for compliance, and what the synth benchmark times.
 */
import { App, AppProps } from 'aws-cdk-lib';
import { DrPaymentPlatform } from '../src';

/** Account used when CDK_DEFAULT_ACCOUNT is not set (synthesis is offline; nothing is deployed). */
export const REFERENCE_ACCOUNT = '111111111111';

export interface ReferenceAppOptions extends AppProps {
  readonly account?: string;
}

export function buildReferenceApp(options: ReferenceAppOptions = {}): App {
  // Path metadata names every resource by its construct path (docs/compliance.md lists them that way).
  const app = new App({ ...options, context: { 'aws:cdk:enable-path-metadata': true, ...(options.context ?? {}) } });
  buildReferencePlatform(app, options.account);
  return app;
}

export function buildReferencePlatform(app: App, account?: string): DrPaymentPlatform {
  return new DrPaymentPlatform(app, 'Payments', {
    account: account ?? process.env.CDK_DEFAULT_ACCOUNT ?? REFERENCE_ACCOUNT,
    primaryRegion: 'us-east-1',
    standbyRegion: 'us-west-2',
    domainName: 'pay.example.com',
    hostedZone: { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' },
    alertEmails: ['payments-oncall@example.com'],
  });
}
