import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuiltProcess, embeddedDefaultEnv } from '../support/built-process.js';
import { dnfInstall } from '../support/engine/dnf-client.js';
import { engineWorld } from '../support/engine/engine-world.js';
import { type KojiHub, startKojiHub } from '../support/koji/koji-hub.js';

let server: BuiltProcess;
let base: string;
let dataDir: string;
let hub: KojiHub;

async function startService(): Promise<void> {
  // The same entry point as `npm start` (npm test builds it first).
  server = await BuiltProcess.start('apps/standalone/dist/main.js', {
    env: {
      ...embeddedDefaultEnv(dataDir, hub),
      ODCS_PUNGI_KOJI: '/nonexistent/pungi-koji', // as on a machine without Pungi: the built-in engine runs
    },
  });
  base = server.base;
  await server.untilAnswers('/api/1/about/', 30_000);
}

beforeAll(async () => {
  hub = await startKojiHub((await engineWorld()).fixture);
  dataDir = mkdtempSync(join(tmpdir(), 'odcs-embedded-'));
  await startService();
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await hub.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('embedded default (npm start with no database or broker configured)', () => {
  it('creates and lists a compose on embedded PostgreSQL, and keeps it across a restart', async () => {
    const created = await fetch(`${base}/api/1/composes/`, {
      method: 'POST',
      body: JSON.stringify({ source: { type: 'tag', source: 'f26', packages: ['ed'] } }),
    }).then((r) => r.json());
    expect(created).toMatchObject({ id: 1, state_name: expect.any(String), source: 'f26', packages: 'ed' });
    const list = (await fetch(`${base}/api/1/composes/`).then((r) => r.json())) as { items: { id: number }[] };
    expect(list.items.map((c) => c.id)).toEqual([1]);
    expect(server.output()).toContain('embedded PostgreSQL');

    await server.stop();
    await startService();
    const again = await fetch(`${base}/api/1/composes/1`).then((r) => r.json());
    expect(again).toMatchObject({ id: 1, source: 'f26' });
  });

  it('turns a tag compose into a repository that dnf installs from, through the .repo URL', async () => {
    const created = (await fetch(`${base}/api/1/composes/`, {
      method: 'POST',
      body: JSON.stringify({ source: { type: 'tag', source: 'eng-tag', packages: ['app'] } }),
    }).then((r) => r.json())) as { id: number };
    let compose: Record<string, any> = {};
    for (let i = 0; i < 600 && !['done', 'failed'].includes(compose['state_name']); i++) {
      await new Promise((r) => setTimeout(r, 100));
      compose = (await fetch(`${base}/api/1/composes/${created.id}`).then((r) => r.json())) as Record<string, any>;
    }
    expect(compose['state_name'], String(compose['state_reason'])).toBe('done');
    const repoUrl = String(compose['result_repofile']).replace('//localhost:', '//127.0.0.1:');
    const repoFile = await fetch(repoUrl).then((r) => r.text());
    const reposdir = mkdtempSync(join(tmpdir(), 'odcs-embedded-reposd-'));
    writeFileSync(join(reposdir, 'odcs.repo'), repoFile.replace(/\/\/localhost:/g, '//127.0.0.1:'));
    const install = await dnfInstall({ reposdir }, ['app']);
    rmSync(reposdir, { recursive: true, force: true });
    expect(install.ok, install.output).toBe(true);
    expect(install.installed).toEqual(expect.arrayContaining(['app', 'widget', 'helper']));
  });
});
