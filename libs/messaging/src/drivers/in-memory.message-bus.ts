import { Logger } from '@nestjs/common';
import type { OutgoingMessage } from '../message.js';
import { encodeOutgoingMessage } from '../message-encoding.js';
import type { MessageBus } from '../message-bus.port.js';
import { MessageBusClosedError, MessageBusUnavailableError } from '../messaging.errors.js';
import { matchesTopic } from '../routing-keys.js';

/** Receives a copy of each published message whose routing key matches the listener's pattern. */
export type NotificationListener = (message: OutgoingMessage) => void | Promise<void>;

/**
 * The {@link MessageBus} inside one process: for the embedded single-process mode and tests.
 * Publishing stores a copy of the message (see {@link published}) and notifies {@link subscribe}
 * listeners.
 */
export class InMemoryMessageBus implements MessageBus {
  private readonly logger = new Logger(InMemoryMessageBus.name);
  private readonly messages: OutgoingMessage[] = [];
  private readonly listeners = new Set<{ pattern: string; listener: NotificationListener }>();
  private outage: string | null = null;
  private closed = false;

  /** Copies of every message published so far, in order. */
  get published(): readonly OutgoingMessage[] {
    return this.messages;
  }

  /** Published messages whose routing key matches the topic pattern (`*` one word, `#` any). */
  publishedMatching(pattern: string): OutgoingMessage[] {
    return this.messages.filter((m) => matchesTopic(pattern, m.routingKey));
  }

  clearPublished(): void {
    this.messages.length = 0;
  }

  publish(message: OutgoingMessage): Promise<void> {
    if (this.closed) return Promise.reject(new MessageBusClosedError(`publish message ${message.id}`));
    if (this.outage !== null) {
      return Promise.reject(new MessageBusUnavailableError(`Message ${message.id} not published: ${this.outage}`));
    }
    let json: string;
    try {
      json = encodeOutgoingMessage(message);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
    }
    const copy = (): OutgoingMessage => ({
      id: message.id,
      routingKey: message.routingKey,
      body: JSON.parse(json) as unknown,
      ...(message.headers ? { headers: { ...message.headers } } : {}),
    });
    this.messages.push(copy());
    for (const { pattern, listener } of this.listeners) {
      if (matchesTopic(pattern, message.routingKey)) setImmediate(() => void this.notify(listener, copy()));
    }
    return Promise.resolve();
  }

  /** Test hook: listens to published messages matching `pattern`. */
  subscribe(pattern: string, listener: NotificationListener): { close(): void } {
    const entry = { pattern, listener };
    this.listeners.add(entry);
    return { close: () => void this.listeners.delete(entry) };
  }

  /** Test hook: until {@link endOutage}, publish rejects as if the broker were unreachable. */
  simulateOutage(reason = 'simulated broker outage'): void {
    this.outage = reason;
  }

  endOutage(): void {
    this.outage = null;
  }

  close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    return Promise.resolve();
  }

  private async notify(listener: NotificationListener, message: OutgoingMessage): Promise<void> {
    try {
      await listener(message);
    } catch (error) {
      this.logger.error(`Notification listener failed on ${message.id} (${message.routingKey}): ${String(error)}`);
    }
  }
}
