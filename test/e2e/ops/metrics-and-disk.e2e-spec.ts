import { statfsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryBytes } from '../../../apps/backend/src/storage/directory-bytes.js';
import type { TestApp } from '../../support/app.js';
import { engineWorld } from '../../support/engine/engine-world.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';
import { parsePrometheusText, sampleValue } from '../../support/ops/prometheus-text.js';
import { startService, waitForState } from '../../support/service.js';

let hub: KojiHub;
let t: TestApp;
const done: Record<string, any>[] = [];

async function scrape() {
  const res = await fetch(`${t.baseUrl}/api/1/metrics/`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return parsePrometheusText(await res.text());
}

beforeAll(async () => {
  hub = await startKojiHub((await engineWorld()).fixture);
  t = await startService({
    servedUrls: true,
    config: { koji_hub_url: hub.hubUrl, koji_top_url: hub.topUrl, compose_engine: 'builtin', expected_backend_number: 3 },
  });
  for (const packages of [['app'], ['helper']]) {
    const created = (await t.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'eng-tag', packages } })).body;
    const compose = await waitForState(t, created.id, ['done', 'failed'], 60_000);
    expect(compose.state_name, compose.state_reason).toBe('done');
    done.push(compose);
  }
}, 180_000);
afterAll(async () => {
  await t?.close();
  await hub?.close();
});

describe('Prometheus metrics over HTTP', () => {
  it('serves the compose gauges of CONTRACT §11 and the generation histograms, in parseable text format', async () => {
    const { samples, types, help } = await scrape();
    expect(help.get('composes_total')).toBe('Total number of composes');
    expect(samples.filter((s) => s.name === 'composes_total')).toHaveLength(35);
    expect(sampleValue(samples, 'composes_total', { source_type: 'tag', state: 'done' })).toBe(2);
    expect(sampleValue(samples, 'composes_total', { source_type: 'module', state: 'wait' })).toBe(0);
    expect(sampleValue(samples, 'celery_queue_length', { queue_name: 'wait' })).toBe(0);
    expect(sampleValue(samples, 'celery_workers_expected')).toBe(3);
    expect(types.get('odcs_generation_duration_seconds')).toBe('histogram');
    expect(sampleValue(samples, 'odcs_generation_duration_seconds_count', { source_type: 'tag', engine: 'builtin', outcome: 'done' })).toBe(
      2,
    );
    expect(sampleValue(samples, 'odcs_queue_wait_seconds_count', { source_type: 'tag' })).toBe(2);
    // npm start: one registry holds the frontend's backlog gauge and the relay's counters.
    const published = sampleValue(samples, 'odcs_outbox_messages_total', { status: 'published' }) ?? 0;
    const pending = sampleValue(samples, 'odcs_outbox_pending_messages') ?? 0;
    expect(published + pending).toBeGreaterThanOrEqual(4); // wait→generating→done of two composes, at least
    expect(sampleValue(samples, 'odcs_outbox_messages_total', { status: 'set_aside' })).toBe(0);
  });

  it('observes HTTP request durations by route pattern and status', async () => {
    await t.request('GET', `/api/1/composes/${done[0]!.id}`);
    await t.request('GET', '/api/1/composes/999999');
    const { samples } = await scrape();
    expect(
      sampleValue(samples, 'odcs_http_request_duration_seconds_count', { route: '/api/1/composes/:id', status: '200', method: 'GET' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleValue(samples, 'odcs_http_request_duration_seconds_count', { route: '/api/1/composes/:id', status: '404', method: 'GET' }),
    ).toBe(1);
    expect(
      sampleValue(samples, 'odcs_http_request_duration_seconds_count', { route: '/api/1/composes', status: '200', method: 'POST' }),
    ).toBe(2);
  });
});

describe('disk use of composes', () => {
  it('gives size_bytes of each done compose, measured from its directory, totalled in metrics and about', async () => {
    let total = 0;
    for (const c of done) {
      const json = (await t.request('GET', `/api/1/composes/${c.id}`)).body;
      expect(json.size_bytes).toBeGreaterThan(0);
      expect(json.size_bytes).toBe(await directoryBytes(`${t.targetDir}/odcs-${c.id}`));
      total += json.size_bytes;
    }
    const { samples } = await scrape();
    expect(sampleValue(samples, 'odcs_disk_used_bytes', { target_dir: t.targetDir })).toBe(total);
    const about = (await t.request('GET', '/api/1/about/')).body;
    expect(about.disk_used_bytes).toEqual({ [t.targetDir]: total });
  });

  it('lists the oldest composes that would go to free N bytes (dry_run), refuses bad input, then removes them', async () => {
    const none = await t.request('POST', '/api/1/admin/free-space/', { bytes: 0, dry_run: true });
    expect(none.status).toBe(200);
    expect(none.body.composes).toEqual([]);
    const fs = statfsSync(t.targetDir);
    const beyondDisk = fs.blocks * fs.bsize + 1;
    const dry = await t.request('POST', '/api/1/admin/free-space/?dry_run=true', { bytes: beyondDisk });
    expect(dry.body).toMatchObject({ dry_run: true, enough: false, target_dir: t.targetDir });
    expect(dry.body.composes.map((c: { id: number }) => c.id)).toEqual(done.map((c) => c.id)); // oldest first
    expect(dry.body.freed_bytes).toBe(dry.body.composes.reduce((n: number, c: { size_bytes: number }) => n + c.size_bytes, 0));
    expect(dry.body.freed_bytes).toBeGreaterThan(0);
    expect((await t.request('GET', `/api/1/composes/${done[0]!.id}`)).body.state_name).toBe('done');

    const bad = await t.request('POST', '/api/1/admin/free-space/', { bytes: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: 400, error: 'Bad Request', message: '"bytes" must be a non-negative integer' });

    const real = await t.request('POST', '/api/1/admin/free-space/', { bytes: beyondDisk });
    expect(real.body.dry_run).toBe(false);
    for (const c of done) expect((await waitForState(t, c.id, ['removed'])).state_name).toBe('removed');
  });
});
