import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Compose } from '../../domain/compose.js';
import { STATE_CODES } from '../../domain/compose-state.js';
import { OUTBOX_CHANNEL } from './outbox-wake-up.listener.js';
import { type ComposeDomainEvent, ComposeStateChangedEvent, eventType } from '../../domain/events/index.js';

/**
 * Appends a compose's pending domain events to the outbox inside the caller's transaction.
 * State changes carry the compose as it was at the end of that transaction (CONTRACT §10).
 */
@Injectable()
export class OutboxWriter {
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
    // Delivered at commit (once per transaction and payload): wakes the relays of other processes.
    await manager.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
    return events;
  }

  private payloadOf(event: ComposeDomainEvent, snapshot: ReturnType<Compose['snapshot']>): Record<string, unknown> {
    if (!(event instanceof ComposeStateChangedEvent)) return { ...event };
    // `compose` names the change as the notification does, for whoever reads the outbox in SQL.
    const compose = { id: snapshot.id, state: STATE_CODES[event.to], state_name: event.to, state_reason: event.reason };
    return { ...event, snapshot, compose };
  }
}
