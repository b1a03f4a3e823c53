import { afterEach, describe, expect, it } from 'vitest';
import { composeStateChangedMessage } from '../contracts/compose-state-changed.v1.js';
import { internalWorkMessage } from '../contracts/internal-work.v1.js';
import type { OutgoingMessage, WorkMessage } from '../message.js';
import type { MessageBus, Subscription, WorkHandler } from '../message-bus.port.js';
import { InvalidMessageError, MessageBusClosedError } from '../messaging.errors.js';

/** A fresh, isolated bus; `dispose` closes it and removes whatever it created on a broker. */
export interface MessageBusFixture {
  bus: MessageBus;
  dispose(): Promise<void>;
}

export interface MessageBusFixtureOptions {
  maxDeliveries: number;
  prefetch: number;
}

export type MessageBusFactory = (options: MessageBusFixtureOptions) => Promise<MessageBusFixture>;

const OPTIONS: MessageBusFixtureOptions = { maxDeliveries: 3, prefetch: 1 };
let sequence = 0;

/** A work message with a unique id, e.g. `work('created', 7)`. */
function work(kind: 'composeCreated' | 'composeRenewed', composeId: number): OutgoingMessage {
  sequence += 1;
  return { id: `msg-${process.pid}-${Date.now()}-${sequence}`, ...internalWorkMessage(kind, composeId) };
}

/** Gates still closed; afterEach opens them so a failed test never leaves a handler hanging. */
const openGates: Array<() => void> = [];

function gate(): { promise: Promise<void>; open(): void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  openGates.push(open);
  return { promise, open };
}

/**
 * The behaviour every {@link MessageBus} driver must show. Call it from a spec per driver:
 * `messageBusContract('in-memory', async (o) => ...)`.
 */
export function messageBusContract(driverName: string, createFixture: MessageBusFactory): void {
  describe(`MessageBus contract (${driverName})`, () => {
    const fixtures: MessageBusFixture[] = [];
    const subscriptions: Subscription[] = [];

    async function newBus(): Promise<MessageBus> {
      const fixture = await createFixture(OPTIONS);
      fixtures.push(fixture);
      return fixture.bus;
    }

    async function collect(bus: MessageBus, handler?: WorkHandler): Promise<WorkMessage[]> {
      const received: WorkMessage[] = [];
      subscriptions.push(
        await bus.subscribeWork(async (message) => {
          received.push(message);
          await handler?.(message);
        }),
      );
      return received;
    }

    afterEach(async () => {
      for (const open of openGates.splice(0)) open();
      await Promise.all(subscriptions.splice(0).map((s) => s.close()));
      await Promise.all(fixtures.splice(0).map((f) => f.dispose()));
    });

    it('delivers a published work signal with its id, canonical routing key and exact body', async () => {
      const bus = await newBus();
      const received = await collect(bus);
      const message = { ...work('composeCreated', 12), body: { composeId: 12, note: 'žluťoučký kůň', list: [1, null] } };
      await bus.publish(message);
      await expect.poll(() => received.length).toBe(1);
      expect(received[0]).toEqual({
        id: message.id,
        routingKey: 'odcs.internal.compose.created',
        body: { composeId: 12, note: 'žluťoučký kůň', list: [1, null] },
        deliveryAttempt: 1,
      });
    });

    it('keeps work signals published before anyone subscribes until a subscriber arrives', async () => {
      const bus = await newBus();
      const early = work('composeRenewed', 3);
      await bus.publish(early);
      const received = await collect(bus);
      await expect.poll(() => received.map((m) => m.id)).toEqual([early.id]);
    });

    it('does not hand external notifications to work subscribers', async () => {
      const bus = await newBus();
      const received = await collect(bus);
      await bus.publish({ id: 'note-1', ...composeStateChangedMessage({ id: 1, state: 0, state_name: 'wait' }) });
      const signal = work('composeCreated', 1);
      await bus.publish(signal);
      await expect.poll(() => received.length).toBe(1);
      expect(received.map((m) => m.id)).toEqual([signal.id]);
    });

    it('shares the work queue: each signal goes to exactly one of the subscribers', async () => {
      const bus = await newBus();
      const a: WorkMessage[] = [];
      const b: WorkMessage[] = [];
      // Each handler holds its message until both have one: with prefetch 1 the broker must
      // then give the second message to the other subscriber.
      const bothBusy = gate();
      const handlerFor =
        (mine: WorkMessage[]): WorkHandler =>
        async (message) => {
          mine.push(message);
          if (a.length > 0 && b.length > 0) bothBusy.open();
          await bothBusy.promise;
        };
      subscriptions.push(await bus.subscribeWork(handlerFor(a)), await bus.subscribeWork(handlerFor(b)));
      const messages = Array.from({ length: 6 }, (_, i) => work('composeCreated', i + 1));
      for (const message of messages) await bus.publish(message);
      await expect.poll(() => a.length + b.length).toBe(6);
      const idsA = a.map((m) => m.id);
      const idsB = b.map((m) => m.id);
      expect(idsA.length).toBeGreaterThan(0);
      expect(idsB.length).toBeGreaterThan(0);
      expect(idsA.filter((id) => idsB.includes(id))).toEqual([]);
      expect([...idsA, ...idsB].sort()).toEqual(messages.map((m) => m.id).sort());
    });

    it('redelivers a signal whose handler failed and stops once a delivery succeeds', async () => {
      const bus = await newBus();
      const flaky = work('composeCreated', 5);
      const received = await collect(bus, async (m) => {
        if (m.id === flaky.id && m.deliveryAttempt === 1) throw new Error('koji is down');
      });
      await bus.publish(flaky);
      await expect.poll(() => received.filter((m) => m.id === flaky.id).length).toBe(2);
      const sentinel = work('composeCreated', 6);
      await bus.publish(sentinel);
      await expect.poll(() => received.some((m) => m.id === sentinel.id)).toBe(true);
      expect(received.filter((m) => m.id === flaky.id).map((m) => m.deliveryAttempt)).toEqual([1, 2]);
    });

    it('drops a signal after maxDeliveries failed deliveries and keeps serving the others', async () => {
      const bus = await newBus();
      const poison = work('composeCreated', 7);
      const received = await collect(bus, async (m) => {
        if (m.id === poison.id) throw new Error('always fails');
      });
      await bus.publish(poison);
      await expect.poll(() => received.filter((m) => m.id === poison.id).length).toBe(OPTIONS.maxDeliveries);
      // With prefetch 1 and one subscriber, a poison message still queued would come before sentinel 2.
      for (const composeId of [8, 9]) {
        const sentinel = work('composeCreated', composeId);
        await bus.publish(sentinel);
        await expect.poll(() => received.some((m) => m.id === sentinel.id)).toBe(true);
      }
      expect(received.filter((m) => m.id === poison.id).map((m) => m.deliveryAttempt)).toEqual([1, 2, 3]);
    });

    it('closing a subscription waits for its running handler and then stops deliveries to it', async () => {
      const bus = await newBus();
      const release = gate();
      const events: string[] = [];
      const first = await bus.subscribeWork(async (m) => {
        events.push(`first got ${(m.body as { composeId: number }).composeId}`);
        await release.promise;
        events.push('first handled');
      });
      await bus.publish(work('composeCreated', 1));
      await expect.poll(() => events).toEqual(['first got 1']);
      const closing = first.close().then(() => events.push('first closed'));
      release.open();
      await closing;
      expect(events).toEqual(['first got 1', 'first handled', 'first closed']);
      const received = await collect(bus);
      const later = work('composeCreated', 2);
      await bus.publish(later);
      await expect.poll(() => received.map((m) => m.id)).toEqual([later.id]);
      expect(events).toHaveLength(3);
    });

    it('publishes notifications nobody listens to', async () => {
      const bus = await newBus();
      await expect(
        bus.publish({ id: 'lonely', ...composeStateChangedMessage({ id: 2, state: 2, state_name: 'done' }) }),
      ).resolves.toBeUndefined();
    });

    it('refuses messages it cannot send, naming the problem', async () => {
      const bus = await newBus();
      await expect(bus.publish({ id: 'x', routingKey: 'compose.created', body: {} })).rejects.toThrow(InvalidMessageError);
      await expect(bus.publish({ id: 'x', routingKey: 'odcs.compose.#', body: {} })).rejects.toThrow(/wildcards/);
      await expect(bus.publish({ id: '', routingKey: 'odcs.compose.x', body: {} })).rejects.toThrow(/id/);
      await expect(bus.publish({ id: 'x', routingKey: 'odcs.compose.x', body: undefined })).rejects.toThrow(/no body/);
    });

    it('rejects publishing and subscribing once closed', async () => {
      const bus = await newBus();
      await bus.close();
      await bus.close();
      await expect(bus.publish(work('composeCreated', 1))).rejects.toThrow(MessageBusClosedError);
      await expect(bus.subscribeWork(async () => undefined)).rejects.toThrow(MessageBusClosedError);
    });
  });
}
