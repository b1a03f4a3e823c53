import { MESSAGE_BUS } from '@odcs/messaging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/app.js';
import { AMQP_URL, listenToExchange, uniqueMessaging } from '../../support/amqp/topic-listener.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';
import { sampleKojiWorld } from '../../support/koji/koji-fixtures.js';
import { pungiStandin, startService, waitForState } from '../../support/service.js';

let hub: KojiHub;
let t: TestApp;
let listener: Awaited<ReturnType<typeof listenToExchange>>;
const names = uniqueMessaging();

beforeAll(async () => {
  hub = await startKojiHub((await sampleKojiWorld()).fixture);
  listener = await listenToExchange(names.exchange);
  t = await startService({
    config: {
      amqp_url: AMQP_URL,
      messaging_exchange: names.exchange,
      koji_hub_url: hub.hubUrl,
      koji_top_url: hub.topUrl,
      compose_engine: 'pungi',
      pungi_koji: pungiStandin().command,
    },
  });
});
afterAll(async () => {
  await t.close();
  await listener.close();
  await names.cleanup();
  await hub.close();
});

const until = async (check: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting for messages');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('odcs.compose.state-changed on RabbitMQ (CONTRACT §10)', () => {
  it('delivers created → generating → done → removed for a compose, with the contract payload', async () => {
    const created = (await t.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'odcs-base' }, flags: ['no_reuse'] }))
      .body;
    await waitForState(t, created.id, ['done', 'failed']);
    expect((await t.request('DELETE', `/api/1/composes/${created.id}`)).status).toBe(202);
    await waitForState(t, created.id, ['removed']);
    await until(() => listener.forCompose(created.id).length >= 4);
    const messages = listener.forCompose(created.id);
    expect(messages.map((m) => m.body.compose.state_name)).toEqual(['wait', 'generating', 'done', 'removed']);
    expect(messages.map((m) => m.body.compose.state)).toEqual([0, 1, 2, 3]);
    for (const m of messages) {
      expect(m.routingKey).toBe('odcs.compose.state-changed');
      expect(m.persistent).toBe(true);
      expect(m.body.event).toBe('state-changed');
      expect(Object.keys(m.body)).toEqual(['event', 'compose']);
      expect(m.body.compose).not.toHaveProperty('pungi_config_dump');
      expect(m.body.compose).toMatchObject({ id: created.id, source: 'odcs-base', owner: 'unknown' });
    }
    expect(messages[3]!.body.compose.state_reason).toBe('Compose is generated successfully\nRemoved by unknown.');
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(4);
  });

  it('loses nothing while the broker connection is down, and keeps the order per compose', async () => {
    const bus = t.app.get<symbol, { dropConnectionForTesting(): Promise<void> }>(MESSAGE_BUS);
    await bus.dropConnectionForTesting();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'odcs-base' } });
      expect(res.status).toBe(200); // the API keeps accepting composes meanwhile
      ids.push(res.body.id);
    }
    for (const id of ids) await waitForState(t, id, ['done', 'failed']);
    await until(() => ids.every((id) => listener.forCompose(id).length >= 3));
    for (const id of ids) {
      const states = listener.forCompose(id).map((m) => m.body.compose.state_name);
      expect(states, `compose ${id}`).toEqual(['wait', 'generating', 'done']);
    }
    const all = ids.flatMap((id) => listener.forCompose(id).map((m) => m.messageId));
    expect(new Set(all).size).toBe(all.length);
  });
});
