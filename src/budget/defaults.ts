import { DatabaseRecoveryMode, DecisionMode } from './types';

/**
 * The library defaults of the recovery budget and of the recovery objectives: one source for the model, the
 * platform's props and docs/recovery-budget.md.
 */
export class RecoveryBudgetDefaults {
  /** Route 53 health-check request interval, in seconds. */
  public static readonly HEALTH_CHECK_INTERVAL_SECONDS = 10;
  /** Route 53 health-check failure threshold. */
  public static readonly HEALTH_CHECK_FAILURE_THRESHOLD = 3;
  /** TTL of alias records to an Application Load Balancer, in seconds (fixed by AWS). */
  public static readonly DNS_TTL_SECONDS = 60;
  /** Assumed worst-case time for Route 53 to answer with the standby after the plan's health-check update. */
  public static readonly DNS_PROPAGATION_SECONDS = 30;
  /** How the failover decision is taken. */
  public static readonly DECISION_MODE = DecisionMode.AUTOMATIC_TRIGGER;
  /**
   * Evaluation periods of the trigger alarms: the platform's trigger needs 3 consecutive breaching one-minute periods
   * of both signals (src/failover/alarm-model/trigger-settings.ts, DEFAULT_SUSTAIN_MINUTES; a test keeps them equal).
   */
  public static readonly TRIGGER_ALARM_EVALUATION_PERIODS = 3;
  /** Period of the trigger alarm, in seconds (Route 53 health-check metrics are one-minute metrics). */
  public static readonly TRIGGER_ALARM_PERIOD_SECONDS = 60;
  /** Assumed worst-case time from the alarm's last breaching period to the plan starting or the page. */
  public static readonly TRIGGER_DISPATCH_SECONDS = 60;
  /** Time reserved for a human approval with `DecisionMode.MANUAL_APPROVAL`, in seconds. */
  public static readonly APPROVAL_ALLOWANCE_SECONDS = 300;
  /** How the Aurora global database is moved. */
  public static readonly DATABASE_RECOVERY_MODE = DatabaseRecoveryMode.FAILOVER;
  /** Assumed worst-case Aurora promotion time ("within a few minutes"), in seconds. */
  public static readonly DATABASE_PROMOTION_SECONDS = 180;
  /** Whether the secondary Aurora cluster is headless. */
  public static readonly SECONDARY_HEADLESS = false;
  /** Assumed time to add a DB instance to a headless secondary, in seconds. */
  public static readonly INSTANCE_CREATION_SECONDS = 900;
  /** Minimum Fargate tasks of the standby Region. */
  public static readonly STANDBY_MIN_TASKS = 2;
  /** Minimum Fargate tasks of the primary Region. */
  public static readonly PRIMARY_MIN_TASKS = 10;
  /** Assumed Fargate provisioning and image-pull time, in seconds. */
  public static readonly IMAGE_PULL_SECONDS = 60;
  /** ECS service health-check grace period, in seconds. */
  public static readonly HEALTH_CHECK_GRACE_PERIOD_SECONDS = 60;
  /** Target-group health-check interval, in seconds. */
  public static readonly TARGET_GROUP_HEALTH_CHECK_INTERVAL_SECONDS = 10;
  /** Target-group healthy threshold count. */
  public static readonly TARGET_GROUP_HEALTHY_THRESHOLD_COUNT = 3;
  /** Whether ECS scaling runs in parallel with the database recovery. */
  public static readonly COMPUTE_IN_PARALLEL_WITH_DATABASE = true;
  /** Whether the traffic step runs in parallel with the database and compute steps. */
  public static readonly TRAFFIC_IN_PARALLEL_WITH_DATABASE = false;
  /** Aurora `rds.global_db_rpo`, in seconds (the smallest value Aurora accepts). */
  public static readonly GLOBAL_DB_RPO_SECONDS = 20;
  /** Whether `rds.global_db_rpo` is set. */
  public static readonly RPO_GUARDRAIL_ENABLED = true;
  /** Default recovery time objective, in seconds (15 min, as the replaced design claimed). */
  public static readonly RTO_SECONDS = 900;
  /** Default recovery point objective, in seconds (5 min, as the replaced design claimed). */
  public static readonly RPO_SECONDS = 300;

  private constructor() {}
}
