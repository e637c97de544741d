/**
 * The figures AWS documents, each with the sentence it comes from. The pages are in `../sources`; the
 * term or estimate that uses a figure cites it as a `DOCUMENTED` constant.
 */

/** Route 53: "establish a TCP connection with the endpoint within four seconds" (HTTP and HTTPS checks). */
export const ROUTE53_CONNECT_TIMEOUT_SECONDS = 4;
/** Route 53: "respond with an HTTP status code of 2xx or 3xx within two seconds after connecting". */
export const ROUTE53_RESPONSE_TIMEOUT_SECONDS = 2;
/** Route 53: "If 18% of health checkers or fewer report that an endpoint is healthy, Route 53 considers it unhealthy". */
export const ROUTE53_HEALTHY_CHECKERS_PERCENT = 18;
/** Route 53 health-check metrics are reported at one-minute intervals. */
export const ROUTE53_METRIC_INTERVAL_SECONDS = 60;
/** Aurora Global Database: "An Aurora cluster can recover in less than 1 minute even in the event of a complete Regional outage". */
export const AURORA_PROMOTION_LOW_SECONDS = 60;
/** Aurora Global Database replicates "with latency typically under a second" (rounded up to whole seconds). */
export const AURORA_TYPICAL_LAG_SECONDS = 1;
/** Smallest value of `rds.global_db_rpo`: "Valid values are from 20 seconds up to ... 2,147,483,647". */
export const GLOBAL_DB_RPO_MIN_SECONDS = 20;
export const GLOBAL_DB_RPO_MAX_SECONDS = 2147483647;
/** ALB: "After your target is registered, it must pass one health check to be considered healthy". */
export const ALB_CHECKS_FOR_NEW_TARGET = 1;
/** S3 RTC: "replicates ... 99.99 percent of those objects within 15 minutes". */
export const S3_RTC_OBJECTIVE_SECONDS = 900;
export const S3_RTC_DESIGNED_PERCENT = 99.99;
/** S3 RTC SLA: service credits when the "Monthly 15-minute Replication Percentage" is "less than 99.9%". */
export const S3_RTC_SLA_PERCENT = 99.9;
