import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AmqpMessageBus,
  composeStateChangedMessage,
  MESSAGE_BUS,
  MessageBusClosedError,
  MessagingModule,
  type MessageBus,
} from '@odcs/messaging';
import { bindProbeQueue, deleteTopology, TEST_AMQP_URL, uniqueTopology } from '../../support/messaging/rabbitmq.js';

describe('MessagingModule with the amqp driver', () => {
  const topology = uniqueTopology('module');
  afterEach(() => deleteTopology(topology));

  it('starts a connected AMQP bus and closes it on application shutdown', async () => {
    const app = await Test.createTestingModule({
      imports: [MessagingModule.forRoot({ driver: 'amqp', amqp: { url: TEST_AMQP_URL, ...topology } })],
    }).compile();
    await app.init();
    const bus = app.get<MessageBus>(MESSAGE_BUS);
    expect(bus).toBeInstanceOf(AmqpMessageBus);
    const probe = await bindProbeQueue(topology.exchange, 'odcs.compose.#');
    const message = { id: 'module-1', ...composeStateChangedMessage({ id: 1, state: 0, state_name: 'wait' }) };
    await bus.publish(message);
    await expect.poll(() => probe.messages.map((m) => m.properties.messageId)).toEqual(['module-1']);
    await probe.close();
    await app.close();
    await expect(bus.publish(message)).rejects.toThrow(MessageBusClosedError);
  });
});
