import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/app.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';
import { sampleKojiWorld } from '../../support/koji/koji-fixtures.js';
import { pungiStandin, startService, waitForState } from '../../support/service.js';

let hub: KojiHub;
let db: TestDatabase;
let a: TestApp;
let b: TestApp;
let runsLog: string;

beforeAll(async () => {
  hub = await startKojiHub((await sampleKojiWorld()).fixture);
  db = await createTestDatabase();
  const standin = pungiStandin({ PUNGI_STANDIN_MODE: 'sleep', PUNGI_STANDIN_SLEEP: '0.3' });
  runsLog = standin.runsLog;
  const config = { koji_hub_url: hub.hubUrl, koji_top_url: hub.topUrl, compose_engine: 'pungi' as const, pungi_koji: standin.command };
  a = await startService({ db, config });
  b = await startService({ db, config: { ...config, target_dir: a.targetDir } });
});
afterAll(async () => {
  await b.close();
  await a.close();
  await db.drop();
  await hub.close();
});

describe('two backends on one database', () => {
  it('generate each compose exactly once', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) {
      const via = i % 2 ? a : b;
      ids.push(
        (await via.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'odcs-base' }, flags: ['no_reuse'] })).body.id,
      );
    }
    for (const id of ids) expect((await waitForState(a, id, ['done', 'failed'])).state_name).toBe('done');
    const runs = readFileSync(runsLog, 'utf8').trim().split('\n');
    expect(runs.sort()).toEqual(ids.map((id) => `${a.targetDir}/odcs-${id}`).sort());
    const owners = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM composes WHERE attempts <> 1 AND id = ANY($1)`, [ids]);
    expect(owners[0]!.n).toBe(0);
  });
});
