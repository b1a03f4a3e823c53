import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

const DURATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200];
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The one Prometheus registry of this process and the metrics that are updated as things happen.
 * Gauges read from PostgreSQL are registered by the apps on this registry (they own the queries).
 */
@Injectable()
export class OdcsMetrics {
  readonly registry = new Registry();

  readonly httpDuration = this.histogram(
    'odcs_http_request_duration_seconds',
    'HTTP request duration by route and status',
    ['method', 'route', 'status'],
    HTTP_BUCKETS,
  );
  readonly queueWait = this.histogram('odcs_queue_wait_seconds', 'Time from submission to generating, by source type', ['source_type']);
  readonly generationDuration = this.histogram(
    'odcs_generation_duration_seconds',
    'Generation duration by source type, engine and outcome',
    ['source_type', 'engine', 'outcome'],
  );
  readonly reuses = this.counter('odcs_reuses_total', 'Composes that reused an older compose, by source type', ['source_type']);
  readonly leaseRetries = this.counter(
    'odcs_lease_retries_total',
    'Generations started again after a lost lease (attempt > 1), by source type',
    ['source_type'],
  );

  async exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private histogram<L extends string>(name: string, help: string, labelNames: L[], buckets = DURATION_BUCKETS): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  private counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }
}
