import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CompleteGenerationCommand, CreateComposeCommand, OutboxRelayModule, StartGenerationCommand } from '@odcs/compose';
import { BASE_COMPOSE_FIELDS } from '@odcs/compose/testing';
import { NotificationsModule } from '@odcs/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenToExchange } from '../../support/amqp/topic-listener.js';
import { startComposeContext } from '../../support/compose-context.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { deleteTopology, TEST_AMQP_URL, uniqueTopology } from '../../support/messaging/rabbitmq.js';
import { TcpProxy } from '../../support/messaging/tcp-proxy.js';

/**
 * Three "processes" (Nest contexts) on one database, each with its own relay and its own broker
 * connection through a TCP proxy that the test cuts and restores mid-burst, while concurrent writers
 * move composes wait → generating → done from different processes. A plain consumer on the real
 * broker must see every compose's state changes once each (by message id) and in order.
 */
const PROCESSES = 3;
const COMPOSES = 24;
const topology = uniqueTopology('outbox-order');
let db: TestDatabase;
const proxies: TcpProxy[] = [];
const contexts: { ctx: INestApplicationContext; close: () => Promise<void> }[] = [];
let listener: Awaited<ReturnType<typeof listenToExchange>>;

beforeAll(async () => {
  db = await createTestDatabase();
  listener = await listenToExchange(topology.exchange, 'odcs.compose.#');
  for (let i = 0; i < PROCESSES; i++) {
    const proxy = new TcpProxy('127.0.0.1', Number(new URL(TEST_AMQP_URL).port || 5672));
    await proxy.start();
    proxies.push(proxy);
    const url = new URL(TEST_AMQP_URL);
    url.port = String(proxy.port);
    const amqp = {
      url: url.toString(),
      ...topology,
      connectionName: `odcs-test outbox-order ${i}`,
      publishTimeoutMs: 300,
      reconnectInitialDelayMs: 50,
      reconnectMaxDelayMs: 200,
    };
    contexts.push(
      await startComposeContext(
        [OutboxRelayModule.forRoot({ pollIntervalMs: 50, batchSize: 4, retentionHours: 1 }), { module: NotificationsModule }],
        {
          db,
          messaging: { driver: 'amqp', amqp },
        },
      ),
    );
  }
}, 60_000);

afterAll(async () => {
  for (const proxy of proxies) await proxy.start().catch(() => undefined);
  for (const c of contexts) await c.close();
  for (const proxy of proxies) await proxy.stop();
  await listener?.close();
  await deleteTopology(topology);
  await db?.drop();
});

const bus = (i: number): CommandBus => contexts[i % PROCESSES]!.ctx.get(CommandBus);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One compose's life, each step in another process. */
async function lifeOf(n: number): Promise<number> {
  const { id } = await bus(n).execute(new CreateComposeCommand({ ...BASE_COMPOSE_FIELDS, owner: `user${n}` }, 600));
  const backend = `backend-${n}`;
  await pause(n % 5);
  const claimed = await bus(n + 1).execute(new StartGenerationCommand(backend, 600, [id]));
  expect(claimed?.id).toBe(id);
  await pause(n % 3);
  await bus(n + 2).execute(new CompleteGenerationCommand(id, `odcs-${id}-1`, backend));
  return id;
}

describe('order of odcs.compose.state-changed per compose', () => {
  it('holds across broker outages, relay hand-overs between processes and concurrent writers', async () => {
    const lives: Promise<number>[] = [];
    for (let n = 0; n < COMPOSES; n++) {
      lives.push(lifeOf(n));
      if (n === COMPOSES / 3) for (const proxy of proxies) await proxy.stop();
      // The broker comes back for one process after the other, so the relay changes hands.
      if (n === COMPOSES / 2) await proxies[1]!.start();
      if (n === (COMPOSES * 2) / 3) {
        await proxies[1]!.stop();
        await proxies[0]!.start();
      }
      await pause(10);
    }
    const ids = await Promise.all(lives);
    await pause(300);
    await proxies[1]!.start();
    await proxies[2]!.start();

    const unique = () => new Map(listener.received.map((m) => [m.messageId, m]));
    await expect.poll(() => unique().size, { timeout: 30_000, interval: 100 }).toBe(COMPOSES * 3);
    // A row is marked published once the broker confirmed it, so the last batch may be seen a moment before it is marked.
    const unpublished = async () =>
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_messages WHERE published_at IS NULL'))[0]!.n;
    await expect.poll(unpublished, { timeout: 10_000, interval: 100 }).toBe(0);
    // The consumer keeps the first copy of each message id (at-least-once delivery).
    const seen = new Set<string | undefined>();
    const firstCopies = listener.received.filter((m) => !seen.has(m.messageId) && seen.add(m.messageId));
    for (const id of ids) {
      const states = firstCopies.filter((m) => m.body.compose.id === id).map((m) => m.body.compose.state_name);
      expect({ id, states }).toEqual({ id, states: ['wait', 'generating', 'done'] });
    }
  }, 90_000);
});
