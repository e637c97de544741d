/**
 * The names of the validation handlers' Powertools metrics: one definition for the handlers that publish them and
 * the construct's metric helpers and alarms that read them. No imports: the construct library loads this module.
 */

/** CloudWatch namespace of the handlers' metrics. */
export const METRIC_NAMESPACE = 'PaymentValidation';

/** Powertools service name (the `service` dimension of every metric). */
export const SERVICE_NAME = 'payment-validation';

/** Metric names. */
export const METRIC = {
  ACCEPTED: 'PaymentsAccepted',
  DECLINED: 'PaymentsDeclined',
  MALFORMED: 'RequestsMalformed',
  /** 400 CARD_DATA_IN_FIELD: a possible card number outside card.number (counted instead of RequestsMalformed). */
  CARD_DATA_IN_FIELD: 'RequestsWithCardDataInField',
  REPLAYED: 'IdempotentReplays',
  CONFLICTS: 'IdempotencyConflicts',
  DATABASE_UNAVAILABLE: 'DatabaseUnavailable',
  LOG_RECORDS_WRITTEN: 'TransactionLogRecordsWritten',
  LOG_WRITE_FAILURES: 'TransactionLogWriteFailures',
  LOG_PENDING: 'TransactionLogPending',
  LOG_OLDEST_PENDING_AGE: 'TransactionLogOldestPendingAge',
} as const;
