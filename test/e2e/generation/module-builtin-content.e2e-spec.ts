import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/app.js';
import { dnfInstall, dnfModules } from '../../support/engine/dnf-client.js';
import { CONTENT_MODULES, SIGKEY, moduleContentWorld } from '../../support/engine/module-content-world.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';
import { startMbsServer, type MbsServer } from '../../support/mbs/mbs-server.js';
import { startService, waitForState } from '../../support/service.js';

let hub: KojiHub;
let mbs: MbsServer;
let t: TestApp;

beforeAll(async () => {
  hub = await startKojiHub(await moduleContentWorld());
  mbs = await startMbsServer(Object.values(CONTENT_MODULES));
  t = await startService({
    servedUrls: true,
    config: { koji_hub_url: hub.hubUrl, koji_top_url: hub.topUrl, mbs_url: mbs.url, compose_engine: 'builtin' },
  });
});
afterAll(async () => {
  await t.close();
  await hub.close();
  await mbs.close();
});

async function compose(body: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await t.request('POST', '/api/1/composes/', body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return waitForState(t, res.body.id, ['done', 'failed'], 60_000);
}
const json = (done: Record<string, any>, file: string) =>
  fetch(`${done.toplevel_url}/compose/metadata/${file}`).then((r) => r.json() as Promise<any>);
/** binary NEVRA → sigkey of an arch in rpms.json. */
async function rpmsOf(done: Record<string, any>, arch = 'x86_64'): Promise<Record<string, string | null>> {
  const doc = await json(done, 'rpms.json');
  const bySource = doc.payload.rpms.Temporary[arch] as Record<string, Record<string, { sigkey: string | null }>>;
  return Object.fromEntries(Object.values(bySource).flatMap((b) => Object.entries(b).map(([nevra, r]) => [nevra, r.sigkey])));
}
/** The modules.yaml documents of an arch's repodata, as text. */
async function modulesYaml(done: Record<string, any>, arch = 'x86_64'): Promise<string> {
  const os = `${done.toplevel_url}/compose/Temporary/${arch}/os`;
  const repomd = await fetch(`${os}/repodata/repomd.xml`).then((r) => r.text());
  const href = /<data type="modules">[\s\S]*?<location href="([^"]+)"/.exec(repomd)?.[1];
  expect(href, repomd).toBeDefined();
  const res = await fetch(`${os}/${href}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  return href!.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
}
async function withRepo<T>(done: Record<string, any>, fn: (reposdir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'odcs-reposd-'));
  writeFileSync(join(dir, `odcs-${done.id}.repo`), await fetch(done.result_repofile).then((r) => r.text()));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('built-in module composes: modulemd from the Koji archives', () => {
  it("reads each module build's modulemd.<arch>.txt archive (not the build extra's modulemd_str)", async () => {
    const before = hub.fileRequests.length;
    const done = await compose({ source: { type: 'module', source: 'web:1' } });
    expect(done.state_name, done.state_reason).toBe('done');
    expect(done.source).toBe('web:1:10:w1');
    expect(hub.calls.some((c) => c.method === 'listArchives')).toBe(true);
    expect(hub.fileRequests.slice(before)).toContain('/packages/web/1/10.w1/files/module/modulemd.x86_64.txt');
    const yaml = await modulesYaml(done);
    expect(yaml).toContain('summary: web module (final, x86_64)');
    // The archive lists web-lib, the extra's modulemd_str does not; i686 needs multilib.
    expect(Object.keys(await rpmsOf(done)).sort()).toEqual(['web-0:1.0-1.module_w1.x86_64', 'web-lib-0:1.0-1.module_w1.x86_64']);
    const dnf = await withRepo(done, (reposdir) => dnfModules({ reposdir }, { stream: 'web:1', install: ['web'] }));
    expect(dnf.list).toMatch(/^web\s+1\s/m);
    expect(dnf.ok, dnf.output).toBe(true);
    expect(dnf.installed).toEqual(['web-1.0-1.module_w1', 'web-lib-1.0-1.module_w1']);
  });

  it('falls back to extra.typeinfo.module.modulemd_str for a build without modulemd archives', async () => {
    const done = await compose({ source: { type: 'module', source: 'old:1' } });
    expect(done.state_name, done.state_reason).toBe('done');
    expect(await modulesYaml(done)).toContain('summary: old module\n');
    expect(Object.keys(await rpmsOf(done))).toEqual(['old-0:1.0-1.module_o1.noarch']);
    const dnf = await withRepo(done, (reposdir) => dnfModules({ reposdir }, { stream: 'old:1', install: ['old'] }));
    expect(dnf.ok, dnf.output).toBe(true);
    expect(dnf.installed).toEqual(['old-1.0-1.module_o1']);
  });

  it('fails, as Pungi does, when the build has modulemd archives but none for a compose arch', async () => {
    const failed = await compose({ source: { type: 'module', source: 'armonly:1' } });
    expect(failed.state_name).toBe('failed');
    expect(failed.state_reason).toBe(
      'Error while generating compose: Module armonly:1:1:a1 does not have metadata for arch x86_64 and is not filtered out via filter_modules option.',
    );
  });
});

describe('built-in module composes: multilib, sigkeys, non-modular packages', () => {
  it('adds the multilib RPMs the arch modulemd lists when the arch is a multilib arch', async () => {
    const done = await compose({ source: { type: 'module', source: 'web:1' }, multilib_arches: ['x86_64'], multilib_method: ['runtime'] });
    expect(done.state_name, done.state_reason).toBe('done');
    expect(Object.keys(await rpmsOf(done)).sort()).toEqual([
      'web-0:1.0-1.module_w1.x86_64',
      'web-lib-0:1.0-1.module_w1.i686',
      'web-lib-0:1.0-1.module_w1.x86_64',
    ]);
    const modules = await json(done, 'modules.json');
    expect(modules.payload.modules.Temporary.x86_64['web:1:10:w1'].rpms).toEqual([
      'web-1.0-1.module_w1.x86_64.rpm',
      'web-lib-1.0-1.module_w1.i686.rpm',
      'web-lib-1.0-1.module_w1.x86_64.rpm',
    ]);
  });

  it('takes the signed copies of module RPMs, and names the module RPMs no acceptable key signed', async () => {
    const done = await compose({ source: { type: 'module', source: 'web:1', sigkeys: [SIGKEY] } });
    expect(done.state_name, done.state_reason).toBe('done');
    expect(Object.values(await rpmsOf(done))).toEqual([SIGKEY, SIGKEY]);
    const failed = await compose({ source: { type: 'module', source: 'old:1', sigkeys: [SIGKEY] } });
    expect(failed.state_name).toBe('failed');
    expect(failed.state_reason).toBe(
      `Error while generating compose: RPM(s) not found for sigs: ['${SIGKEY}']. Unsigned packages:\nold-1.0-1.module_o1.noarch`,
    );
  });

  it('adds requested non-modular packages; dnf filters the one named like a module package once the stream is enabled', async () => {
    const done = await compose({ source: { type: 'module', source: 'web:1', builds: ['web-3.0-1'], packages: ['web'] } });
    expect(done.state_name, done.state_reason).toBe('done');
    expect(Object.keys(await rpmsOf(done)).sort()).toEqual([
      'web-0:1.0-1.module_w1.x86_64',
      'web-0:3.0-1.x86_64',
      'web-lib-0:1.0-1.module_w1.x86_64',
    ]);
    await withRepo(done, async (reposdir) => {
      // Without the stream the module's RPMs are hidden: the non-modular web is installed.
      const plain = await dnfInstall({ reposdir }, ['web']);
      expect(plain.ok, plain.output).toBe(true);
      expect(plain.installed).toEqual(['web']);
      // With web:1 enabled the non-modular web (though newer) is filtered out: the module's is installed.
      const modular = await dnfModules({ reposdir }, { stream: 'web:1', install: ['web'] });
      expect(modular.ok, modular.output).toBe(true);
      expect(modular.installed).toEqual(['web-1.0-1.module_w1', 'web-lib-1.0-1.module_w1']);
    });
  });
});

describe('built-in module composes: scratch_modules', () => {
  it('composes an MBS scratch module build: RPMs of its koji_tag, modulemd from final-modulemd', async () => {
    const before = mbs.requests.length;
    const done = await compose({ source: { type: 'module', source: '', scratch_modules: ['scr:1:7:s1'] } });
    expect(done.state_name, done.state_reason).toBe('done');
    expect(done.scratch_modules).toBe('scr:1:7:s1');
    const q = mbs.requests.slice(before).find((r) => r.get('name') === 'scr')!;
    expect([q.get('stream'), q.get('version'), q.get('context')]).toEqual(['1', '7', 's1']);
    expect(Object.keys(await rpmsOf(done))).toEqual(['scr-0:1.0-1.module_s1.noarch']);
    expect(await modulesYaml(done)).toContain('summary: scr module (final, x86_64)');
    const dnf = await withRepo(done, (reposdir) => dnfModules({ reposdir }, { stream: 'scr:1', install: ['scr'] }));
    expect(dnf.list).toMatch(/^scr\s+1\s/m);
    expect(dnf.ok, dnf.output).toBe(true);
    expect(dnf.installed).toEqual(['scr-1.0-1.module_s1']);
  });

  it('composes scratch modules beside resolved ones, and refuses them outside test composes', async () => {
    const both = await compose({ source: { type: 'module', source: 'old:1', scratch_modules: ['scr:1:7:s1'] } });
    expect(both.state_name, both.state_reason).toBe('done');
    expect(Object.keys(await rpmsOf(both)).sort()).toEqual(['old-0:1.0-1.module_o1.noarch', 'scr-0:1.0-1.module_s1.noarch']);
    const missing = await compose({ source: { type: 'module', source: '', scratch_modules: ['scr:1:7:nope'] } });
    expect(missing.state_reason).toMatch(
      /^Error while generating compose: Scratch module scr:1:7:nope is not in the MBS at http:\/\/127\.0\.0\.1:\d+\/module-build-service\/1\/module-builds\/$/,
    );
    const production = await compose({
      source: { type: 'module', source: '', scratch_modules: ['scr:1:7:s1'] },
      compose_type: 'production',
      flags: ['no_reuse'],
    });
    expect(production.state_reason).toBe(
      'Error while generating compose: Only test composes could include scratch module builds (compose_type is production)',
    );
  });
});
