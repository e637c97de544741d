/**
 * The least-privilege application role's credentials in the platform: one secret in the primary stack replicated to
 * the standby; in every region the payment service and the validation functions name it, never the master secret;
 * the master secret is granted only to the schema migration function (of the active region), and to nothing after
 * a failover either.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BASE } from './base-props';
import { DrPaymentPlatform } from '../../src';

const APP_NAME = /database-app-credentials/;

/** How a template refers to a secret: the Ref of a local secret or its attachment, or an ARN naming it. */
function refersTo(value: unknown, localIds: string[], name: RegExp): boolean {
  const text = JSON.stringify(value);
  return localIds.some((id) => text.includes(`"${id}"`)) || name.test(text);
}

function secretIds(t: any, name: RegExp): string[] {
  const secrets = Object.entries<any>(t.Resources).filter(([, r]) => r.Type === 'AWS::SecretsManager::Secret' && name.test(JSON.stringify(r.Properties.Name)));
  const ids = secrets.map(([id]) => id);
  const attachments = Object.entries<any>(t.Resources)
    .filter(([, r]) => r.Type === 'AWS::SecretsManager::SecretTargetAttachment' && ids.some((id) => JSON.stringify(r.Properties.SecretId).includes(id)))
    .map(([id]) => id);
  return [...ids, ...attachments];
}

/** The roles whose policies (inline or customer-managed) allow reading a secret the matcher recognises. */
function rolesReading(t: any, matches: (statement: unknown) => boolean): string[] {
  const roles = new Set<string>();
  for (const r of Object.values<any>(t.Resources)) {
    if (r.Type !== 'AWS::IAM::Policy' && r.Type !== 'AWS::IAM::ManagedPolicy') continue;
    const reads = r.Properties.PolicyDocument.Statement.some((s: any) =>
      [s.Action].flat().includes('secretsmanager:GetSecretValue') && matches(s.Resource));
    if (reads) for (const role of r.Properties.Roles ?? []) roles.add(role.Ref);
  }
  return [...roles].sort();
}

function functionRoles(t: any, variable: string): string[] {
  return Object.values<any>(t.Resources)
    .filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.[variable] !== undefined)
    .map((r) => r.Properties.Role['Fn::GetAtt'][0]).sort();
}

describe.each([
  ['normal', {}, 'Payments-Primary'],
  ['failed over to the standby', { activeRegion: 'us-west-2' }, 'Payments-Standby'],
])('application credentials, DR state %s', (_name, props, activeStack) => {
  const platform = new DrPaymentPlatform(new App(), 'Payments', { ...BASE, ...props });
  const stacks = [platform.primaryStack, platform.standbyStack];
  const templates = Object.fromEntries(stacks.map((s) => [s.stackName, Template.fromStack(s).toJSON()]));
  const primary = templates['Payments-Primary'];

  test('one secret in the primary stack, username payment_validation_app, replicated to the standby region', () => {
    const secrets = Object.values<any>(primary.Resources).filter((r) => r.Type === 'AWS::SecretsManager::Secret' && APP_NAME.test(JSON.stringify(r.Properties.Name)));
    expect(secrets).toHaveLength(1);
    expect(secrets[0].Properties.GenerateSecretString).toMatchObject({
      SecretStringTemplate: JSON.stringify({ username: 'payment_validation_app' }), GenerateStringKey: 'password', PasswordLength: 40,
    });
    expect(secrets[0].Properties.ReplicaRegions).toEqual([{ Region: 'us-west-2' }]);
    expect(secrets[0].Properties.KmsKeyId).toBeDefined();
    expect(Object.values<any>(templates['Payments-Standby'].Resources).filter((r) => r.Type === 'AWS::SecretsManager::Secret'
      && APP_NAME.test(JSON.stringify(r.Properties.Name)))).toEqual([]);
  });

  test.each(['Payments-Primary', 'Payments-Standby'])('%s: the service and the functions name the application secret, not the master', (stackName) => {
    const t = templates[stackName];
    const appIds = secretIds(t, APP_NAME);
    const masterIds = secretIds(t, /\/master/);
    const isApp = (v: unknown) => refersTo(v, appIds, APP_NAME);
    const isMaster = (v: unknown) => refersTo(v, masterIds, /\/master/);
    const containers = Object.values<any>(t.Resources).filter((r) => r.Type === 'AWS::ECS::TaskDefinition')
      .flatMap((d) => d.Properties.ContainerDefinitions).filter((c: any) => c.Secrets);
    expect(containers.length).toBeGreaterThan(0);
    for (const c of containers) {
      expect(c.Secrets.map((s: any) => s.Name)).toEqual(['DB_USERNAME', 'DB_PASSWORD']);
      for (const s of c.Secrets) expect([s.Name, isApp(s.ValueFrom), isMaster(s.ValueFrom)]).toEqual([s.Name, true, false]);
      const arn = c.Environment.find((e: any) => e.Name === 'DB_SECRET_ARN');
      expect([isApp(arn.Value), isMaster(arn.Value)]).toEqual([true, false]);
    }
    const fns = Object.values<any>(t.Resources).filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.DB_SECRET_ARN);
    for (const fn of fns) {
      const vars = fn.Properties.Environment.Variables;
      if (vars.APP_DB_SECRET_ARN) {
        expect([isMaster(vars.DB_SECRET_ARN), isApp(vars.APP_DB_SECRET_ARN)]).toEqual([true, true]);
      } else {
        expect([isApp(vars.DB_SECRET_ARN), isMaster(vars.DB_SECRET_ARN)]).toEqual([true, false]);
      }
    }
    // Only the migration function (in the active region's stack) may read the master secret.
    const migrationRoles = functionRoles(t, 'APP_DB_SECRET_ARN');
    expect(migrationRoles).toHaveLength(stackName === activeStack ? 1 : 0);
    const masterReaders = rolesReading(t, isMaster).filter((role) => !/Rotation/i.test(role));
    expect(masterReaders).toEqual(migrationRoles);
    // The service's task role may re-read the application secret (rotation without a restart).
    const taskRoles = Object.values<any>(t.Resources).filter((r) => r.Type === 'AWS::ECS::TaskDefinition')
      .map((d) => d.Properties.TaskRoleArn['Fn::GetAtt'][0]);
    for (const role of taskRoles) expect(rolesReading(t, isApp)).toContain(role);
  });
});
