import { Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { acknowledge } from '../../private/compliance';
import { newEncryptionKey } from '../../private/kms';

/** The card-fingerprint HMAC key as each region's validation function sees it. */
export interface CardFingerprintKeys {
  /** The secret, created in the primary stack and replicated to the standby region. */
  readonly primary: secretsmanager.Secret;
  /** The standby region's replica, imported by name in the standby stack. */
  readonly standby: secretsmanager.ISecret;
}

/**
 * The HMAC key of card fingerprints: one value in both regions (a secret replicated to the standby region), so
 * that fingerprints, the velocity rule and idempotency checks still match after failover.
 */
export function newCardFingerprintKeys(
  primaryStack: Stack,
  standbyStack: Stack,
  prefix: string,
  standbyRegion: string,
): CardFingerprintKeys {
  const secretName = `${prefix}/card-fingerprint-key`;
  const encryptionKey = newEncryptionKey(primaryStack, 'CardFingerprintKeyEncryption', {
    description: 'Encrypts the card-fingerprint HMAC key',
  });
  const primary = new secretsmanager.Secret(primaryStack, 'CardFingerprintKey', {
    secretName,
    description: 'HMAC-SHA256 key of card fingerprints (same value in both regions)',
    encryptionKey,
    generateSecretString: { passwordLength: 64, excludePunctuation: true },
    replicaRegions: [{ region: standbyRegion }],
  });
  acknowledge(primary, [
    {
      id: 'AwsSolutions-SMG4',
      reason:
        'the card-fingerprint HMAC key is not rotated automatically: rotating it would change every stored ' +
        'fingerprint and break the velocity rule and idempotency checks; rotation is a planned re-keying',
    },
    {
      id: 'NIST.800.53.R5-SecretsManagerRotationEnabled',
      reason: 'the card-fingerprint HMAC key is re-keyed by a planned procedure, not automatic rotation',
    },
    {
      id: 'PCI.DSS.321-SecretsManagerRotationEnabled',
      reason: 'the card-fingerprint HMAC key is re-keyed by a planned procedure, not automatic rotation',
    },
  ]);
  const standby = secretsmanager.Secret.fromSecretNameV2(standbyStack, 'CardFingerprintKeyReplica', secretName);
  return { primary, standby };
}
