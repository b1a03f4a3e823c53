import { afterEach, describe, expect, it } from 'vitest';
import { composeStateChangedMessage } from '../contracts/compose-state-changed.v1.js';
import type { MessageBus } from '../message-bus.port.js';
import { InvalidMessageError, MessageBusClosedError } from '../messaging.errors.js';

/** A fresh, isolated bus; `dispose` closes it and removes whatever it created on a broker. */
export interface MessageBusFixture {
  bus: MessageBus;
  dispose(): Promise<void>;
}

export type MessageBusFactory = () => Promise<MessageBusFixture>;

/**
 * The behaviour every {@link MessageBus} driver must show. Call it from a spec per driver:
 * `messageBusContract('in-memory', async () => ...)`.
 */
export function messageBusContract(driverName: string, createFixture: MessageBusFactory): void {
  describe(`MessageBus contract (${driverName})`, () => {
    const fixtures: MessageBusFixture[] = [];

    async function newBus(): Promise<MessageBus> {
      const fixture = await createFixture();
      fixtures.push(fixture);
      return fixture.bus;
    }

    afterEach(async () => {
      for (const fixture of fixtures.splice(0)) await fixture.dispose();
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

    it('rejects publishing once closed', async () => {
      const bus = await newBus();
      await bus.close();
      await bus.close();
      const message = { id: 'late', ...composeStateChangedMessage({ id: 1, state: 0, state_name: 'wait' }) };
      await expect(bus.publish(message)).rejects.toThrow(MessageBusClosedError);
    });
  });
}
