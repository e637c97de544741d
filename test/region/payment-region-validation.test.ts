import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { newApp, singleRegion, stack, STANDBY_REGION, zone } from './fixtures';
import { PaymentRegion, PaymentRole, TransactionLogBucket } from '../../src';

describe('PaymentRegion', () => {
  describe('validation', () => {
    test.each([
      [{ minCapacity: 12, maxCapacity: 10 }, 'minCapacity must be <= maxCapacity, got: 12 > 10'],
      [{ minCapacity: 0 }, 'minCapacity must be an integer of at least 1, got: 0'],
      [{ cpuTargetPercent: 5 }, 'cpuTargetPercent must be between 10 and 90, got: 5'],
      [{ cpuTargetPercent: 95 }, 'cpuTargetPercent must be between 10 and 90, got: 95'],
      [{ natGateways: 4 }, 'natGateways must be an integer between 0 and 3, got: 4'],
      [{ logRetentionDays: 30 }, 'logRetentionDays must be at least 365 days (PCI DSS 10.5.1), got: 30'],
      [{ transactionLogRetentionDays: 180 }, 'retentionDays must be an integer of at least 365 (PCI DSS 10.5.1), got: 180'],
      [{ domainName: 'pay_ments.example.com' }, "domainName must be a valid DNS name, got: 'pay_ments.example.com'"],
      [{ domainName: 'pay.example.org' }, 'domainName must be inside the hosted zone example.com, got: pay.example.org'],
      [{ regionalDomainName: 'eu.pay.example.org' }, 'regionalDomainName must be inside the hosted zone example.com, got: eu.pay.example.org'],
      [{ regionalDomainName: 'pay.example.com' }, 'regionalDomainName must differ from domainName (the failover records own it), got: pay.example.com'],
      [{ healthCheck: { intervalSeconds: 5 } }, 'healthCheck.intervalSeconds must be between 6 and 300, got: 5'],
      [{ healthCheck: { path: 'health' } }, "healthCheck.path must start with '/', got: health"],
      [{ healthCheck: { unhealthyThresholdCount: 1 } }, 'healthCheck.unhealthyThresholdCount must be an integer between 2 and 10, got: 1'],
      [{ webAclRateLimit: 10 }, 'webAclRateLimit must be between 100 and 2000000000, got: 10'],
      [{ alarmEmails: ['oncall'] }, 'alarmEmails must hold e-mail addresses, got: oncall'],
      [{ requestsPerTarget: 0 }, 'requestsPerTarget must be at least 1, got: 0'],
    ])('fails when %j', (props, message) => {
      expect(() => singleRegion(props as any)).toThrow(message);
    });

    test('fails when a certificate is given without a domain name', () => {
      const s = stack(newApp(), 'V', 'eu-west-1');
      const certificate = acm.Certificate.fromCertificateArn(s, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc');
      expect(() => new PaymentRegion(s, 'Payment', { role: PaymentRole.PRIMARY, domainName: '', hostedZone: zone(s), certificate })).toThrow(
        "certificate needs a domainName, got: ''",
      );
    });

    test('fails when replicationDestination is given to a STANDBY', () => {
      const app = newApp();
      const other = stack(app, 'Other', 'eu-west-1');
      const destination = new TransactionLogBucket(other, 'Logs');
      expect(() =>
        singleRegion({ role: PaymentRole.STANDBY, replicationDestination: destination.asReplicationDestination() }, STANDBY_REGION),
      ).toThrow('replicationDestination is for the PRIMARY region only, got: role STANDBY');
    });

    test('fails when the hosted zone has no zone name', () => {
      const s = stack(newApp(), 'V', 'eu-west-1');
      const hostedZone = route53.HostedZone.fromHostedZoneId(s, 'Zone', 'Z0123456789ABCDEFGHIJ');
      expect(() => new PaymentRegion(s, 'Payment', { role: PaymentRole.PRIMARY, domainName: 'pay.example.com', hostedZone })).toThrow(
        'hostedZone needs its zone name (import it with HostedZone.fromHostedZoneAttributes), got: Z0123456789ABCDEFGHIJ',
      );
    });

    test('accepts a domain name ending with a dot, in any case', () => {
      const { region } = singleRegion({ domainName: 'Pay.Example.com.' });
      expect(region.domainName).toBe('pay.example.com');
      expect(region.regionalDomainName).toBe('eu-west-1.pay.example.com');
    });

    test('fails when natGateways is given with a vpc', () => {
      const s = stack(newApp(), 'V', 'eu-west-1');
      const vpc = new ec2.Vpc(s, 'Vpc');
      expect(() => new PaymentRegion(s, 'Payment', { role: PaymentRole.PRIMARY, domainName: 'pay.example.com', hostedZone: zone(s), vpc, natGateways: 1 })).toThrow(
        'natGateways applies to the new network only, not with vpc, got: 1',
      );
    });
  });
});
