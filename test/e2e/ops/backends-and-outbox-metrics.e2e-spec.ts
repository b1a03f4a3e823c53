import { EngineModule } from '@odcs/engine';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendAppModule } from '../../../apps/backend/src/backend-app.module.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { sampleKojiWorld } from '../../support/koji/koji-fixtures.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';
import { parsePrometheusText, type Sample, sampleValue } from '../../support/ops/prometheus-text.js';
import { FAST, pungiStandin, waitForState } from '../../support/service.js';

let hub: KojiHub;
let db: TestDatabase;
let frontend: TestApp;
const backends: TestApp[] = [];
const ALIVE_SECONDS = 3;

const count = async (sql: string): Promise<number> => (await db.query<{ n: number }>(sql))[0]!.n;

async function scrape(url: string): Promise<Sample[]> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return parsePrometheusText(await res.text()).samples;
}
const frontendMetrics = () => scrape(`${frontend.baseUrl}/api/1/metrics/`);
const backendMetrics = (b: TestApp) => scrape(`${b.baseUrl}/metrics`);

async function startBackend(): Promise<TestApp> {
  const standin = pungiStandin();
  const b = await startTestApp({
    db,
    config: {
      ...FAST,
      koji_hub_url: hub.hubUrl,
      koji_top_url: hub.topUrl,
      compose_engine: 'pungi',
      pungi_koji: standin.command,
      target_dir: frontend.targetDir,
      backend_heartbeat_seconds: 1,
    },
    module: (config, settings) => BackendAppModule.forRoot(config, settings, EngineModule.forRoot(config)),
  });
  backends.push(b);
  return b;
}

beforeAll(async () => {
  hub = await startKojiHub((await sampleKojiWorld()).fixture);
  db = await createTestDatabase();
  frontend = await startTestApp({ db, config: { backend_alive_seconds: ALIVE_SECONDS } });
});
afterAll(async () => {
  for (const b of backends) await b.close();
  await frontend?.close();
  await db?.drop();
  await hub?.close();
});

describe('outbox metrics: pending in the frontend, published / set aside by the backend relay', () => {
  it('counts pending messages without a backend, then what the relay published and set aside', async () => {
    // A message of a type this version does not know (say, written by a newer frontend).
    await db.query(
      `INSERT INTO outbox_messages (compose_id, type, payload, occurred_at) VALUES (NULL, 'compose.exploded.v9', '{}', now())`,
    );
    const created = (await frontend.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'odcs-base' } })).body;
    const written = await count(`SELECT count(*)::int AS n FROM outbox_messages`);
    expect(written).toBeGreaterThanOrEqual(2);
    let samples = await frontendMetrics();
    expect(sampleValue(samples, 'odcs_outbox_pending_messages')).toBe(written);
    expect(samples.some((s) => s.name === 'odcs_outbox_messages')).toBe(false);

    const backend = await startBackend();
    expect((await waitForState(frontend, created.id, ['done', 'failed'])).state_name).toBe('done');
    await expect.poll(async () => sampleValue(await frontendMetrics(), 'odcs_outbox_pending_messages'), { timeout: 10_000 }).toBe(0);

    const [unknown] = await db.query<{ last_error: string; attempts: number; published: boolean }>(
      `SELECT last_error, attempts, published_at IS NOT NULL AS published FROM outbox_messages WHERE type = 'compose.exploded.v9'`,
    );
    expect(unknown).toEqual({ last_error: 'not deliverable: unknown event type compose.exploded.v9', attempts: 1, published: true });
    const delivered = await count(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE published_at IS NOT NULL AND coalesce(last_error, '') NOT LIKE 'not deliverable:%'`,
    );
    samples = await backendMetrics(backend);
    expect(sampleValue(samples, 'odcs_outbox_messages_total', { status: 'set_aside' })).toBe(1);
    expect(sampleValue(samples, 'odcs_outbox_messages_total', { status: 'published' })).toBe(delivered);
    expect(delivered).toBeGreaterThanOrEqual(3); // created, wait→generating, generating→done
  });
});

describe('backends seen from their heartbeats, busy or idle', () => {
  it('counts two live backends when neither generates, marks a stopped one 0, forgets long-gone ones', async () => {
    await startBackend(); // the second one; the first went idle when its compose was done
    const rows = await db.query<{ id: string; hostname: string; pid: number }>(`SELECT id, hostname, pid FROM backends ORDER BY id`);
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r).toMatchObject({ hostname: hostname(), pid: process.pid });
    const generating = await count(`SELECT count(*)::int AS n FROM composes WHERE state = 1`);
    expect(generating).toBe(0);

    let samples = await frontendMetrics();
    expect(sampleValue(samples, 'celery_workers_totals')).toBe(2);
    for (const r of rows) expect(sampleValue(samples, 'celery_workers', { worker_name: r.id })).toBe(1);

    // A backend that stopped long ago is still listed (0) until backend_forget_seconds, then the sweep deletes it.
    await db.query(
      `INSERT INTO backends (id, hostname, pid, started_at, seen_at) VALUES ('gone:1:abc', 'gone', 1, now() - interval '3 days', now() - interval '2 days')`,
    );
    await db.query(
      `INSERT INTO backends (id, hostname, pid, started_at, seen_at) VALUES ('away:2:def', 'away', 2, now() - interval '3 hours', now() - interval '1 hour')`,
    );
    await expect
      .poll(async () => (await db.query<{ id: string }>(`SELECT id FROM backends ORDER BY id`)).map((r) => r.id), { timeout: 10_000 })
      .toEqual(['away:2:def', ...rows.map((r) => r.id)].sort());
    samples = await frontendMetrics();
    expect(sampleValue(samples, 'celery_workers', { worker_name: 'away:2:def' })).toBe(0);
    expect(sampleValue(samples, 'celery_workers', { worker_name: 'gone:1:abc' })).toBeUndefined();
    expect(sampleValue(samples, 'celery_workers_totals')).toBe(2);

    // The first backend stops: after backend_alive_seconds it shows 0, the other stays 1.
    const stopped = backends.shift()!;
    await stopped.close();
    await expect.poll(async () => sampleValue(await frontendMetrics(), 'celery_workers_totals'), { timeout: 15_000 }).toBe(1);
    samples = await frontendMetrics();
    expect(rows.map((r) => sampleValue(samples, 'celery_workers', { worker_name: r.id })).sort()).toEqual([0, 1]);
  });
});
