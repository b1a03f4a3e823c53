import { Logger } from '@nestjs/common';
import type { OutgoingMessage } from '../message.js';
import { encodeOutgoingMessage } from '../message-encoding.js';
import type { MessageBus, Subscription, WorkHandler } from '../message-bus.port.js';
import { InvalidMessagingOptionsError, MessageBusClosedError, MessageBusUnavailableError } from '../messaging.errors.js';
import { isInternalRoutingKey, matchesTopic } from '../routing-keys.js';
import { InMemoryWorkQueue } from './in-memory-work-queue.js';

export interface InMemoryMessageBusOptions {
  /** Deliveries of a work message before it is dropped (default 5). */
  maxDeliveries?: number;
  /** Work messages each subscriber handles at once (default 1). */
  prefetch?: number;
}

/** Receives a copy of each published message whose routing key matches the listener's pattern. */
export type NotificationListener = (message: OutgoingMessage) => void | Promise<void>;

/**
 * The {@link MessageBus} inside one process: for the embedded single-process mode and tests.
 * Publishing stores a copy of the message (see {@link published}), hands internal work signals
 * to work subscribers asynchronously, and notifies {@link subscribe} listeners.
 */
export class InMemoryMessageBus implements MessageBus {
  private readonly logger = new Logger(InMemoryMessageBus.name);
  private readonly messages: OutgoingMessage[] = [];
  private readonly listeners = new Set<{ pattern: string; listener: NotificationListener }>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly work: InMemoryWorkQueue;
  private outage: string | null = null;
  private closed = false;

  constructor(options: InMemoryMessageBusOptions = {}) {
    const maxDeliveries = options.maxDeliveries ?? 5;
    const prefetch = options.prefetch ?? 1;
    for (const [name, value] of Object.entries({ maxDeliveries, prefetch })) {
      if (!Number.isInteger(value) || value < 1) {
        throw new InvalidMessagingOptionsError(`In-memory message bus: ${name} must be a positive integer, got ${value}.`);
      }
    }
    this.work = new InMemoryWorkQueue(prefetch, maxDeliveries, this.logger);
  }

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
    if (isInternalRoutingKey(message.routingKey)) {
      const { id, routingKey, body } = copy();
      this.work.enqueue({ id, routingKey, body, deliveryAttempt: 1 });
    }
    return Promise.resolve();
  }

  subscribeWork(handler: WorkHandler): Promise<Subscription> {
    if (this.closed) return Promise.reject(new MessageBusClosedError('subscribe to work messages'));
    const inner = this.work.subscribe(handler);
    const subscription: Subscription = {
      close: async () => {
        this.subscriptions.delete(subscription);
        await inner.close();
      },
    };
    this.subscriptions.add(subscription);
    return Promise.resolve(subscription);
  }

  /** Test hook: listens to published messages (notifications and work alike) matching `pattern`. */
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

  /** Work messages waiting or being handled. */
  get pendingWork(): number {
    return this.work.size;
  }

  /** Resolves once no work handler runs and no work message waits for a current subscriber. */
  whenIdle(): Promise<void> {
    return this.work.whenIdle();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await Promise.all([...this.subscriptions].map((s) => s.close()));
  }

  private async notify(listener: NotificationListener, message: OutgoingMessage): Promise<void> {
    try {
      await listener(message);
    } catch (error) {
      this.logger.error(`Notification listener failed on ${message.id} (${message.routingKey}): ${String(error)}`);
    }
  }
}
