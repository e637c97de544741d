/** The smallest valid DrPaymentPlatformProps (offline: explicit account, hosted zone by attributes), shared by the platform tests. */
import { DrPaymentPlatformProps } from '../../src';

export const BASE: DrPaymentPlatformProps = {
  account: '111111111111',
  primaryRegion: 'us-east-1',
  standbyRegion: 'us-west-2',
  domainName: 'pay.example.com',
  hostedZone: { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' },
  alertEmails: ['oncall@example.com'],
};
