import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/app.js';
import { dnfModules, dnfRepoquery } from '../../support/engine/dnf-client.js';
import { MODULES, moduleWorld } from '../../support/engine/module-world.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';
import { startMbsServer, type MbsServer } from '../../support/mbs/mbs-server.js';
import { startService, waitForState } from '../../support/service.js';

let hub: KojiHub;
let mbs: MbsServer;
let t: TestApp;
let reposdir: string;

beforeAll(async () => {
  hub = await startKojiHub(await moduleWorld());
  mbs = await startMbsServer(MODULES);
  t = await startService({
    servedUrls: true,
    config: { koji_hub_url: hub.hubUrl, koji_top_url: hub.topUrl, mbs_url: mbs.url, compose_engine: 'builtin' },
  });
  reposdir = mkdtempSync(join(tmpdir(), 'odcs-reposd-'));
});
afterAll(async () => {
  await t.close();
  await hub.close();
  await mbs.close();
  rmSync(reposdir, { recursive: true, force: true });
});

describe('module composes by the built-in engine, read by dnf', () => {
  it('composes the modules RPMs with modules.yaml: dnf lists the modules, enables a stream and installs from it', async () => {
    const created = (await t.request('POST', '/api/1/composes/', { source: { type: 'module', source: 'hello:2 tools:1' } })).body;
    const done = await waitForState(t, created.id, ['done', 'failed'], 60_000);
    expect(done.state_name, done.state_reason).toBe('done');
    expect(done.source).toBe('hello:2:100:c1 tools:1:5:t1');
    const repoText = await fetch(done.result_repofile).then((r) => r.text());
    writeFileSync(join(reposdir, `odcs-${done.id}.repo`), repoText);

    const rpmsJson = await fetch(`${done.toplevel_url}/compose/metadata/rpms.json`).then((r) => r.json() as Promise<any>);
    const nevras = Object.values(rpmsJson.payload.rpms.Temporary.x86_64 as Record<string, Record<string, unknown>>).flatMap((b) =>
      Object.keys(b),
    );
    expect(nevras.sort()).toEqual([
      'hello-0:2.0-1.module_c1.x86_64',
      'hello-data-0:2.0-1.module_c1.noarch',
      'tools-0:1.0-1.module_t1.noarch',
    ]);
    const modulesJson = await fetch(`${done.toplevel_url}/compose/metadata/modules.json`).then((r) => r.json() as Promise<any>);
    expect(modulesJson.payload.modules.Temporary.x86_64['hello:2:100:c1'].rpms).toEqual([
      'hello-2.0-1.module_c1.x86_64.rpm',
      'hello-data-2.0-1.module_c1.noarch.rpm',
    ]);
    // Modular RPMs stay hidden from dnf until their stream is enabled (modular filtering).
    expect(await dnfRepoquery({ reposdir })).toEqual([]);
    const dnf = await dnfModules({ reposdir }, { stream: 'hello:2', install: ['hello'] });
    expect(dnf.list).toMatch(/^hello\s+2\s/m);
    expect(dnf.list).toMatch(/^tools\s+1\s/m);
    expect(dnf.ok, dnf.output).toBe(true);
    expect(dnf.installed).toEqual(['hello-2.0-1.module_c1', 'hello-data-2.0-1.module_c1']);
  });

  it('merges the module defaults of module_defaults_url at its commit: the default stream installs without enabling', async () => {
    const git = mkdtempSync(join(tmpdir(), 'odcs-defaults-'));
    const g = (...args: string[]) => execFileSync('git', ['-C', git, ...args], { encoding: 'utf8' }).trim();
    g('init', '--quiet');
    writeFileSync(join(git, 'hello.yaml'), '---\ndocument: modulemd-defaults\nversion: 1\ndata:\n  module: hello\n  stream: "2"\n...\n');
    g('add', 'hello.yaml');
    g('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'hello defaults');
    const commit = g('rev-parse', 'HEAD');
    writeFileSync(join(git, 'hello.yaml'), 'not yaml after the commit\n');
    try {
      const body = { source: { type: 'module', source: 'hello:2', module_defaults_url: `file://${git}`, module_defaults_commit: commit } };
      const done = await waitForState(t, (await t.request('POST', '/api/1/composes/', body)).body.id, ['done', 'failed'], 60_000);
      expect(done.state_name, done.state_reason).toBe('done');
      expect(done.reused_id).toBeNull();
      const dir = mkdtempSync(join(tmpdir(), 'odcs-reposd-'));
      writeFileSync(join(dir, `odcs-${done.id}.repo`), await fetch(done.result_repofile).then((r) => r.text()));
      try {
        const dnf = await dnfModules({ reposdir: dir }, { install: ['hello'] });
        expect(dnf.list).toMatch(/^hello\s+2 \[d\]/m);
        expect(dnf.ok, dnf.output).toBe(true);
        expect(dnf.installed).toEqual(['hello-2.0-1.module_c1', 'hello-data-2.0-1.module_c1']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const bad = {
        source: { type: 'module', source: 'hello:2', module_defaults_url: `file://${git}`, module_defaults_commit: 'f'.repeat(40) },
      };
      const failed = await waitForState(t, (await t.request('POST', '/api/1/composes/', bad)).body.id, ['done', 'failed'], 60_000);
      expect(failed.state_name).toBe('failed');
      expect(failed.state_reason).toContain(`Cannot read the module defaults file://${git} at ${'f'.repeat(40)}: git checkout failed`);
    } finally {
      rmSync(git, { recursive: true, force: true });
    }
  });

  it('a -devel module holds the RPMs its module leaves out', async () => {
    const body = { source: { type: 'module', source: 'hello-devel:2' }, flags: ['no_deps'] };
    const done = await waitForState(t, (await t.request('POST', '/api/1/composes/', body)).body.id, ['done', 'failed'], 60_000);
    expect(done.state_name, done.state_reason).toBe('done');
    expect(done.source).toBe('hello-devel:2:100:c1');
    const modulesJson = await fetch(`${done.toplevel_url}/compose/metadata/modules.json`).then((r) => r.json() as Promise<any>);
    expect(modulesJson.payload.modules.Temporary.x86_64['hello-devel:2:100:c1'].rpms).toEqual(['hello-extras-2.0-1.module_c1.noarch.rpm']);
    const dir = mkdtempSync(join(tmpdir(), 'odcs-reposd-'));
    writeFileSync(join(dir, `odcs-${done.id}.repo`), await fetch(done.result_repofile).then((r) => r.text()));
    try {
      const dnf = await dnfModules({ reposdir: dir }, { stream: 'hello-devel:2', install: ['hello-extras'] });
      expect(dnf.list).toMatch(/^hello-devel\s+2\s/m);
      expect(dnf.ok, dnf.output).toBe(true);
      expect(dnf.installed).toEqual(['hello-extras-2.0-1.module_c1']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
