import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/app.js';
import { dnfInstall, dnfRepoquery } from '../../support/engine/dnf-client.js';
import { engineWorld } from '../../support/engine/engine-world.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';
import { startService, waitForState } from '../../support/service.js';

let hub: KojiHub;
let t: TestApp;
const reposDirs: string[] = [];

beforeAll(async () => {
  hub = await startKojiHub((await engineWorld()).fixture);
  t = await startService({
    servedUrls: true,
    config: { koji_hub_url: hub.hubUrl, koji_top_url: hub.topUrl, compose_engine: 'auto', pungi_koji: '/nonexistent/pungi-koji' },
  });
});
afterAll(async () => {
  await t.close();
  await hub.close();
  for (const d of reposDirs) rmSync(d, { recursive: true, force: true });
});

/** What a user does: download the compose's .repo file into a repos dir for dnf. */
async function reposDirFor(compose: Record<string, any>): Promise<string> {
  const text = await fetch(compose.result_repofile).then((r) => {
    expect(r.status).toBe(200);
    return r.text();
  });
  const dir = mkdtempSync(join(tmpdir(), 'odcs-reposd-'));
  reposDirs.push(dir);
  writeFileSync(join(dir, `odcs-${compose.id}.repo`), text);
  return dir;
}

describe('built-in engine through the API (no Pungi installed)', () => {
  it('turns a tag compose into a repository dnf installs from over HTTP', async () => {
    const created = (await t.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'eng-tag', packages: ['app'] } })).body;
    const done = await waitForState(t, created.id, ['done', 'failed'], 60_000);
    expect(done.state_name, done.state_reason).toBe('done');
    expect(done.pungi_compose_id).toMatch(new RegExp(`^odcs-${created.id}-1-\\d{8}\\.t\\.0$`));
    expect(done.progress).toBeNull();
    const reposdir = await reposDirFor(done);
    const packages = await dnfRepoquery({ reposdir });
    expect(packages).toEqual(
      expect.arrayContaining(['app-1.0-1.x86_64', 'widget-2.0-1.x86_64', 'widget-data-2.0-1.noarch', 'helper-1.0-1.noarch']),
    );
    expect(packages.some((p) => p.startsWith('lonely-'))).toBe(false);
    const install = await dnfInstall({ reposdir }, ['app']);
    expect(install.ok, install.output).toBe(true);
    expect(install.installed).toEqual(expect.arrayContaining(['app', 'widget', 'widget-data', 'helper']));
  });

  it('with no_deps the compose holds only what was asked and dnf cannot install it', async () => {
    const created = (
      await t.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'eng-tag', packages: ['app'] }, flags: ['no_deps'] })
    ).body;
    const done = await waitForState(t, created.id, ['done', 'failed'], 60_000);
    expect(done.state_name, done.state_reason).toBe('done');
    const reposdir = await reposDirFor(done);
    expect((await dnfRepoquery({ reposdir })).map((p) => p.split('-')[0])).toEqual(['app']);
    expect((await dnfInstall({ reposdir }, ['app'])).ok).toBe(false);
  });

  it('fails check_deps with the unresolved dependency named', async () => {
    const created = (
      await t.request('POST', '/api/1/composes/', {
        source: { type: 'tag', source: 'eng-tag', packages: ['broken'] },
        flags: ['check_deps'],
      })
    ).body;
    const failed = await waitForState(t, created.id, ['done', 'failed'], 60_000);
    expect(failed.state_name).toBe('failed');
    expect(failed.state_reason).toContain('broken');
    expect(failed.state_reason).toContain('does-not-exist');
  });
});
