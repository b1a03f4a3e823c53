import { ComposeCancelledEvent } from './compose-cancelled.event.js';
import { ComposeCreatedEvent } from './compose-created.event.js';
import { ComposeRemovalRequestedEvent } from './compose-removal-requested.event.js';
import { ComposeRenewedEvent } from './compose-renewed.event.js';
import { ComposeStateChangedEvent } from './compose-state-changed.event.js';

export { ComposeCancelledEvent, ComposeCreatedEvent, ComposeRemovalRequestedEvent, ComposeRenewedEvent, ComposeStateChangedEvent };

export type ComposeDomainEvent =
  ComposeCancelledEvent | ComposeCreatedEvent | ComposeRemovalRequestedEvent | ComposeRenewedEvent | ComposeStateChangedEvent;

export function eventType(event: ComposeDomainEvent): string {
  return (event.constructor as unknown as { type: string }).type;
}
