import { randomBytes } from 'node:crypto';
import { connect, type ConsumeMessage } from 'amqplib';
import { AmqpMessageBus, type AmqpMessageBusOptions } from '@odcs/messaging';

/** The RabbitMQ the integration tests use (guest/guest works from localhost only). */
export const TEST_AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface TestTopology {
  exchange: string;
}

/** An exchange name no other test run uses. */
export function uniqueTopology(label = 'test'): TestTopology {
  return { exchange: `odcs-test.${label}.${process.pid}.${randomBytes(4).toString('hex')}` };
}

/** Deletes the exchange and queues (missing ones are fine). */
export async function deleteTopology(topology: TestTopology, extraQueues: string[] = []): Promise<void> {
  const model = await connect(TEST_AMQP_URL);
  try {
    for (const queue of extraQueues) {
      const channel = await model.createChannel();
      await channel.deleteQueue(queue).catch(() => undefined);
      await channel.close().catch(() => undefined);
    }
    const channel = await model.createChannel();
    await channel.deleteExchange(topology.exchange).catch(() => undefined);
    await channel.close().catch(() => undefined);
  } finally {
    await model.close();
  }
}

/** A plain amqplib consumer bound to the exchange, as an external subscriber would be. */
export interface ProbeQueue {
  readonly messages: ConsumeMessage[];
  close(): Promise<void>;
}

export async function bindProbeQueue(exchange: string, pattern: string): Promise<ProbeQueue> {
  const model = await connect(TEST_AMQP_URL);
  const channel = await model.createChannel();
  await channel.assertExchange(exchange, 'topic', { durable: true });
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, exchange, pattern);
  const messages: ConsumeMessage[] = [];
  await channel.consume(queue, (msg) => msg && messages.push(msg), { noAck: true });
  return { messages, close: () => model.close() };
}

export interface AmqpBusFixture {
  bus: AmqpMessageBus;
  topology: TestTopology;
  dispose(): Promise<void>;
}

/** A started AmqpMessageBus on a fresh topology; `dispose` closes it and deletes the topology. */
export async function startAmqpBus(
  options: Partial<AmqpMessageBusOptions> = {},
  topology: TestTopology = uniqueTopology(),
): Promise<AmqpBusFixture> {
  const bus = new AmqpMessageBus({
    url: TEST_AMQP_URL,
    ...topology,
    connectionName: `odcs-test ${topology.exchange}`,
    reconnectInitialDelayMs: 50,
    reconnectMaxDelayMs: 1000,
    ...options,
  });
  await bus.start();
  return {
    bus,
    topology,
    dispose: async () => {
      await bus.close();
      await deleteTopology(topology);
    },
  };
}
