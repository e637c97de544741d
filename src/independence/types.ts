/** The vocabulary of the regional-independence analysis. Pure: no CDK import. */

/** What a regional stack depends on. */
export enum DependencyKind {
  /** A container image the region pulls (task start, scale-up). */
  IMAGE = 'IMAGE',
  /** A Secrets Manager secret read at run time (ECS secrets, function environment). */
  SECRET = 'SECRET',
  /** A KMS key that encrypts or decrypts the region's data (logs, environment, storage, topics). */
  KMS_KEY = 'KMS_KEY',
  /** A host name, URL or other address the region's code connects to. */
  ENDPOINT = 'ENDPOINT',
  /** An SSM parameter read at deploy time (dynamic reference) or at run time. */
  SSM_PARAMETER = 'SSM_PARAMETER',
  /** A value another stack produced, read through CDK's cross-region references (SSM, at deploy time). */
  CROSS_REGION_REFERENCE = 'CROSS_REGION_REFERENCE',
  /** An S3 bucket the region reads or writes. */
  S3_BUCKET = 'S3_BUCKET',
  /** Where the region's logs go (log groups, log buckets, log delivery). */
  LOG_DESTINATION = 'LOG_DESTINATION',
  /** The SNS topic the region's alarms notify. */
  ALARM_TOPIC = 'ALARM_TOPIC',
}

/** When the dependency is needed. */
export enum DependencyPhase {
  /** While the region serves (or takes over): an outage of its region breaks the dependent. */
  RUN_TIME = 'RUN_TIME',
  /** Only while CloudFormation deploys the stack. */
  DEPLOY_TIME = 'DEPLOY_TIME',
}

/** Where a dependency lives, seen from the stack that needs it. */
export enum Locality {
  /** In the stack's own region. */
  OWN_REGION = 'OWN_REGION',
  /** In no region (a global service or a public registry outside both regions). */
  GLOBAL = 'GLOBAL',
  /** In another region, needed only at deploy time. */
  OTHER_REGION_DEPLOY_TIME = 'OTHER_REGION_DEPLOY_TIME',
  /** In another region, needed at run time: an outage of that region breaks this one. */
  OTHER_REGION_RUN_TIME = 'OTHER_REGION_RUN_TIME',
}

/** One dependency of a regional stack. */
export interface RegionalDependency {
  /** What kind of dependency. */
  readonly kind: DependencyKind;
  /** Who needs it: the resource (construct path in the stack) and the property, e.g. `Service/TaskDefinition: container App image`. */
  readonly consumer: string;
  /** What it is: an image URI, an ARN, a host name, a parameter name. */
  readonly target: string;
  /**
   * The region it lives in.
   * @default - global: it lives in no region
   */
  readonly region?: string;
  /** When it is needed. */
  readonly phase: DependencyPhase;
}

/** The dependencies of one regional stack, as the CDK-side collector extracted them. */
export interface RegionalStackDependencies {
  /** The stack's name. */
  readonly stackName: string;
  /** The stack's region. */
  readonly region: string;
  /** Whether the stack belongs to the standby region: it must need nothing from the primary region at run time. */
  readonly standby: boolean;
  /** Its dependencies. */
  readonly dependencies: RegionalDependency[];
}

/** One classified dependency. */
export interface ClassifiedDependency {
  /** The stack that needs it. */
  readonly stackName: string;
  /** The region of that stack. */
  readonly stackRegion: string;
  /** Whether that stack belongs to the standby region. */
  readonly standby: boolean;
  /** The dependency. */
  readonly dependency: RegionalDependency;
  /** Where it lives, seen from the stack. */
  readonly locality: Locality;
}

/** The regional-independence analysis of a platform. */
export interface IndependenceReport {
  /** The primary region. */
  readonly primaryRegion: string;
  /** Every dependency of every regional stack, classified. */
  readonly dependencies: ClassifiedDependency[];
  /** The standby's run-time dependencies on the primary region: synthesis fails on any. */
  readonly violations: ClassifiedDependency[];
}
