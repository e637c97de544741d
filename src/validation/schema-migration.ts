import { createHash } from 'crypto';
import { CustomResource, Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { MigrateSchemaFunction } from './bundled/migrate-schema-function';
import { acknowledgeFunction, grantSecretValue, newFunctionPermissions, SharedFunctionProps, vpcFunctionOptions } from './function-support';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './runtime/migrations';

/** Props of {@link SchemaMigration}. */
export interface SchemaMigrationProps extends SharedFunctionProps {
  /**
   * The database's security group. When it is a construct of this app (e.g. the DatabaseCluster), the migration
   * waits for it: its writer must accept connections.
   * @default - no dependency on the database
   */
  readonly databaseConnections?: ec2.IConnectable;
  /**
   * The application role's secret: after the migrations the function sets the role's password from it
   * (`APP_DB_SECRET_ARN`). `databaseSecret` is then the master's.
   * @default - no application password is set
   */
  readonly applicationSecret?: secretsmanager.ISecret;
}

/**
 * The schema migration at deploy time: a CloudFormation custom resource (`Custom::PaymentValidationSchema`) backed by
 * its own function, which applies the migrations in runtime/migrations.ts. Create it in the primary region only.
 */
export class SchemaMigration extends Construct {
  /** The migration function. */
  public readonly function: lambda.Function;
  /** The custom resource: add dependencies on the database cluster to it so that it runs once the writer exists. */
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: SchemaMigrationProps) {
    super(scope, id);
    const { logGroup, role, policy } = newFunctionPermissions(this, 'Payment validation schema migration', props);
    if (props.applicationSecret) {
      grantSecretValue(policy, props.applicationSecret);
    }
    this.function = new MigrateSchemaFunction(this, 'Function', {
      description: 'Payment validation: applies the schema migrations (CloudFormation custom resource)',
      ...vpcFunctionOptions(props),
      memorySize: 256,
      timeout: Duration.minutes(5),
      role,
      reservedConcurrentExecutions: 1,
      logGroup,
      environment: {
        ...props.databaseEnvironment,
        ...(props.applicationSecret ? { APP_DB_SECRET_ARN: props.applicationSecret.secretArn } : {}),
      },
    });
    this.function.node.addDependency(policy);
    acknowledgeFunction(this.function);

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.function.functionArn,
      resourceType: 'Custom::PaymentValidationSchema',
      properties: {
        SchemaVersion: LATEST_SCHEMA_VERSION,
        // A changed migration list re-runs migrate() (Update); applied versions are skipped.
        MigrationsChecksum: createHash('sha256').update(JSON.stringify(MIGRATIONS)).digest('hex'),
        // Adding (or replacing) the application secret re-runs the migration, which sets the role's password.
        ...(props.applicationSecret ? { ApplicationSecret: props.applicationSecret.secretArn } : {}),
      },
    });
    // The migration needs its network path (egress rules, ENIs) in place, and the database itself when it is a
    // construct of this app (e.g. the DatabaseCluster passed as `connections`: its writer must accept connections).
    this.resource.node.addDependency(props.securityGroup);
    if (props.databaseConnections && Construct.isConstruct(props.databaseConnections)) {
      this.resource.node.addDependency(props.databaseConnections);
    }
  }
}
