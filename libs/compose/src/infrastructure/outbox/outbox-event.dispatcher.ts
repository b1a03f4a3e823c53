import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { EventBus } from '@nestjs/cqrs';
import { attachReceipt, awaitedEventsOf, EventReceipt } from '../../application/events/awaited-event-handler.js';

/**
 * Publishes a rebuilt domain event on the EventBus and waits until its awaited handlers are done.
 * On shutdown (the EventBus drops its handlers) it stops waiting: those rows stay pending.
 */
@Injectable()
export class OutboxEventDispatcher implements OnModuleDestroy {
  private counts: Map<unknown, number> | null = null;
  private readonly pending = new Set<EventReceipt>();
  private closed = false;

  constructor(
    private readonly events: EventBus,
    private readonly discovery: DiscoveryService,
  ) {}

  /** Rejects with the first handler error. */
  async dispatch(event: object, deliveryId: string): Promise<void> {
    if (this.closed) throw new Error('the application is shutting down');
    const handlers = this.handlerCounts().get(event.constructor) ?? 0;
    if (handlers === 0) return;
    const receipt = new EventReceipt(deliveryId, handlers);
    attachReceipt(event, receipt);
    this.pending.add(receipt);
    try {
      this.events.publish(event);
      await receipt.settled;
    } finally {
      this.pending.delete(receipt);
    }
    if (receipt.error !== null) throw receipt.error;
  }

  onModuleDestroy(): void {
    this.closed = true;
    for (const receipt of this.pending) receipt.abort(new Error('the application is shutting down'));
  }

  private handlerCounts(): Map<unknown, number> {
    if (this.counts) return this.counts;
    const counts = new Map<unknown, number>();
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance) continue;
      for (const event of awaitedEventsOf(wrapper.metatype)) counts.set(event, (counts.get(event) ?? 0) + 1);
    }
    return (this.counts = counts);
  }
}
