import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { OutboxRelay } from '@odcs/compose';
import { OdcsMetrics } from '@odcs/observability';
import { Counter } from 'prom-client';
import type { Subscription } from 'rxjs';

/**
 * odcs_outbox_messages_total{status}: outbox rows this backend's relay published to their handlers,
 * or set aside as never deliverable (unknown event type, a handler that can never succeed).
 */
@Injectable()
export class OutboxCounters implements OnModuleInit, OnModuleDestroy {
  private subscription: Subscription | null = null;

  constructor(
    private readonly relay: OutboxRelay,
    private readonly metrics: OdcsMetrics,
  ) {}

  onModuleInit(): void {
    const counter = new Counter({
      name: 'odcs_outbox_messages_total',
      help: 'Outbox messages delivered by the relay of this process: published, or set_aside (never deliverable)',
      labelNames: ['status'],
      registers: [this.metrics.registry],
    });
    counter.inc({ status: 'published' }, 0);
    counter.inc({ status: 'set_aside' }, 0);
    this.subscription = this.relay.delivered$.subscribe(({ published, setAside }) => {
      if (published) counter.inc({ status: 'published' }, published);
      if (setAside) counter.inc({ status: 'set_aside' }, setAside);
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
