import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  BackendRegistry,
  COMPOSE_REPOSITORY,
  type ComposeRepository,
  COMPOSE_STATES,
  ComposeStatsReader,
  SOURCE_TYPES,
} from '@odcs/compose';
import { ODCS_CONFIG, type OdcsConfig } from '@odcs/config';
import { OdcsMetrics } from '@odcs/observability';
import { Counter, Gauge } from 'prom-client';

const RAW_CONFIG_MIN = 5;

/**
 * The gauges of CONTRACT §11 read from PostgreSQL at scrape time: compose counts, raw_config
 * counts, backends (from their heartbeats in the backends table instead of Celery pings), queue length (composes
 * in `wait`), disk bytes per target dir and the outbox backlog.
 */
@Injectable()
export class ComposeGauges implements OnModuleInit {
  constructor(
    private readonly metrics: OdcsMetrics,
    private readonly stats: ComposeStatsReader,
    private readonly backends: BackendRegistry,
    @Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository,
    @Inject(ODCS_CONFIG) private readonly config: OdcsConfig,
  ) {}

  onModuleInit(): void {
    const registers = [this.metrics.registry];
    const composes = this.composes;
    const stats = this.stats;
    const backends = this.backends;
    const config = this.config;
    new Gauge({
      name: 'composes_total',
      help: 'Total number of composes',
      labelNames: ['source_type', 'state'],
      registers,
      async collect() {
        const counts = await composes.countByTypeAndState();
        this.reset();
        for (const sourceType of Object.keys(SOURCE_TYPES)) {
          for (const state of COMPOSE_STATES) {
            const n = counts.find((c) => c.sourceType === sourceType && c.state === state)?.count ?? 0;
            this.set({ source_type: sourceType, state }, n);
          }
        }
      },
    });
    new Gauge({
      name: 'celery_queue_length',
      help: 'Composes waiting for a backend (state wait)',
      labelNames: ['queue_name'],
      registers,
      async collect() {
        const counts = await composes.countByTypeAndState();
        this.set(
          { queue_name: 'wait' },
          counts.filter((c) => c.state === 'wait').reduce((n, c) => n + c.count, 0),
        );
      },
    });
    new Gauge({ name: 'celery_workers_expected', help: 'Number of expected backends', registers }).set(config.expected_backend_number);
    // Backends from their heartbeats (the backends table) instead of Celery pings: idle ones count too.
    new Gauge({
      name: 'celery_workers',
      help: 'Backends: 1 seen within backend_alive_seconds, 0 seen before (until backend_forget_seconds)',
      labelNames: ['worker_name'],
      registers,
      async collect() {
        const seen = await backends.seen(config.backend_alive_seconds);
        this.reset();
        for (const b of seen) this.set({ worker_name: b.id }, b.alive ? 1 : 0);
      },
    });
    new Gauge({
      name: 'celery_workers_totals',
      help: 'Backends seen within backend_alive_seconds',
      registers,
      async collect() {
        this.set((await backends.seen(config.backend_alive_seconds)).filter((b) => b.alive).length);
      },
    });
    // Counters (CONTRACT §11) recomputed at scrape time; sources with fewer than RAW_CONFIG_MIN
    // composes are summed up as <name>#other_commits_or_branches, as upstream.
    const rawConfigRows = async () => {
      const rows = await stats.rawConfigCounts();
      const perSource = new Map<string, number>();
      for (const r of rows) perSource.set(r.source, (perSource.get(r.source) ?? 0) + r.count);
      const shown = (source: string) =>
        (perSource.get(source) ?? 0) < RAW_CONFIG_MIN ? `${source.split('#')[0]}#other_commits_or_branches` : source;
      return rows.map((r) => ({ ...r, source: shown(r.source) }));
    };
    new Counter({
      name: 'raw_config_composes_count_total',
      help: 'Total number of raw_config composes per source',
      labelNames: ['source'],
      registers,
      async collect() {
        this.reset();
        for (const r of await rawConfigRows()) this.inc({ source: r.source }, r.count);
      },
    });
    new Counter({
      name: 'raw_config_composes_total',
      help: 'State with count',
      labelNames: ['source', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const r of await rawConfigRows()) this.inc({ source: r.source, state: r.state }, r.count);
      },
    });
    new Gauge({
      name: 'odcs_disk_used_bytes',
      help: 'Bytes of done composes per target dir',
      labelNames: ['target_dir'],
      registers,
      async collect() {
        this.reset();
        for (const dir of [config.target_dir, ...Object.values(config.extra_target_dirs)]) this.set({ target_dir: dir }, 0);
        for (const u of await stats.diskUsage()) this.inc({ target_dir: u.targetDir ?? config.target_dir }, u.bytes);
      },
    });
    // The backends count what their relays published or set aside (odcs_outbox_messages_total).
    new Gauge({
      name: 'odcs_outbox_pending_messages',
      help: 'Outbox messages not yet published by a backend relay',
      registers,
      async collect() {
        this.set(await stats.pendingOutboxMessages());
      },
    });
  }
}
