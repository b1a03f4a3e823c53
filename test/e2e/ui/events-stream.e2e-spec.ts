import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';
import { sampleKojiWorld } from '../../support/koji/koji-fixtures.js';
import { pungiStandin, startService } from '../../support/service.js';

let hub: KojiHub;
let t: TestApp;

beforeAll(async () => {
  hub = await startKojiHub((await sampleKojiWorld()).fixture);
  const standin = pungiStandin({ PUNGI_STANDIN_MODE: 'sleep', PUNGI_STANDIN_SLEEP: '0.5' });
  t = await startService({
    config: { koji_hub_url: hub.hubUrl, koji_top_url: hub.topUrl, compose_engine: 'pungi', pungi_koji: standin.command },
  });
});
afterAll(async () => {
  await t.close();
  await hub.close();
});

interface SseEvent {
  id: string;
  event: string;
  data: { id: number; type: string; compose_id: number; occurred_at: string; payload: Record<string, any> };
}

/** Reads Server-Sent Events from `path` until `until` says stop; returns them. */
async function readEvents(path: string, until: (events: SseEvent[]) => boolean, headers: Record<string, string> = {}): Promise<SseEvent[]> {
  const abort = new AbortController();
  const res = await fetch(t.baseUrl + path, { headers, signal: abort.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = res.body!.getReader();
  const timer = setTimeout(() => abort.abort(), 20_000);
  try {
    while (!until(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) =>
          block
            .split('\n')
            .find((l) => l.startsWith(`${name}: `))
            ?.slice(name.length + 2) ?? '';
        if (field('data')) events.push({ id: field('id'), event: field('event'), data: JSON.parse(field('data')) });
      }
    }
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return events;
}

const states = (events: SseEvent[], id: number) =>
  events.filter((e) => e.data.compose_id === id && e.event === 'compose.state-changed.v1').map((e) => e.data.payload['compose'].state_name);

describe('GET /api/1/events/ (Server-Sent Events from the outbox)', () => {
  it('streams a compose moving wait → generating → done, live', async () => {
    let id = 0;
    const live = readEvents('/api/1/events/', (events) => id > 0 && states(events, id).includes('done'));
    // The stream starts after the newest stored event: wait until it is open before creating.
    await new Promise((r) => setTimeout(r, 300));
    id = (await t.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'odcs-base' }, flags: ['no_reuse'] })).body.id;
    const events = await live;
    expect(states(events, id)).toEqual(['wait', 'generating', 'done']);
    const done = events.find((e) => e.event === 'compose.state-changed.v1' && e.data.payload['compose'].state_name === 'done')!;
    expect(done.data.payload).toMatchObject({ from: 'generating', to: 'done', compose: { id, state: 2 } });
    expect(Number(done.id)).toBe(done.data.id);
    expect(Date.parse(done.data.occurred_at)).not.toBeNaN();
    const ids = events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('compose_id replays one compose from its first event; Last-Event-ID and since resume after an id', async () => {
    const id = (await t.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'odcs-updates' }, flags: ['no_reuse'] })).body
      .id;
    const all = await readEvents(`/api/1/events/?compose_id=${id}`, (events) => states(events, id).includes('done'));
    expect(states(all, id)).toEqual(['wait', 'generating', 'done']);
    expect(all.every((e) => e.data.compose_id === id)).toBe(true);
    const first = all[0]!.id;
    const resumed = await readEvents(`/api/1/events/?compose_id=${id}`, (events) => states(events, id).includes('done'), {
      'last-event-id': first,
    });
    expect(states(resumed, id)).toEqual(['generating', 'done']);
    const since = await readEvents(`/api/1/events?compose_id=${id}&since=${first}`, (events) => states(events, id).includes('done'));
    expect(states(since, id)).toEqual(['generating', 'done']);
  });

  it('ends open streams when the server shuts down', async () => {
    const web = await startTestApp();
    const res = await fetch(`${web.baseUrl}/api/1/events/`);
    expect(res.status).toBe(200);
    const body = res.text();
    await web.close(); // would wait for the client forever if the stream stayed open
    expect((await body).trim()).toBe('');
  });

  it('refuses a bad compose_id or since with a 400 JSON error', async () => {
    for (const q of ['compose_id=abc', 'since=-1', 'compose_id=1e3']) {
      const res = await t.request('GET', `/api/1/events/?${q}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 400, error: 'Bad Request', message: expect.stringContaining('non-negative integer') });
    }
  });
});
