/**
 * Which properties of which resource types are run-time dependencies of a region, and of which kind: the rules of
 * the CDK-side collector (independence-collector.ts). A value is the resolved CloudFormation of the property.
 */
import { DependencyKind, DependencyPhase } from '../../independence';

/** One resource of a stack, resolved. */
export interface ResourceView {
  readonly logicalId: string;
  /** Construct path in the stack. */
  readonly path: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
}

/** A dependency found in a property. */
export interface FoundDependency {
  readonly kind: DependencyKind;
  /** The property, e.g. `container App image`. */
  readonly property: string;
  /** The resolved value. */
  readonly value: unknown;
  /** True when the value lives in no region (e.g. an image of a public registry). */
  readonly global?: boolean;
  /** @default RUN_TIME */
  readonly phase?: DependencyPhase;
}

const ECR_PRIVATE = /\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\//;
const REGION_NAME = /^[a-z]{2}(?:-gov)?-[a-z]+-\d$/;
const SSM_DYNAMIC = /\{\{resolve:ssm(?:-secure)?:([^}]+)\}\}/g;

/** The kind of an environment variable's value, by its name; undefined for plain settings. */
export function environmentKind(name: string, value: unknown): DependencyKind | undefined {
  if (typeof value === 'string' && (REGION_NAME.test(value) || !/^arn:|\.[a-z]{2,}|[a-z]{2}-[a-z]+-\d/.test(value))) {
    return undefined; // a plain setting (a region name, a role, a port, a prefix, JSON rules), not something reached
  }
  if (/BUCKET/.test(name)) return DependencyKind.S3_BUCKET;
  if (/SECRET/.test(name)) return DependencyKind.SECRET;
  if (/PARAMETER|SSM/.test(name)) return DependencyKind.SSM_PARAMETER;
  if (/TOPIC/.test(name)) return DependencyKind.ALARM_TOPIC;
  if (/KMS|KEY_ARN/.test(name)) return DependencyKind.KMS_KEY;
  if (/^NODE_|^POWERTOOLS_|^AWS_/.test(name)) return undefined;
  return DependencyKind.ENDPOINT;
}

function secretOrParameter(valueFrom: unknown): DependencyKind {
  return JSON.stringify(valueFrom).includes(':ssm:') ? DependencyKind.SSM_PARAMETER : DependencyKind.SECRET;
}

function containerDependencies(container: any): FoundDependency[] {
  const name = container.Name ?? '?';
  const found: FoundDependency[] = [];
  if (container.Image !== undefined) {
    const literal = typeof container.Image === 'string';
    // A literal image outside private ECR (e.g. public.ecr.aws, Docker Hub) is in no AWS region of the platform.
    found.push({ kind: DependencyKind.IMAGE, property: `container ${name} image`, value: container.Image, global: literal && !ECR_PRIVATE.test(container.Image) });
  }
  for (const env of container.Environment ?? []) {
    const kind = environmentKind(env.Name, env.Value);
    if (kind) found.push({ kind, property: `container ${name} env ${env.Name}`, value: env.Value });
  }
  for (const secret of container.Secrets ?? []) {
    found.push({ kind: secretOrParameter(secret.ValueFrom), property: `container ${name} secret ${secret.Name}`, value: secret.ValueFrom });
  }
  if (container.RepositoryCredentials?.CredentialsParameter) {
    found.push({ kind: DependencyKind.SECRET, property: `container ${name} registry credentials`, value: container.RepositoryCredentials.CredentialsParameter });
  }
  const options = container.LogConfiguration?.Options ?? {};
  if (options['awslogs-group']) {
    found.push({ kind: DependencyKind.LOG_DESTINATION, property: `container ${name} log group`, value: [options['awslogs-group'], options['awslogs-region']] });
  }
  return found;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** The rules per resource type. */
const RULES: Record<string, (p: any) => FoundDependency[]> = {
  'AWS::ECS::TaskDefinition': (p) => list(p.ContainerDefinitions).flatMap(containerDependencies),
  'AWS::Lambda::Function': (p) => [
    ...Object.entries<unknown>(p.Environment?.Variables ?? {}).flatMap(([name, value]) => {
      const kind = environmentKind(name, value);
      return kind ? [{ kind, property: `env ${name}`, value }] : [];
    }),
    ...list(p.KmsKeyArn).map((value) => ({ kind: DependencyKind.KMS_KEY, property: 'environment key', value })),
    ...list(p.LoggingConfig?.LogGroup).map((value) => ({ kind: DependencyKind.LOG_DESTINATION, property: 'log group', value })),
  ],
  'AWS::Logs::LogGroup': (p) => list(p.KmsKeyId).map((value) => ({ kind: DependencyKind.KMS_KEY, property: 'encryption key', value })),
  'AWS::SNS::Topic': (p) => list(p.KmsMasterKeyId).map((value) => ({ kind: DependencyKind.KMS_KEY, property: 'encryption key', value })),
  'AWS::CloudWatch::Alarm': (p) => ['AlarmActions', 'OKActions', 'InsufficientDataActions'].flatMap((actions) =>
    list(p[actions]).map((value) => ({ kind: DependencyKind.ALARM_TOPIC, property: actions, value }))),
  'AWS::EC2::FlowLog': (p) => list(p.LogDestination ?? p.LogGroupName).map((value) => ({ kind: DependencyKind.LOG_DESTINATION, property: 'flow log destination', value })),
  'AWS::Logs::SubscriptionFilter': (p) => list(p.DestinationArn).map((value) => ({ kind: DependencyKind.LOG_DESTINATION, property: 'subscription destination', value })),
  'AWS::WAFv2::LoggingConfiguration': (p) => list(p.LogDestinationConfigs).map((value) => ({ kind: DependencyKind.LOG_DESTINATION, property: 'WAF log destination', value })),
  'AWS::S3::Bucket': (p) => [
    ...list(p.LoggingConfiguration?.DestinationBucketName).map((value) => ({ kind: DependencyKind.LOG_DESTINATION, property: 'server access logs', value })),
    ...list(p.ReplicationConfiguration?.Rules).map((rule: any) => ({ kind: DependencyKind.S3_BUCKET, property: 'replication destination', value: rule.Destination?.Bucket })),
    ...list(p.BucketEncryption?.ServerSideEncryptionConfiguration).flatMap((rule: any) =>
      list(rule.ServerSideEncryptionByDefault?.KMSMasterKeyID).map((value) => ({ kind: DependencyKind.KMS_KEY, property: 'encryption key', value }))),
  ],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': (p) => list(p.LoadBalancerAttributes)
    .filter((a: any) => a.Key === 'access_logs.s3.bucket')
    .map((a: any) => ({ kind: DependencyKind.LOG_DESTINATION, property: 'access logs', value: a.Value })),
  'AWS::RDS::DBCluster': (p) => list(p.KmsKeyId).map((value) => ({ kind: DependencyKind.KMS_KEY, property: 'storage key', value })),
  'AWS::RDS::DBInstance': (p) => list(p.PerformanceInsightsKMSKeyId).map((value) => ({ kind: DependencyKind.KMS_KEY, property: 'Performance Insights key', value })),
};

/** The dependencies in one resource's properties, plus every SSM dynamic reference (read at deploy time). */
export function dependenciesOf(resource: ResourceView): FoundDependency[] {
  const found = RULES[resource.type]?.(resource.properties) ?? [];
  for (const match of JSON.stringify(resource.properties).matchAll(SSM_DYNAMIC)) {
    found.push({ kind: DependencyKind.SSM_PARAMETER, property: 'dynamic reference', value: match[1], phase: DependencyPhase.DEPLOY_TIME });
  }
  return found;
}
