import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { composeStateChangedMessage } from '@odcs/messaging';
import { startAmqpBus, TEST_AMQP_URL, type AmqpBusFixture } from '../../support/messaging/rabbitmq.js';

const script = fileURLToPath(new URL('../../../scripts/odcs-events.mjs', import.meta.url));

interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: string[];
  stderr: string[];
}

function run(env: Record<string, string>): Running {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env } });
  const running: Running = { child, stdout: [], stderr: [] };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => running.stdout.push(chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => running.stderr.push(chunk));
  return running;
}

describe('scripts/odcs-events.mjs', () => {
  let fixture: AmqpBusFixture | undefined;
  let running: Running | undefined;
  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await once(running.child, 'exit');
    }
    await fixture?.dispose();
  });

  it('prints each compose event on the configured exchange and prefix as one JSON line', async () => {
    fixture = await startAmqpBus({ topicPrefix: 'org.example.odcs' });
    running = run({
      AMQP_URL: TEST_AMQP_URL,
      ODCS_MESSAGING_EXCHANGE: fixture.topology.exchange,
      ODCS_MESSAGING_TOPIC_PREFIX: 'org.example.odcs',
    });
    const r = running;
    await expect.poll(() => r.stderr.join(''), { timeout: 10_000 }).toContain('listening on exchange');
    expect(r.stderr.join('')).toContain('for org.example.odcs.compose.#');

    const compose = { id: 8, state: 2, state_name: 'done', owner: 'bob' };
    await fixture.bus.publish({ id: 'w-1', routingKey: 'odcs.backend.other', body: { composeId: 8 } });
    await fixture.bus.publish({ id: 'evt-1', ...composeStateChangedMessage(compose) });
    await expect.poll(() => r.stdout.join('').split('\n').filter(Boolean).length).toBe(1);

    const line = JSON.parse(r.stdout.join('').trim()) as Record<string, unknown>;
    expect(line).toMatchObject({
      topic: 'org.example.odcs.compose.state-changed',
      id: 'evt-1',
      body: { event: 'state-changed', compose },
    });
    expect(Date.parse(String(line.timestamp))).not.toBeNaN();

    r.child.kill('SIGTERM');
    const [code] = (await once(r.child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });

  it('explains an unreachable broker and exits non-zero', async () => {
    running = run({ AMQP_URL: 'amqp://odcs:pw@127.0.0.1:1' });
    const [code] = (await once(running.child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(running.stderr.join('')).toMatch(/cannot connect to amqp:\/\/odcs:\*\*\*@127\.0\.0\.1:1.*ECONNREFUSED/);
  });
});
