import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Compose } from '../../domain/compose.js';
import { STATE_CODES } from '../../domain/compose-state.js';
import { type ComposeDomainEvent, ComposeStateChangedEvent, eventType } from '../../domain/events/index.js';
import { ComposeJsonPresenter } from '../../application/presenters/compose-json.presenter.js';

/**
 * Appends a compose's pending domain events to the outbox inside the caller's transaction.
 * State changes carry the ODCS compose JSON as it was right after that change (CONTRACT §10).
 */
@Injectable()
export class OutboxWriter {
  constructor(private readonly presenter: ComposeJsonPresenter) {}

  /** Returns the events written (none: nothing was written). */
  async append(manager: EntityManager, compose: Compose): Promise<ComposeDomainEvent[]> {
    const events = compose.pullEvents();
    if (events.length === 0) return [];
    const snapshot = compose.snapshot();
    const params: unknown[] = [];
    const values = events.map((event, i) => {
      params.push(compose.id, eventType(event), JSON.stringify(this.payloadOf(event, snapshot)), event.occurredAt);
      return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}::jsonb, $${i * 4 + 4}::timestamptz)`;
    });
    await manager.query(`INSERT INTO outbox_messages (compose_id, type, payload, occurred_at) VALUES ${values.join(', ')}`, params);
    return events;
  }

  private payloadOf(event: ComposeDomainEvent, snapshot: ReturnType<Compose['snapshot']>): Record<string, unknown> {
    if (!(event instanceof ComposeStateChangedEvent)) return { ...event };
    const compose = this.presenter.toJson(snapshot);
    compose['state'] = STATE_CODES[event.to];
    compose['state_name'] = event.to;
    compose['state_reason'] = event.reason;
    return { event: 'state-changed', from: event.from, compose };
  }
}
