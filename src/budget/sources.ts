/**
 * The AWS documentation pages the recovery budget cites. Internal: the public API exposes them through
 * `RecoveryConstant.sourceTitle` / `sourceUrl`. One entry per page, so every figure points at the page that
 * states it (or, for assumptions, at the page that explains the quantity without giving a figure).
 */
export interface DocumentSource {
  readonly title: string;
  readonly url: string;
}

export const SOURCES = {
  route53HealthCheckStatus: {
    title: 'Amazon Route 53 Developer Guide: How Amazon Route 53 determines whether a health check is healthy',
    url: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html',
  },
  route53HealthCheckConfig: {
    title: 'Amazon Route 53 API Reference: HealthCheckConfig (RequestInterval 10 or 30, FailureThreshold 1-10)',
    url: 'https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html',
  },
  route53Monitoring: {
    title: 'Amazon Route 53 Developer Guide: Monitoring health checks using CloudWatch',
    url: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html',
  },
  route53AliasTtl: {
    title: 'Amazon Route 53 Developer Guide: Choosing between alias and non-alias records',
    url: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html',
  },
  route53Faq: {
    title: 'Amazon Route 53 FAQs: Do I need to adjust the TTL of my records in order to use DNS Failover?',
    url: 'https://aws.amazon.com/route53/faqs/',
  },
  cloudWatchAlarmEvaluation: {
    title: 'Amazon CloudWatch User Guide: Alarm evaluation',
    url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html',
  },
  arcTrigger: {
    title: 'ARC Region switch API Reference: Trigger',
    url: 'https://docs.aws.amazon.com/arc-region-switch/latest/api/API_Trigger.html',
  },
  arcExecutionBlocks: {
    title: 'Amazon Application Recovery Controller Developer Guide: Add execution blocks (Region switch)',
    url: 'https://docs.aws.amazon.com/r53recovery/latest/dg/working-with-rs-execution-blocks.html',
  },
  arcParallelBlock: {
    title: 'ARC Region switch API Reference: ParallelExecutionBlockConfiguration',
    url: 'https://docs.aws.amazon.com/arc-region-switch/latest/api/API_ParallelExecutionBlockConfiguration.html',
  },
  arcAuroraBlock: {
    title: 'Amazon Application Recovery Controller Developer Guide: Amazon Aurora Global Database execution block',
    url: 'https://docs.aws.amazon.com/r53recovery/latest/dg/aurora-global-database-block.html',
  },
  arcEcsBlock: {
    title: 'Amazon Application Recovery Controller Developer Guide: Amazon ECS service scaling execution block',
    url: 'https://docs.aws.amazon.com/r53recovery/latest/dg/ecs-service-scaling-block.html',
  },
  arcRoute53Block: {
    title: 'Amazon Application Recovery Controller Developer Guide: Amazon Route 53 health check execution block',
    url: 'https://docs.aws.amazon.com/r53recovery/latest/dg/route53-health-check-block.html',
  },
  auroraSwitchoverFailover: {
    title: 'Amazon Aurora User Guide: Using switchover or failover in Amazon Aurora Global Database',
    url: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-disaster-recovery.html',
  },
  auroraGlobalDatabase: {
    title: 'Amazon Aurora User Guide: Using Amazon Aurora Global Database',
    url: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database.html',
  },
  auroraGlobalDatabaseProduct: {
    title: 'Amazon Aurora Global Database (product page)',
    url: 'https://aws.amazon.com/rds/aurora/global-database/',
  },
  auroraHeadless: {
    title: 'Amazon Aurora User Guide: Creating a headless Aurora DB cluster in a secondary Region',
    url: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-attach.console.headless.html',
  },
  fargateImagePull: {
    title: 'Amazon ECS Developer Guide: Container image pull behavior for Linux containers on Fargate',
    url: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-pull-behavior.html',
  },
  ecsServiceParameters: {
    title: 'Amazon ECS Developer Guide: Service definition parameters (healthCheckGracePeriodSeconds)',
    url: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service_definition_parameters.html',
  },
  albTargetHealth: {
    title: 'Elastic Load Balancing: Health checks for Application Load Balancer target groups',
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html',
  },
  s3ReplicationTimeControl: {
    title: 'Amazon S3 User Guide: Meeting compliance requirements with S3 Replication Time Control',
    url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html',
  },
  s3ReplicationTimeControlSla: {
    title: 'Amazon S3 Replication Time Control Service Level Agreement',
    url: 'https://aws.amazon.com/s3/sla-rtc/',
  },
} as const satisfies Record<string, DocumentSource>;

/** The pages the logical-corruption estimate cites (logical-corruption.ts). */
export const BACKUP_SOURCES = {
  backupPitrRetention: {
    title: 'AWS Backup Developer Guide: Changing your retention period (continuous backups: 1 to 35 days)',
    url: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery-retention-period.html',
  },
  rdsRestoreToPointInTime: {
    title: 'Amazon RDS API Reference: RestoreDBClusterToPointInTime (RestoreToTime, LatestRestorableTime)',
    url: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterToPointInTime.html',
  },
  backupPlanSchedule: {
    title: 'AWS Backup Developer Guide: Backup plan options and configuration (schedule, copy to destination)',
    url: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/plan-options-and-configuration.html',
  },
  restoringAurora: {
    title: 'AWS Backup Developer Guide: Restoring an Amazon Aurora cluster',
    url: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-aur.html',
  },
  auroraGlobalDatabaseCreate: {
    title: 'Amazon Aurora User Guide: Creating an Amazon Aurora global database (from an existing cluster)',
    url: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-creating.html',
  },
} as const satisfies Record<string, DocumentSource>;
