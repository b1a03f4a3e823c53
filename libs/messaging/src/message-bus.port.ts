import type { OutgoingMessage, WorkMessage } from './message.js';

/** Handles one internal work signal. Resolve to acknowledge; reject to have it redelivered. */
export type WorkHandler = (message: WorkMessage) => Promise<void>;

export interface Subscription {
  /** Stops taking new messages, waits for the handlers still running, then detaches. Idempotent. */
  close(): Promise<void>;
}

/**
 * The messaging port.
 *
 * - External notifications (e.g. `odcs.compose.state-changed`) are published for anyone bound to
 *   the exchange.
 * - Internal work signals (`odcs.internal.*`) also land in one durable queue shared by all
 *   backends; each signal goes to exactly one {@link subscribeWork} handler at a time
 *   (competing consumers), and is redelivered when the handler fails, up to a bounded number of
 *   deliveries, after which it is dropped with an error log.
 *
 * Delivery is at least once: handlers must be idempotent (use `WorkMessage.id`).
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

  /** Consumes internal work signals from the shared durable work queue. */
  subscribeWork(handler: WorkHandler): Promise<Subscription>;

  /** Closes every subscription and the connection. Idempotent. */
  close(): Promise<void>;
}

export const MESSAGE_BUS = Symbol('MESSAGE_BUS');
