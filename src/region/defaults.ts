/**
 * Defaults of PaymentRegion that other parts of the library (the recovery budget, the failover health checks)
 * rely on. This module imports nothing from aws-cdk-lib, so pure code can read it.
 */
export class PaymentRegionDefaults {
  /** Path of the target-group health check and of the Route 53 failover health checks. */
  public static readonly HEALTH_CHECK_PATH = '/health';
  /** Seconds between two target-group health checks. */
  public static readonly HEALTH_CHECK_INTERVAL_SECONDS = 10;
  /** Seconds after which a target-group health check counts as failed. */
  public static readonly HEALTH_CHECK_TIMEOUT_SECONDS = 5;
  /** Consecutive successful checks before a target is healthy. */
  public static readonly HEALTH_CHECK_HEALTHY_THRESHOLD_COUNT = 2;
  /** Consecutive failed checks before a target is unhealthy. */
  public static readonly HEALTH_CHECK_UNHEALTHY_THRESHOLD_COUNT = 2;
  /** Port the container listens on. */
  public static readonly CONTAINER_PORT = 8080;
  /** Minimum number of tasks in the PRIMARY region. */
  public static readonly PRIMARY_MIN_CAPACITY = 10;
  /** Minimum number of tasks in the STANDBY region (a cost / RTO trade-off: the recovery budget reads it). */
  public static readonly STANDBY_MIN_CAPACITY = 2;
  /** Maximum number of tasks in either region. */
  public static readonly MAX_CAPACITY = 50;
  /** Target CPU utilization of the service, in percent. */
  public static readonly CPU_TARGET_PERCENT = 70;
  /** Target number of ALB requests per task per minute. */
  public static readonly REQUESTS_PER_TARGET = 1000;
  /** Days logs are kept (PCI DSS 10.5.1: at least 12 months). */
  public static readonly LOG_RETENTION_DAYS = 365;
  /** Seconds a draining target keeps serving in-flight requests. */
  public static readonly DEREGISTRATION_DELAY_SECONDS = 30;

  private constructor() {}
}
