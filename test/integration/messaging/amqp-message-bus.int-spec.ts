import { createServer } from 'node:net';
import { connect } from 'amqplib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AmqpMessageBus,
  composeStateChangedMessage,
  internalWorkMessage,
  MessageBusConnectError,
  MessageBusUnavailableError,
  type OutgoingMessage,
  type Subscription,
  type WorkMessage,
} from '@odcs/messaging';
import {
  bindProbeQueue,
  deleteTopology,
  startAmqpBus,
  TEST_AMQP_URL,
  uniqueTopology,
  type AmqpBusFixture,
  type ProbeQueue,
} from '../../support/messaging/rabbitmq.js';
import { TcpProxy } from '../../support/messaging/tcp-proxy.js';

let counter = 0;
const nextId = (): string => `int-${process.pid}-${Date.now()}-${++counter}`;
const signal = (composeId: number): OutgoingMessage => ({ id: nextId(), ...internalWorkMessage('composeCreated', composeId) });
const compose = { id: 42, state: 2, state_name: 'done', owner: 'alice', arches: 'x86_64 ppc64le', result_repo: null };

describe('AmqpMessageBus on RabbitMQ', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  const track = <T extends AmqpBusFixture | ProbeQueue | Subscription | TcpProxy>(thing: T): T => {
    cleanups.unshift(() => ('dispose' in thing ? thing.dispose() : 'stop' in thing ? thing.stop() : thing.close()));
    return thing;
  };
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('sends odcs.compose.state-changed to bound consumers as persistent JSON with the message id', async () => {
    const { bus, topology } = track(await startAmqpBus());
    const probe = track(await bindProbeQueue(topology.exchange, 'odcs.compose.#'));
    await bus.publish({ id: 'outbox-17', ...composeStateChangedMessage(compose), headers: { 'x-odcs-version': '1' } });
    await expect.poll(() => probe.messages.length).toBe(1);
    const [msg] = probe.messages;
    expect(msg?.fields.routingKey).toBe('odcs.compose.state-changed');
    expect(msg?.properties).toMatchObject({
      messageId: 'outbox-17',
      contentType: 'application/json',
      deliveryMode: 2,
      headers: { 'x-odcs-version': '1' },
    });
    expect(JSON.parse(msg?.content.toString('utf8') ?? '')).toEqual({ event: 'state-changed', compose });
  });

  it('renames the topic prefix on the wire while handlers keep seeing canonical routing keys', async () => {
    const { bus, topology } = track(await startAmqpBus({ topicPrefix: 'org.fedoraproject.stg.odcs' }));
    const probe = track(await bindProbeQueue(topology.exchange, 'org.fedoraproject.stg.odcs.#'));
    const received: WorkMessage[] = [];
    track(await bus.subscribeWork(async (m) => void received.push(m)));
    await bus.publish({ id: nextId(), ...composeStateChangedMessage(compose) });
    await bus.publish(signal(3));
    await expect
      .poll(() => probe.messages.map((m) => m.fields.routingKey))
      .toEqual(['org.fedoraproject.stg.odcs.compose.state-changed', 'org.fedoraproject.stg.odcs.internal.compose.created']);
    await expect.poll(() => received.map((m) => m.routingKey)).toEqual(['odcs.internal.compose.created']);
  });

  it('resolves publish only once the broker holds the message', async () => {
    const { bus, topology } = track(await startAmqpBus());
    const model = await connect(TEST_AMQP_URL);
    cleanups.unshift(() => model.close());
    const channel = await model.createChannel();
    for (const composeId of [1, 2, 3]) {
      await bus.publish(signal(composeId));
      expect((await channel.checkQueue(topology.workQueue)).messageCount).toBe(composeId);
    }
  });

  it('reconnects after the connection is cut: publishes wait for it and consumers resume', async () => {
    const { bus, topology } = track(await startAmqpBus());
    const probe = track(await bindProbeQueue(topology.exchange, 'odcs.#'));
    const received: WorkMessage[] = [];
    track(await bus.subscribeWork(async (m) => void received.push(m)));
    const before = signal(1);
    await bus.publish(before);
    await expect.poll(() => received.map((m) => m.id)).toEqual([before.id]);

    bus.dropConnectionForTesting();
    const after = [signal(2), signal(3)];
    for (const message of after) await bus.publish(message);

    // At least once: an ack still in the socket buffer when it was cut may be lost, so dedupe.
    await expect.poll(() => [...new Set(received.map((m) => m.id))]).toEqual([before.id, ...after.map((m) => m.id)]);
    expect(probe.messages.map((m) => m.properties.messageId)).toEqual([before.id, ...after.map((m) => m.id)]);
  });

  it('redelivers a signal whose handler was still running when the connection dropped', async () => {
    const { bus } = track(await startAmqpBus());
    const received: WorkMessage[] = [];
    let release = (): void => undefined;
    const firstRunBlocked = new Promise<void>((resolve) => (release = resolve));
    track(
      await bus.subscribeWork(async (m) => {
        received.push(m);
        if (received.length === 1) await firstRunBlocked;
      }),
    );
    cleanups.unshift(async () => release()); // runs before the subscription waits for its handler
    const message = signal(9);
    await bus.publish(message);
    await expect.poll(() => received.length).toBe(1);
    bus.dropConnectionForTesting();
    await expect
      .poll(() => received.map((m) => [m.id, m.deliveryAttempt]))
      .toEqual([
        [message.id, 1],
        [message.id, 2],
      ]);
    release();
  });

  it('shares the work queue between buses: each signal is handled by exactly one backend', async () => {
    const first = track(await startAmqpBus());
    const second = track(await startAmqpBus({}, first.topology));
    const handled = new Map<string, string[]>([
      ['first', []],
      ['second', []],
    ]);
    let release = (): void => undefined;
    const bothBusy = new Promise<void>((resolve) => (release = resolve));
    for (const [name, bus] of [
      ['first', first.bus],
      ['second', second.bus],
    ] as const) {
      track(
        await bus.subscribeWork(async (m) => {
          handled.get(name)?.push(m.id);
          if ([...handled.values()].every((ids) => ids.length > 0)) release();
          await bothBusy;
        }),
      );
    }
    cleanups.unshift(async () => release());
    const messages = Array.from({ length: 8 }, (_, i) => signal(i + 1));
    for (const message of messages) await first.bus.publish(message);
    await expect.poll(() => [...handled.values()].flat().length).toBe(8);
    const [a, b] = [handled.get('first') ?? [], handled.get('second') ?? []];
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect([...a, ...b].sort()).toEqual(messages.map((m) => m.id).sort());
  });

  it('re-creates its exchange and bindings when they vanish from the broker', async () => {
    const { bus, topology } = track(await startAmqpBus());
    const received: WorkMessage[] = [];
    track(await bus.subscribeWork(async (m) => void received.push(m)));
    const model = await connect(TEST_AMQP_URL);
    await (await model.createChannel()).deleteExchange(topology.exchange);
    await model.close();
    const message = signal(4);
    await bus.publish(message);
    await expect.poll(() => received.map((m) => m.id)).toEqual([message.id]);
  });

  it('rejects publish when the broker stays unreachable, and publishes again once it is back', async () => {
    const proxy = track(new TcpProxy('127.0.0.1', Number(new URL(TEST_AMQP_URL).port || 5672)));
    await proxy.start();
    const url = new URL(TEST_AMQP_URL);
    url.port = String(proxy.port);
    const { bus, topology } = track(await startAmqpBus({ url: url.toString(), publishTimeoutMs: 400 }));
    const probe = track(await bindProbeQueue(topology.exchange, 'odcs.compose.#'));

    await proxy.stop();
    const lost = { id: nextId(), ...composeStateChangedMessage(compose) };
    await expect(bus.publish(lost)).rejects.toThrow(MessageBusUnavailableError);

    await proxy.start();
    // As the outbox relay does: keep retrying the unsent message until the broker confirms it.
    const retry = (): Promise<string> =>
      bus.publish(lost).then(
        () => 'sent',
        (e: Error) => e.name,
      );
    await expect.poll(retry, { timeout: 15_000, interval: 100 }).toBe('sent');
    await expect.poll(() => probe.messages.map((m) => m.properties.messageId)).toContain(lost.id);
  });

  it('fails to start with an actionable error when no broker listens, without leaking the password', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const bus = new AmqpMessageBus({ url: `amqp://odcs:s3cret@127.0.0.1:${port}`, connectTimeoutMs: 500 });
    const failure = bus.start();
    await expect(failure).rejects.toThrow(MessageBusConnectError);
    await expect(failure).rejects.toThrow(`amqp://odcs:***@127.0.0.1:${port}`);
    await expect(failure).rejects.not.toThrow(/s3cret/);
    await expect(failure).rejects.toThrow(/ECONNREFUSED/);
  });

  it('explains a work queue that exists with incompatible arguments', async () => {
    const topology = uniqueTopology('classic');
    cleanups.unshift(() => deleteTopology(topology));
    const model = await connect(TEST_AMQP_URL);
    await (await model.createChannel()).assertQueue(topology.workQueue, { durable: true });
    await model.close();
    const bus = new AmqpMessageBus({ url: TEST_AMQP_URL, ...topology, connectTimeoutMs: 1000 });
    await expect(bus.start()).rejects.toThrow(/work queue "odcs-test\.classic\..*" .*delete it or configure another/);
  });
});
