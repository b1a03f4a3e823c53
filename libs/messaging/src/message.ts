/**
 * A message handed to {@link MessageBus.publish}. The backend builds one per relayed state change.
 *
 * `routingKey` is always written in canonical form (`odcs.…`); a driver may rename the leading
 * `odcs` segment on the wire (see `topicPrefix`), but code never sees the renamed form.
 */
export interface OutgoingMessage {
  /** Unique message id, e.g. the outbox row id. Consumers use it to de-duplicate redeliveries. */
  id: string;
  /** Canonical routing key, e.g. `odcs.compose.state-changed`. */
  routingKey: string;
  /** Any JSON-serialisable value. */
  body: unknown;
  headers?: Record<string, string>;
}

/** What a contract builder produces: everything but the id, which the outbox assigns. */
export type MessageDraft = Omit<OutgoingMessage, 'id'>;
