import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/app.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';
import { sampleKojiWorld } from '../../support/koji/koji-fixtures.js';
import { pungiStandin, startService, waitForState } from '../../support/service.js';

let hub: KojiHub;
let t: TestApp;
let runsLog: string;

beforeAll(async () => {
  hub = await startKojiHub((await sampleKojiWorld()).fixture);
  const standin = pungiStandin({ PUNGI_STANDIN_MODE: 'sleep', PUNGI_STANDIN_SLEEP: '2' });
  runsLog = standin.runsLog;
  t = await startService({
    config: { koji_hub_url: hub.hubUrl, koji_top_url: hub.topUrl, compose_engine: 'pungi', pungi_koji: standin.command },
  });
});
afterAll(async () => {
  await t.close();
  await hub.close();
});

describe('reuse of a compose that is still generating (CONTRACT §6.2, §6.4)', () => {
  it('waits in generating and follows the reused compose to done', async () => {
    const body = { source: { type: 'tag', source: 'odcs-candidate' } };
    const first = (await t.request('POST', '/api/1/composes/', body)).body;
    // Once Pungi runs, the first compose says "Compose is generating" and becomes a candidate.
    for (let i = 0; i < 100; i++) {
      const c = (await t.request('GET', `/api/1/composes/${first.id}`)).body;
      if (c.state_reason === 'Compose is generating') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const second = (await t.request('POST', '/api/1/composes/', body)).body;
    await waitForState(t, second.id, ['generating']);
    for (let i = 0; i < 100; i++) {
      const c = (await t.request('GET', `/api/1/composes/${second.id}`)).body;
      if (c.reused_id === first.id) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await t.request('GET', `/api/1/composes/${second.id}`)).body).toMatchObject({ state_name: 'generating', reused_id: first.id });
    const firstDone = await waitForState(t, first.id, ['done', 'failed']);
    const secondDone = await waitForState(t, second.id, ['done', 'failed']);
    expect(firstDone.state_name).toBe('done');
    expect(secondDone).toMatchObject({
      state_name: 'done',
      state_reason: firstDone.state_reason,
      reused_id: first.id,
      result_repofile: firstDone.result_repofile,
    });
    expect(readFileSync(runsLog, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
