import type { ComposeProps } from '../../domain/compose-props.js';
import {
  ComposeCancelledEvent,
  ComposeCreatedEvent,
  type ComposeDomainEvent,
  ComposeRemovalRequestedEvent,
  ComposeRenewedEvent,
  ComposeStateChangedEvent,
} from '../../domain/events/index.js';

export interface OutboxRow {
  id: string;
  compose_id: number | null;
  type: string;
  payload: Record<string, unknown>;
}

const DATE_PROPS = ['timeToExpire', 'timeSubmitted', 'timeStarted', 'timeDone', 'timeRemoved', 'leaseExpiresAt'] as const;

/** The compose as stored with a state change (JSON), with its times as Dates again. */
function reviveSnapshot(raw: Record<string, unknown>): ComposeProps {
  const props = { ...raw } as Record<string, unknown>;
  for (const key of DATE_PROPS) props[key] = typeof props[key] === 'string' ? new Date(props[key]) : null;
  return props as unknown as ComposeProps;
}

/** Types older versions wrote and this one no longer does (nothing handled them): done without delivery. */
export const RETIRED_EVENT_TYPES: readonly string[] = ['compose.ttl-extended.v1'];

/** Rebuilds the domain event an outbox row was written from; null for a type this version does not know. */
export function domainEventOf(row: OutboxRow): ComposeDomainEvent | null {
  // Fields as the writer stored them (JSON of the event); a row's type says which are there.
  const p = <T>(key: string): T => row.payload[key] as T;
  const id = row.compose_id ?? p<number>('composeId');
  switch (row.type) {
    case ComposeStateChangedEvent.type:
      return new ComposeStateChangedEvent(id, p('from'), p('to'), p('reason'), p('occurredAt'), reviveSnapshot(p('snapshot')));
    case ComposeCreatedEvent.type:
      return new ComposeCreatedEvent(id, p('occurredAt'));
    case ComposeRenewedEvent.type:
      return new ComposeRenewedEvent(id, p('renewedFromId'), p('occurredAt'));
    case ComposeCancelledEvent.type:
      return new ComposeCancelledEvent(id, p('cancelledBy'), p('wasGenerating'), p('occurredAt'));
    case ComposeRemovalRequestedEvent.type:
      return new ComposeRemovalRequestedEvent(id, p('requestedBy'), p('occurredAt'));
    default:
      return null;
  }
}
