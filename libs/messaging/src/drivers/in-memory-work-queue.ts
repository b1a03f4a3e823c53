import { Logger } from '@nestjs/common';
import type { WorkMessage } from '../message.js';
import type { Subscription, WorkHandler } from '../message-bus.port.js';

interface Consumer {
  readonly handler: WorkHandler;
  inFlight: number;
  closed: boolean;
}

/**
 * An in-process stand-in for the shared durable work queue: messages wait until a consumer has
 * room (at most `prefetch` unsettled messages each), consumers take turns, a failed message goes
 * back to the end of the queue until it has been delivered `maxDeliveries` times, then it is
 * dropped with an error log. Handlers always run asynchronously, never inside `enqueue`.
 */
export class InMemoryWorkQueue {
  private readonly waiting: WorkMessage[] = [];
  private readonly consumers: Consumer[] = [];
  private readonly idleWaiters: Array<() => void> = [];
  private turn = 0;

  constructor(
    private readonly prefetch: number,
    private readonly maxDeliveries: number,
    private readonly logger: Logger,
  ) {}

  enqueue(message: WorkMessage): void {
    this.waiting.push(message);
    this.dispatch();
  }

  subscribe(handler: WorkHandler): Subscription {
    const consumer: Consumer = { handler, inFlight: 0, closed: false };
    this.consumers.push(consumer);
    this.dispatch();
    return {
      close: async () => {
        consumer.closed = true;
        const index = this.consumers.indexOf(consumer);
        if (index >= 0) this.consumers.splice(index, 1);
        await this.until(() => consumer.inFlight === 0);
        this.dispatch();
      },
    };
  }

  /** Messages waiting for a consumer plus messages being handled. */
  get size(): number {
    return this.waiting.length + this.consumers.reduce((n, c) => n + c.inFlight, 0);
  }

  /** Resolves once no handler runs and nothing waits that a current consumer could take. */
  whenIdle(): Promise<void> {
    return this.until(() => this.isIdle());
  }

  private isIdle(): boolean {
    const running = this.consumers.some((c) => c.inFlight > 0);
    return !running && (this.waiting.length === 0 || this.consumers.length === 0);
  }

  private until(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (condition()) resolve();
        else this.idleWaiters.push(check);
      };
      this.idleWaiters.push(check);
    });
  }

  private notifyWaiters(): void {
    for (const check of this.idleWaiters.splice(0)) check();
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      const consumer = this.nextConsumerWithRoom();
      if (consumer === undefined) break;
      const message = this.waiting.shift() as WorkMessage;
      consumer.inFlight += 1;
      setImmediate(() => void this.deliver(consumer, message));
    }
    this.notifyWaiters();
  }

  private nextConsumerWithRoom(): Consumer | undefined {
    for (let i = 0; i < this.consumers.length; i++) {
      const index = (this.turn + i) % this.consumers.length;
      const consumer = this.consumers[index] as Consumer;
      if (consumer.inFlight < this.prefetch) {
        this.turn = index + 1;
        return consumer;
      }
    }
    return undefined;
  }

  private async deliver(consumer: Consumer, message: WorkMessage): Promise<void> {
    try {
      await consumer.handler({ ...message });
    } catch (error) {
      this.handleFailure(message, error);
    } finally {
      consumer.inFlight -= 1;
      this.dispatch();
    }
  }

  private handleFailure(message: WorkMessage, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    if (message.deliveryAttempt >= this.maxDeliveries) {
      this.logger.error(
        `Dropping work message ${message.id} (${message.routingKey}) after ${message.deliveryAttempt} failed deliveries: ${reason}`,
      );
      return;
    }
    this.logger.warn(
      `Work message ${message.id} (${message.routingKey}) failed on delivery ${message.deliveryAttempt}, requeued: ${reason}`,
    );
    this.waiting.push({ ...message, deliveryAttempt: message.deliveryAttempt + 1 });
  }
}
