import { describe, expect, it } from 'vitest';
import { composeStateChangedMessage, COMPOSE_STATE_CHANGED_TOPIC } from '../contracts/compose-state-changed.v1.js';
import type { OutgoingMessage } from '../message.js';
import { MessageBusUnavailableError } from '../messaging.errors.js';
import { messageBusContract } from '../testing/message-bus.contract.js';
import { InMemoryMessageBus } from './in-memory.message-bus.js';

messageBusContract('in-memory', () => {
  const bus = new InMemoryMessageBus();
  return Promise.resolve({ bus, dispose: () => bus.close() });
});

describe('InMemoryMessageBus test hooks', () => {
  const stateChanged = (id: string, composeId: number): OutgoingMessage => ({
    id,
    ...composeStateChangedMessage({ id: composeId, state: 2, state_name: 'done' }),
  });

  it('keeps copies of published messages for inspection, in order', async () => {
    const bus = new InMemoryMessageBus();
    const compose = { id: 4, state: 2, state_name: 'done', nested: { arches: ['x86_64'] } };
    await bus.publish({ id: 'a', ...composeStateChangedMessage(compose) });
    compose.nested.arches.push('mutated after publish');
    await bus.publish({ id: 'b', routingKey: 'odcs.internal.compose.created', body: { composeId: 4 } });
    expect(bus.published.map((m) => m.id)).toEqual(['a', 'b']);
    expect(bus.published[0]?.body).toEqual({
      event: 'state-changed',
      compose: { id: 4, state: 2, state_name: 'done', nested: { arches: ['x86_64'] } },
    });
    expect(bus.publishedMatching('odcs.compose.#').map((m) => m.id)).toEqual(['a']);
    bus.clearPublished();
    expect(bus.published).toEqual([]);
    await bus.close();
  });

  it('notifies listeners of matching messages only, after publish has returned', async () => {
    const bus = new InMemoryMessageBus();
    const seen: string[] = [];
    const listener = bus.subscribe('odcs.compose.*', (m) => void seen.push(m.id));
    await bus.publish(stateChanged('n1', 1));
    expect(seen).toEqual([]);
    await bus.publish({ id: 'w1', routingKey: 'odcs.internal.compose.created', body: { composeId: 1 } });
    await expect.poll(() => seen).toEqual(['n1']);
    listener.close();
    await bus.publish(stateChanged('n2', 1));
    await bus.publish(stateChanged('n3', 1));
    const after = bus.subscribe(COMPOSE_STATE_CHANGED_TOPIC, (m) => void seen.push(m.id));
    await bus.publish(stateChanged('n4', 1));
    await expect.poll(() => seen).toEqual(['n1', 'n4']);
    after.close();
    await bus.close();
  });

  it('rejects publishes during a simulated outage and accepts them again afterwards', async () => {
    const bus = new InMemoryMessageBus();
    bus.simulateOutage('broker down for the test');
    await expect(bus.publish(stateChanged('o1', 1))).rejects.toThrow(MessageBusUnavailableError);
    await expect(bus.publish(stateChanged('o1', 1))).rejects.toThrow(/broker down for the test/);
    expect(bus.published).toEqual([]);
    bus.endOutage();
    await bus.publish(stateChanged('o1', 1));
    expect(bus.published.map((m) => m.id)).toEqual(['o1']);
    await bus.close();
  });
});
