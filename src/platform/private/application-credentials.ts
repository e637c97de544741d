import { Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { acknowledge } from '../../private/compliance';
import { newEncryptionKey } from '../../private/kms';
import { APP_ROLE } from '../../validation/runtime/app-role';

/** The application role's credentials as each region reads them. */
export interface ApplicationCredentials {
  /** The secret, created in the primary stack and replicated to the standby region. */
  readonly primary: secretsmanager.Secret;
  /** The standby region's replica, imported by name in the standby stack. */
  readonly standby: secretsmanager.ISecret;
}

const ROTATION_REASON =
  'the application role password is rotated by the documented procedure (docs/operations.md, "Rotating the ' +
  'application password"): new value in the secret, then the active region\'s migration function sets it; a ' +
  'Secrets Manager rotation function runs in the primary region only, and a replica secret cannot be rotated, so ' +
  'scheduled rotation would fail while failed over (docs/database.md, "The application role and its rotation")';

/**
 * The credentials of the least-privilege application role (`payment_validation_app`, created by the migrations):
 * the payment service and the validation functions of both regions connect with them; the master user is for the
 * migration only. One value in both regions (a secret replicated to the standby region), as the role is one role
 * of the global database.
 */
export function newApplicationCredentials(
  primaryStack: Stack,
  standbyStack: Stack,
  prefix: string,
  standbyRegion: string,
): ApplicationCredentials {
  const secretName = `${prefix}/database-app-credentials`;
  const encryptionKey = newEncryptionKey(primaryStack, 'ApplicationCredentialsEncryption', {
    description: 'Encrypts the payment application role credentials',
  });
  const primary = new secretsmanager.Secret(primaryStack, 'ApplicationCredentials', {
    secretName,
    description: `Credentials of the least-privilege database role ${APP_ROLE} (set by the schema migration)`,
    encryptionKey,
    generateSecretString: {
      secretStringTemplate: JSON.stringify({ username: APP_ROLE }),
      generateStringKey: 'password',
      passwordLength: 40,
      excludePunctuation: true,
    },
    replicaRegions: [{ region: standbyRegion }],
  });
  acknowledge(primary, [
    { id: 'AwsSolutions-SMG4', reason: ROTATION_REASON },
    { id: 'NIST.800.53.R5-SecretsManagerRotationEnabled', reason: ROTATION_REASON },
    { id: 'PCI.DSS.321-SecretsManagerRotationEnabled', reason: ROTATION_REASON },
  ]);
  const standby = secretsmanager.Secret.fromSecretNameV2(standbyStack, 'ApplicationCredentialsReplica', secretName);
  return { primary, standby };
}
