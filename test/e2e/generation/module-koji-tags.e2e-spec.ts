import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/app.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';
import { kojiModuleBuild, kojiModuleNvr } from '../../support/koji/koji-module-builds.js';
import type { MbsBuildSpec } from '../../support/mbs/mbs-server.js';
import { pungiStandin, startService, waitForState } from '../../support/service.js';

const M: Record<string, MbsBuildSpec> = {
  node300: { name: 'nodejs', stream: '20', version: '300', context: 'c1', platform: 'el8' },
  node200a: { name: 'nodejs', stream: '20', version: '200', context: 'c1', platform: 'el8' },
  node200b: { name: 'nodejs', stream: '20', version: '200', context: 'c2', platform: 'el8' },
  node100: { name: 'nodejs', stream: '20', version: '100', context: 'c1', platform: 'el8' },
  app: { name: 'app', stream: 'rolling-1', version: '50', context: 'a1', platform: 'el8', requires: { nodejs: ['20'] } },
  extra: { name: 'extra', stream: '1', version: '7', context: 'e1', platform: 'el8' },
};

let hub: KojiHub;
let t: TestApp;

beforeAll(async () => {
  hub = await startKojiHub({
    tags: [{ name: 'modular-base' }, { name: 'modular-updates', parents: [{ name: 'modular-base' }] }, { name: 'modular-extra' }],
    builds: Object.values(M).map(kojiModuleBuild),
    tagged: [
      { tag: 'modular-base', nvr: kojiModuleNvr(M.node300!) },
      { tag: 'modular-updates', nvr: kojiModuleNvr(M.node100!) },
      { tag: 'modular-updates', nvr: kojiModuleNvr(M.node200a!) },
      { tag: 'modular-updates', nvr: kojiModuleNvr(M.node200b!) },
      { tag: 'modular-updates', nvr: kojiModuleNvr(M.app!) },
      { tag: 'modular-extra', nvr: kojiModuleNvr(M.extra!) },
    ],
  });
  const standin = pungiStandin();
  t = await startService({
    config: { koji_hub_url: hub.hubUrl, koji_top_url: hub.topUrl, compose_engine: 'pungi', pungi_koji: standin.command },
  });
});
afterAll(async () => {
  await t.close();
  await hub.close();
});

async function compose(source: string, tags: string[], flags: string[] = []): Promise<Record<string, any>> {
  const res = await t.request('POST', '/api/1/composes/', { source: { type: 'module', source, modular_koji_tags: tags }, flags });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return waitForState(t, res.body.id, ['done', 'failed']);
}

describe('module composes resolved from modular_koji_tags (CONTRACT §8.3)', () => {
  it('takes the latest version of the top-most tag providing name:stream, all its contexts', async () => {
    const done = await compose('nodejs:20', ['modular-updates']);
    expect(done.state_name, done.state_reason).toBe('done');
    expect(done.source).toBe('nodejs:20:200:c1 nodejs:20:200:c2');
    expect((await compose('nodejs:20', ['modular-base'])).source).toBe('nodejs:20:300:c1');
  });

  it('looks in every listed tag', async () => {
    expect((await compose('extra:1 nodejs:20', ['modular-updates', 'modular-extra'])).source).toBe(
      'extra:1:7:e1 nodejs:20:200:c1 nodejs:20:200:c2',
    );
  });

  it('finds an explicit N:S:V[:C] by Koji build search', async () => {
    expect((await compose('nodejs:20:300', ['modular-updates'])).source).toBe('nodejs:20:300:c1');
    expect((await compose('nodejs:20:200:c2', ['modular-updates'])).source).toBe('nodejs:20:200:c2');
    const failed = await compose('nodejs:20:999', ['modular-updates']);
    expect(failed.state_reason).toBe('Error while generating compose: Failed to find module build nodejs:20:999 in Koji.');
  });

  it('adds runtime dependencies other than platform from the tags, unless no_deps', async () => {
    const done = await compose('app:rolling-1', ['modular-updates']);
    expect(done.state_name, done.state_reason).toBe('done');
    expect(done.source).toBe('app:rolling-1:50:a1 nodejs:20:200:c1 nodejs:20:200:c2');
    expect((await compose('app:rolling-1', ['modular-updates'], ['no_deps'])).source).toBe('app:rolling-1:50:a1');
  });

  it('names a module missing from the tags', async () => {
    const failed = await compose('nope:1', ['modular-updates', 'modular-extra']);
    expect(failed.state_name).toBe('failed');
    expect(failed.state_reason).toBe(
      'Error while generating compose: Failed to find module nope:1 in the Koji tags modular-updates, modular-extra.',
    );
  });

  it('refuses two versions of one name:stream', async () => {
    const failed = await compose('nodejs:20:300 nodejs:20:100', ['modular-updates']);
    expect(failed.state_name).toBe('failed');
    expect(failed.state_reason).toBe('Error while generating compose: nodejs:20:100:c1 conflicts with nodejs:20:300:c1');
  });

  it('names an unknown modular Koji tag', async () => {
    const failed = await compose('nodejs:20', ['no-such-modular-tag']);
    expect(failed.state_name).toBe('failed');
    expect(failed.state_reason).toBe('Error while generating compose: Unknown Koji tag no-such-modular-tag.');
  });

  it('fails with the Koji error when the hub faults during resolution', async () => {
    hub.failNextRequests(1, 'generic-error');
    const failed = await compose('extra:1', ['modular-extra'], ['no_reuse']);
    expect(failed.state_name).toBe('failed');
    expect(failed.state_reason).toBe('Error while generating compose: Koji listTagged failed: database is in maintenance');
  });
});
