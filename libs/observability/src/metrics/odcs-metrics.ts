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

  readonly httpDuration = new Histogram({
    name: 'odcs_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  readonly queueWait = new Histogram({
    name: 'odcs_queue_wait_seconds',
    help: 'Time from submission to generating, by source type',
    labelNames: ['source_type'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  readonly generationDuration = new Histogram({
    name: 'odcs_generation_duration_seconds',
    help: 'Generation duration by source type, engine and outcome',
    labelNames: ['source_type', 'engine', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  readonly reuses = new Counter({
    name: 'odcs_reuses_total',
    help: 'Composes that reused an older compose, by source type',
    labelNames: ['source_type'] as const,
    registers: [this.registry],
  });

  readonly leaseRetries = new Counter({
    name: 'odcs_lease_retries_total',
    help: 'Generations started again after a lost lease (attempt > 1), by source type',
    labelNames: ['source_type'] as const,
    registers: [this.registry],
  });

  async exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
