import amqp from 'amqplib';
import { randomBytes } from 'node:crypto';

export const AMQP_URL = process.env.ODCS_TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface ReceivedMessage {
  routingKey: string;
  messageId: string | undefined;
  persistent: boolean;
  body: any; // JSON under test
}

/** A consumer bound to the exchange, as an external ODCS message consumer would be. */
export async function listenToExchange(exchange: string, pattern = 'odcs.compose.#') {
  const conn = await amqp.connect(AMQP_URL);
  const ch = await conn.createChannel();
  await ch.assertExchange(exchange, 'topic', { durable: true });
  const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true });
  await ch.bindQueue(queue, exchange, pattern);
  const received: ReceivedMessage[] = [];
  await ch.consume(queue, (m) => {
    if (!m) return;
    received.push({
      routingKey: m.fields.routingKey,
      messageId: m.properties.messageId as string | undefined,
      persistent: m.properties.deliveryMode === 2,
      body: JSON.parse(m.content.toString('utf8')),
    });
    ch.ack(m);
  });
  return {
    received,
    forCompose: (id: number) => received.filter((r) => r.body?.compose?.id === id),
    close: async () => {
      await ch.close().catch(() => undefined);
      await conn.close().catch(() => undefined);
    },
  };
}

/** A unique exchange name for one test file, removed afterwards. */
export function uniqueMessaging(): { exchange: string; cleanup: () => Promise<void> } {
  const exchange = `odcs-test-${randomBytes(4).toString('hex')}`;
  return {
    exchange,
    cleanup: async () => {
      const conn = await amqp.connect(AMQP_URL);
      const ch = await conn.createChannel();
      await ch.deleteExchange(exchange).catch(() => undefined);
      await conn.close().catch(() => undefined);
    },
  };
}
