import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dnfRepoquery } from '../../support/engine/dnf-client.js';
import { startEngineHarness, type EngineHarness } from '../../support/engine/engine-harness.js';
import { engineWorld, type EngineWorld } from '../../support/engine/engine-world.js';
import { startFlakyFileServer, type FlakyFileServer } from '../../support/engine/flaky-file-server.js';
import { materializeKojiTree } from '../../support/engine/koji-tree.js';
import { aPungiComposeSpec } from '../../support/pungi/pungi-compose-spec.builder.js';

const BUILTIN = { compose_engine: 'builtin' as const };
const LONELY = { sourceType: 'tag' as const, source: ['eng-tag'], packages: ['lonely'], flags: ['no_deps'] };

describe('built-in engine: failures, cancel, downloads', () => {
  let world: EngineWorld;
  const harnesses: EngineHarness[] = [];
  let flaky: FlakyFileServer | null = null;
  beforeAll(async () => {
    world = await engineWorld();
  });
  afterEach(async () => {
    await flaky?.close();
    flaky = null;
  });
  afterAll(async () => {
    for (const h of harnesses) await h.close();
  });
  const start = async (opts: Omit<Parameters<typeof startEngineHarness>[0], 'fixture'> = {}) => {
    const h = await startEngineHarness({ fixture: world.fixture, ...opts, config: { ...BUILTIN, ...opts.config } });
    harnesses.push(h);
    return h;
  };
  const partialsOf = async (h: EngineHarness) => (await readdir(h.targetDir)).filter((n) => n.startsWith('.'));

  it('fails with install instructions when createrepo_c is missing', async () => {
    const h = await start({ config: { createrepo_c: 'createrepo_c-not-installed' } });

    const run = await h.generate(LONELY);

    expect(run.result).toMatchObject({ ok: false, engine: 'builtin' });
    if (run.result.ok) return;
    expect(run.result.reason).toContain("'createrepo_c-not-installed' was not found");
    expect(run.result.reason).toContain('apt-get install createrepo-c');
  });

  it('fails with install instructions when the solver has no hawkey to run with', async () => {
    const h = await start({ overrides: { python: '/nonexistent/python3' } });

    const run = await h.generate({ sourceType: 'tag', source: ['eng-tag'], packages: ['app'] });

    expect(run.result).toMatchObject({ ok: false, engine: 'builtin' });
    if (run.result.ok) return;
    expect(run.result.reason).toContain(
      "Dependency resolution needs libdnf's Python bindings (hawkey), which '/nonexistent/python3' cannot import",
    );
    expect(run.result.reason).toContain('or request the compose with the no_deps flag');
  });

  it('fails a source type it cannot generate, pointing to Pungi', async () => {
    const h = await start();

    const run = await h.generate({ sourceType: 'raw_config', source: ['pungi_cfg#abc123'] });

    expect(run.result).toMatchObject({ ok: false, engine: 'builtin' });
    if (run.result.ok) return;
    expect(run.result.reason).toMatch(/^Error while generating compose: The built-in compose engine cannot generate raw_config composes/);
  });

  it('fails when the target dir does not exist', async () => {
    const h = await start();
    const missing = join(h.targetDir, 'not-there');

    const result = await h.engine.generate(
      {
        spec: aPungiComposeSpec({ ...LONELY, id: 1 }),
        targetDir: missing,
        composeDir: join(missing, 'odcs-1'),
        resultRepoUrl: null,
        isComposeIdTaken: () => Promise.resolve(false),
      },
      { signal: new AbortController().signal, onProgress: () => {} },
    );

    expect(result).toMatchObject({ ok: false });
    if (result.ok) return;
    expect(result.reason).toContain(`Compose target dir doesn't exist or not a directory: ${missing} on backend`);
  });

  it('cancels while Koji does not answer: Canceled, nothing left behind', async () => {
    const h = await start();
    h.hub.failNextRequests(1, 'hang');
    const abort = new AbortController();

    const run = await h.generate(LONELY, {
      signal: abort.signal,
      onProgress: (p) => p.phase === 'resolve' && setTimeout(() => abort.abort(), 50),
    });

    expect(run.result).toEqual({ ok: false, reason: 'Canceled', engine: 'builtin' });
    expect(existsSync(run.composeDir)).toBe(false);
    expect(await partialsOf(h)).toEqual([]);
  });

  it('cancels a download in progress', async () => {
    flaky = await startFlakyFileServer((await start()).hub.topUrl);
    const server = flaky;
    const h = await start({ topUrl: () => server.topUrl });
    server.failNext(1, 'hang');
    const abort = new AbortController();

    const run = await h.generate(LONELY, {
      signal: abort.signal,
      onProgress: (p) => p.phase === 'download' && setTimeout(() => abort.abort(), 100),
    });

    expect(run.result).toEqual({ ok: false, reason: 'Canceled', engine: 'builtin' });
    expect(existsSync(run.composeDir)).toBe(false);
    expect(await partialsOf(h)).toEqual([]);
  });

  it('fails after pungi_timeout, keeping the logs', async () => {
    const h = await start({ config: { pungi_timeout: 1 } });
    h.hub.failNextRequests(1, 'hang');

    const run = await h.generate(LONELY);

    expect(run.result).toEqual({
      ok: false,
      engine: 'builtin',
      reason: 'Error while generating compose: Compose has taken more time than allowed by configuration (1 seconds)',
    });
    expect(existsSync(join(run.composeDir, 'pungi-stderr.log'))).toBe(true);
    expect(existsSync(join(run.composeDir, 'compose'))).toBe(false);
    expect(await partialsOf(h)).toEqual([]);
  });

  it('retries transient download errors and keeps only verified files', async () => {
    const hub = (await start()).hub;
    flaky = await startFlakyFileServer(hub.topUrl);
    const server = flaky;
    const h = await start({ topUrl: () => server.topUrl, overrides: { downloadConcurrency: 1 } });
    server.failNext(1, 'http-503');
    server.failNext(1, 'reset');
    server.failNext(1, 'truncate');

    const run = await h.generate({ sourceType: 'tag', source: ['eng-tag'], packages: ['lonely', 'helper'], flags: ['no_deps'] });

    expect(run.result).toMatchObject({ ok: true });
    expect(server.requests.length).toBe(5);
    expect(await dnfRepoquery({ reposdir: join(run.composeDir, 'compose', 'Temporary') })).toEqual([
      'helper-1.0-1.noarch',
      'lonely-1.0-1.noarch',
    ]);
  });

  it('fails a download whose content never matches Koji checksum, after the retries', async () => {
    const hub = (await start()).hub;
    flaky = await startFlakyFileServer(hub.topUrl);
    const server = flaky;
    const h = await start({ topUrl: () => server.topUrl, overrides: { downloadRetries: 2 } });
    server.failNext(3, 'corrupt');

    const run = await h.generate(LONELY);

    expect(run.result).toMatchObject({ ok: false });
    if (run.result.ok) return;
    expect(run.result.reason).toMatch(
      new RegExp(
        `^Error while generating compose: Cannot download lonely-1\\.0-1\\.noarch\\.rpm from ${server.topUrl}/packages/lonely/1\\.0/1/noarch/lonely-1\\.0-1\\.noarch\\.rpm: ` +
          'has header\\+payload MD5 [0-9a-f]{32}, expected [0-9a-f]{32} \\(after 3 attempts\\)$',
      ),
    );
    expect(existsSync(join(run.composeDir, 'compose'))).toBe(false);
  });

  it('does not retry a missing file', async () => {
    const hub = (await start()).hub;
    flaky = await startFlakyFileServer(hub.topUrl);
    const server = flaky;
    const h = await start({ topUrl: () => server.topUrl });
    server.failNext(1, 'http-404');

    const run = await h.generate(LONELY);

    expect(run.result).toMatchObject({ ok: false });
    if (run.result.ok) return;
    expect(run.result.reason).toMatch(/Cannot download lonely-1\.0-1\.noarch\.rpm from .*: HTTP 404$/);
    expect(server.requests).toHaveLength(1);
  });

  it('hard-links the RPMs when koji_top_url is a local directory', async () => {
    const tree = await mkdtemp(join(tmpdir(), 'odcs-engine-koji-tree-'));
    try {
      const h = await start({
        topUrl: async (hub) => {
          await materializeKojiTree(hub, tree);
          return tree;
        },
      });

      const run = await h.generate(LONELY);

      expect(run.result).toMatchObject({ ok: true });
      const composed = await stat(join(run.composeDir, 'compose', 'Temporary', 'x86_64', 'os', 'Packages', 'l', 'lonely-1.0-1.noarch.rpm'));
      const inKoji = await stat(join(tree, 'packages', 'lonely', '1.0', '1', 'noarch', 'lonely-1.0-1.noarch.rpm'));
      expect(composed.ino).toBe(inKoji.ino);
      expect(h.hub.fileRequests).toEqual([]);
    } finally {
      await rm(tree, { recursive: true, force: true });
    }
  });
});
