import type { OutgoingMessage } from './message.js';

/**
 * The messaging port: publishes notifications (e.g. `odcs.compose.state-changed`) for anyone bound
 * to the exchange. odcs itself consumes nothing: its processes talk through the database outbox.
 * Delivery is at least once: consumers de-duplicate by message id.
 */
export interface MessageBus {
  /**
   * Publishes one message. Resolves only once the message is durable (broker confirm for AMQP).
   * Rejects with `MessageBusUnavailableError` when that did not happen within the publish
   * timeout, with `MessageRejectedError` when the broker refused it, and with
   * `MessageBusClosedError` after {@link close}. A rejected publish may still have been
   * delivered (the confirm may have been lost), so republishing the same id is the right retry.
   */
  publish(message: OutgoingMessage): Promise<void>;

  /** Closes the connection. Idempotent. */
  close(): Promise<void>;
}

export const MESSAGE_BUS = Symbol('MESSAGE_BUS');
