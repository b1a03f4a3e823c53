import { composeStateChangedMessage, internalWorkMessage, type ComposeJsonV1, type OutgoingMessage } from '@odcs/messaging';
import { ComposeCreatedEvent, ComposeStateChangedEvent } from '../../domain/events/index.js';

export interface OutboxRow {
  id: string;
  compose_id: number | null;
  type: string;
  payload: Record<string, unknown>;
}

/**
 * What leaves the process for an outbox row: state changes become the public
 * odcs.compose.state-changed notification, creations a work signal for the backends. Other
 * events (TTL extended, removal requested, ...) are not published, as upstream (CONTRACT §10).
 */
export function toOutgoingMessage(row: OutboxRow): OutgoingMessage | null {
  const id = `odcs-outbox-${row.id}`;
  if (row.type === ComposeStateChangedEvent.type) {
    const draft = composeStateChangedMessage(row.payload['compose'] as ComposeJsonV1);
    return { ...draft, id, headers: { 'x-odcs-compose-id': String(row.compose_id) } };
  }
  if (row.type === ComposeCreatedEvent.type && row.compose_id !== null) {
    return { ...internalWorkMessage('composeCreated', row.compose_id), id };
  }
  return null;
}
