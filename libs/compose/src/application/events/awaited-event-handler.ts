import type { Type } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';

const AWAITED_EVENTS = Symbol('odcs:awaited-events');

/** What the relay waits for while the EventBus runs the handlers of one outbox row. */
export class EventReceipt {
  private left: number;
  private readonly errors: unknown[] = [];
  private resolve!: () => void;
  readonly settled = new Promise<void>((r) => (this.resolve = r));

  constructor(
    /** The outbox row id: stable across redeliveries, so it de-duplicates what handlers send on. */
    readonly deliveryId: string,
    handlers: number,
  ) {
    this.left = handlers;
    if (handlers === 0) this.resolve();
  }

  settle(error: unknown): void {
    if (error !== null) this.errors.push(error);
    if (--this.left === 0) this.resolve();
  }

  /** Stops waiting for the handlers (the application shuts down): the row stays pending. */
  abort(error: Error): void {
    this.errors.unshift(error);
    this.resolve();
  }

  /** The first handler error, if any. */
  get error(): Error | null {
    const first = this.errors[0];
    if (first === undefined) return null;
    return first instanceof Error ? first : new Error(JSON.stringify(first));
  }
}

const receipts = new WeakMap<object, EventReceipt>();

export function attachReceipt(event: object, receipt: EventReceipt): void {
  receipts.set(event, receipt);
}

/** A handler failure that retrying cannot cure: the relay sets the row aside instead of retrying it. */
export class UndeliverableEventError extends Error {
  override readonly name = 'UndeliverableEventError';
}

/** `@EventsHandler` whose handlers the outbox relay awaits (count them in {@link awaitedEventsOf}). */
export function AwaitedEventsHandler(...events: Type[]): ClassDecorator {
  return (target) => {
    EventsHandler(...events)(target);
    Reflect.defineMetadata(AWAITED_EVENTS, events, target);
  };
}

export function awaitedEventsOf(handler: object): Type[] {
  return (Reflect.getMetadata(AWAITED_EVENTS, handler) as Type[] | undefined) ?? [];
}

/**
 * Base of the handlers of relayed domain events: reports success or failure to the relay, which
 * marks the outbox row done only when every handler succeeded. Handlers must be idempotent (a row
 * is delivered at least once).
 */
export abstract class AwaitedEventHandler<E extends object> implements IEventHandler<E> {
  async handle(event: E): Promise<void> {
    const receipt = receipts.get(event);
    try {
      await this.process(event, receipt?.deliveryId ?? null);
      receipt?.settle(null);
    } catch (e) {
      if (!receipt) throw e;
      receipt.settle(e);
    }
  }

  protected abstract process(event: E, deliveryId: string | null): Promise<void>;
}
