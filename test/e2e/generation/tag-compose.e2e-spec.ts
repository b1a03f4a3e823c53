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
  const standin = pungiStandin();
  runsLog = standin.runsLog;
  t = await startService({
    config: { koji_hub_url: hub.hubUrl, koji_top_url: hub.topUrl, compose_engine: 'pungi', pungi_koji: standin.command },
  });
});
afterAll(async () => {
  await t.close();
  await hub.close();
});

const post = async (body: unknown) => (await t.request('POST', '/api/1/composes/', body)).body as Record<string, any>;
const runs = () => readFileSync(runsLog, 'utf8').trim().split('\n').filter(Boolean);

describe('tag composes through Pungi (CONTRACT §6, §8, §9)', () => {
  it('generates a tag compose to done and serves its repo file', async () => {
    const created = await post({ source: { type: 'tag', source: 'odcs-candidate', packages: ['odcs-foo'] } });
    expect(created.state_name).toBe('wait');
    const done = await waitForState(t, created.id, ['done', 'failed']);
    expect(done).toMatchObject({ state_name: 'done', state_reason: 'Compose is generated successfully', koji_event: hub.lastEvent() });
    expect(done.pungi_compose_id).toMatch(new RegExp(`^odcs-${created.id}-1-\\d{8}\\.t\\.0$`));
    expect(done.time_started).not.toBeNull();
    expect(done.time_done).not.toBeNull();
    const repoPath = new URL(done.result_repofile).pathname;
    const repo = await fetch(t.baseUrl + repoPath);
    expect(repo.status).toBe(200);
    const text = await repo.text();
    expect(text).toContain(`[odcs-${created.id}]`);
    expect(text).toContain(`baseurl=${done.result_repo}/$basearch/os`);
    // The python client's --watch tails pungi-stderr.log with HTTP Range (206, 416 when nothing new, 404 before it exists).
    const logPath = `${new URL(done.toplevel_url).pathname}/pungi-stderr.log`;
    const part = await fetch(t.baseUrl + logPath, { headers: { Range: 'bytes=0-' } });
    expect(part.status).toBe(206);
    const size = Number(part.headers.get('content-range')?.split('/')[1]);
    expect((await fetch(t.baseUrl + logPath, { headers: { Range: `bytes=${size}-` } })).status).toBe(416);
    expect((await fetch(`${t.baseUrl}/composes/odcs-999999/pungi-stderr.log`)).status).toBe(404);
    const listing = await fetch(`${t.baseUrl}/composes/?C=M;O=D`).then((r) => r.text());
    expect(listing).toContain(`odcs-${created.id}/`);
  });

  it('fails an unknown tag with the reason from Koji', async () => {
    const created = await post({ source: { type: 'tag', source: 'no-such-tag' } });
    const failed = await waitForState(t, created.id, ['done', 'failed']);
    expect(failed.state_name).toBe('failed');
    expect(failed.state_reason).toBe('Error while generating compose: Unknown Koji tag no-such-tag.');
  });

  it('fails with the Koji fault when Koji answers one while the event is chosen', async () => {
    hub.failNextRequests(1, 'generic-error');
    const created = await post({ source: { type: 'tag', source: 'odcs-base' }, flags: ['no_reuse'] });
    const failed = await waitForState(t, created.id, ['done', 'failed']);
    expect(failed).toMatchObject({
      state_name: 'failed',
      state_reason: 'Error while generating compose: Koji connection has failed: database is in maintenance',
    });
  });

  it("fails a label Pungi refuses with Pungi's own error line in the reason", async () => {
    const created = await post({
      source: { type: 'tag', source: 'odcs-candidate', packages: ['odcs-foo'] },
      flags: ['no_reuse'],
      label: 'nightly-1',
    });
    const failed = await waitForState(t, created.id, ['done', 'failed']);
    expect(failed.state_name).toBe('failed');
    expect(failed.state_reason).toMatch(
      /^Error while generating compose: Command '.*' returned non-zero value 2, stdout log: .*, stderr log: .*\n/,
    );
    expect(failed.state_reason.split('\n').slice(1)).toEqual(['pungi-koji: error: Label in unknown format: nightly-1', '']);
  });

  it('reuses an identical older compose, and stops reusing once the tag changed', async () => {
    const body = { source: { type: 'tag', source: 'odcs-updates', packages: ['odcs-bar'] }, seconds_to_live: 600 };
    const first = await waitForState(t, (await post(body)).id, ['done', 'failed']);
    expect(first.state_name).toBe('done');
    const runsBefore = runs().length;
    const second = await waitForState(t, (await post({ ...body, seconds_to_live: 1200 })).id, ['done', 'failed']);
    expect(second).toMatchObject({
      state_name: 'done',
      reused_id: first.id,
      pungi_compose_id: first.pungi_compose_id,
      result_repo: first.result_repo,
      result_repofile: first.result_repofile,
      toplevel_url: first.toplevel_url,
    });
    expect(runs().length).toBe(runsBefore);
    const firstAgain = (await t.request('GET', `/api/1/composes/${first.id}`)).body;
    // Reuse gives the reused compose the longer life of the two (the new one is then re-based on completion, §4.3).
    expect(Date.parse(firstAgain.time_to_expire)).toBeGreaterThanOrEqual(Date.parse(second.time_submitted) + 1200_000);

    hub.tagBuild('odcs-base', 'odcs-foo-1.1-1'); // a parent of odcs-updates changes
    const third = await waitForState(t, (await post(body)).id, ['done', 'failed']);
    expect(third).toMatchObject({ state_name: 'done', reused_id: null });
    expect(third.koji_event).toBeGreaterThan(first.koji_event);
    expect(runs().length).toBe(runsBefore + 1);
  });

  it('never reuses with no_reuse', async () => {
    const body = { source: { type: 'tag', source: 'odcs-base' }, flags: ['no_reuse'] };
    const a = await waitForState(t, (await post(body)).id, ['done', 'failed']);
    const b = await waitForState(t, (await post(body)).id, ['done', 'failed']);
    expect([a.reused_id, b.reused_id]).toEqual([null, null]);
  });
});
