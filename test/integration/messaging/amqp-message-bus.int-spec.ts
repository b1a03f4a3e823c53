import { createServer } from 'node:net';
import { connect } from 'amqplib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AmqpMessageBus,
  composeStateChangedMessage,
  MessageBusConnectError,
  MessageBusUnavailableError,
  type OutgoingMessage,
} from '@odcs/messaging';
import { bindProbeQueue, startAmqpBus, TEST_AMQP_URL, type AmqpBusFixture, type ProbeQueue } from '../../support/messaging/rabbitmq.js';
import { TcpProxy } from '../../support/messaging/tcp-proxy.js';

let counter = 0;
const nextId = (): string => `int-${process.pid}-${Date.now()}-${++counter}`;
const compose = { id: 42, state: 2, state_name: 'done', owner: 'alice', arches: 'x86_64 ppc64le', result_repo: null };
const stateChange = (id: number): OutgoingMessage => ({ id: nextId(), ...composeStateChangedMessage({ ...compose, id }) });

describe('AmqpMessageBus on RabbitMQ', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  const track = <T extends AmqpBusFixture | ProbeQueue | TcpProxy>(thing: T): T => {
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

  it('renames the topic prefix on the wire', async () => {
    const { bus, topology } = track(await startAmqpBus({ topicPrefix: 'org.fedoraproject.stg.odcs' }));
    const probe = track(await bindProbeQueue(topology.exchange, 'org.fedoraproject.stg.odcs.#'));
    await bus.publish({ id: nextId(), ...composeStateChangedMessage(compose) });
    await expect.poll(() => probe.messages.map((m) => m.fields.routingKey)).toEqual(['org.fedoraproject.stg.odcs.compose.state-changed']);
  });

  it('resolves publish only once the broker holds the message', async () => {
    const { bus, topology } = track(await startAmqpBus());
    const model = await connect(TEST_AMQP_URL);
    cleanups.unshift(() => model.close());
    const channel = await model.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, topology.exchange, 'odcs.#');
    for (const id of [1, 2, 3]) {
      await bus.publish(stateChange(id));
      expect((await channel.checkQueue(queue)).messageCount).toBe(id);
    }
  });

  it('reconnects after the connection is cut: publishes wait for it', async () => {
    const { bus, topology } = track(await startAmqpBus());
    const probe = track(await bindProbeQueue(topology.exchange, 'odcs.#'));
    const before = stateChange(1);
    await bus.publish(before);
    await expect.poll(() => probe.messages.length).toBe(1);

    bus.dropConnectionForTesting();
    const after = [stateChange(2), stateChange(3)];
    for (const message of after) await bus.publish(message);

    // At least once: a confirm lost with the socket makes the bus send again, so dedupe.
    await expect
      .poll(() => [...new Set(probe.messages.map((m) => m.properties.messageId as string))])
      .toEqual([before.id, ...after.map((m) => m.id)]);
  });

  it('re-creates its exchange when it vanishes from the broker', async () => {
    const { bus, topology } = track(await startAmqpBus());
    const model = await connect(TEST_AMQP_URL);
    cleanups.unshift(() => model.close());
    await (await model.createChannel()).deleteExchange(topology.exchange);
    await bus.publish(stateChange(4));
    await expect((await model.createChannel()).checkExchange(topology.exchange)).resolves.toBeTruthy();
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
});
