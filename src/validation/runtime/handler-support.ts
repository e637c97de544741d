/**
 * What the Lambda entry points (validate-payment.lambda.ts, relay-transaction-log.lambda.ts) share: their
 * Powertools logger and metrics, and a per-container instance created on first use.
 */
/* eslint-disable import/no-extraneous-dependencies -- runtime module: esbuild bundles Powertools into assets/; it is
   not a dependency of the construct library */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMESPACE, SERVICE_NAME } from './metric-names';

/** The Powertools logger and metrics of a handler (service and namespace from the environment the construct sets). */
export function powertools(): { logger: Logger; metrics: Metrics } {
  const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? SERVICE_NAME;
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRIC_NAMESPACE, serviceName }),
  };
}

/** Publish the invocation's metrics (one EMF document), if any. */
export function flushMetrics(metrics: Metrics): void {
  if (metrics.hasStoredMetrics()) {
    metrics.publishStoredMetrics();
  }
}

/**
 * One instance per container, created by the first invocation that needs it. A failed creation (e.g. Secrets
 * Manager unreachable) is forgotten, so the next invocation tries again.
 */
export class PerContainer<T extends { close(): Promise<void> }> {
  private current: Promise<T> | undefined;

  constructor(private readonly create: () => Promise<T>) {}

  public get(): Promise<T> {
    if (!this.current) {
      const created = this.create();
      this.current = created;
      created.catch(() => {
        if (this.current === created) {
          this.current = undefined;
        }
      });
    }
    return this.current;
  }

  /** Close and forget the instance (tests and benchmarks only; Lambda freezes the container instead). */
  public async shutdown(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    if (current) {
      await (await current.catch(() => undefined))?.close();
    }
  }
}
