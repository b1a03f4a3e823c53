import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OdcsConfig } from '@odcs/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngineHarness, type EngineHarness } from '../../support/engine/engine-harness.js';
import { engineWorld, type EngineWorld } from '../../support/engine/engine-world.js';
import { addPulpFixture } from '../../support/pulp/pulp-fixture.js';
import { startPulpServer, type PulpServer } from '../../support/pulp/pulp-server.js';

describe('pulp compose engine (CONTRACT §8.7): configuration, mergerepo_c and the repodata cache', () => {
  let world: EngineWorld;
  let pulp: PulpServer;
  let scripts: string;
  const harnesses: EngineHarness[] = [];
  beforeAll(async () => {
    world = await engineWorld();
    pulp = await startPulpServer({ username: 'u', password: 'p' });
    await addPulpFixture(pulp);
    scripts = await mkdtemp(join(tmpdir(), 'odcs-mergerepo-'));
  });
  afterAll(async () => {
    for (const h of harnesses) await h.close();
    await pulp.close();
    await rm(scripts, { recursive: true, force: true });
  });

  const start = async (config: Partial<OdcsConfig> = {}) => {
    const h = await startEngineHarness({
      fixture: world.fixture,
      config: { pulp_server_url: pulp.url, pulp_username: 'u', pulp_password: 'p', ...config },
    });
    harnesses.push(h);
    return h;
  };
  const reasonOf = async (h: EngineHarness, source: string[]) => {
    const run = await h.generate({ sourceType: 'pulp', source, flags: [] }, { onDefaultDir: true });
    expect(run.result.ok).toBe(false);
    return run.result.ok ? '' : run.result.reason;
  };
  const script = async (name: string, body: string) => {
    const path = join(scripts, name);
    await writeFile(path, `#!/bin/sh\n${body}\n`);
    await chmod(path, 0o755);
    return path;
  };

  it('fails saying pulp_server_url is not configured', async () => {
    const h = await start({ pulp_server_url: '' });
    expect(await reasonOf(h, ['merge-me'])).toBe(
      'Error while generating compose: pulp_server_url is not configured: this odcs cannot generate pulp composes',
    );
  });

  it('fails naming mergerepo_c when it is not installed', async () => {
    const h = await start({ mergerepo_c: 'mergerepo_c-not-installed' });
    expect(await reasonOf(h, ['merge-me'])).toBe(
      "Error while generating compose: mergerepo_c of content set merge-me (x86_64: merge-a, merge-b) could not start: 'mergerepo_c-not-installed' was not found (install createrepo_c or set mergerepo_c)",
    );
  });

  it("fails with mergerepo_c's exit code and output", async () => {
    const h = await start({ mergerepo_c: await script('mergerepo-fails', 'echo "Cannot merge: broken primary" >&2; exit 3') });
    expect(await reasonOf(h, ['merge-me'])).toBe(
      'Error while generating compose: mergerepo_c of content set merge-me (x86_64: merge-a, merge-b) failed with exit code 3: Cannot merge: broken primary',
    );
  });

  it('fails when mergerepo_c outlives mergerepo_timeout', async () => {
    const h = await start({ mergerepo_c: await script('mergerepo-hangs', 'sleep 30'), mergerepo_timeout: 1 });
    expect(await reasonOf(h, ['merge-me'])).toContain('has taken more time than allowed by mergerepo_timeout (1 seconds)');
  });

  it('a cancel while merging ends the compose as Canceled and leaves no compose dir', async () => {
    const h = await start({ mergerepo_c: await script('mergerepo-slow', 'sleep 30') });
    const abort = new AbortController();
    const run = h.generate(
      { sourceType: 'pulp', source: ['merge-me'], flags: [] },
      { onDefaultDir: true, signal: abort.signal, onProgress: (p) => p.phase === 'mergerepo' && abort.abort() },
    );
    const { result, composeDir } = await run;
    expect(result).toEqual({ ok: false, reason: 'Canceled', engine: 'pulp' });
    expect(existsSync(composeDir)).toBe(false);
  });

  it('counts a source that is the id of a repository of a requested content set as found', async () => {
    const h = await start();
    const run = await h.generate({ sourceType: 'pulp', source: ['versioned', 'versioned-7.4'], flags: [] }, { onDefaultDir: true });
    expect(run.result, JSON.stringify(run.result)).toMatchObject({ ok: true, engine: 'pulp', content: { arches: 'x86_64', sigkeys: '' } });
    const repoFile = await readFile(join(run.composeDir, 'compose', 'Temporary', `odcs-${run.job.spec.id}.repo`), 'utf8');
    expect(repoFile).toBe(`\n[versioned]\nname=versioned\nbaseurl=${pulp.url}/content/versioned/7.5/x86_64/os\nenabled=1\ngpgcheck=0\n`);
  });

  it('downloads the repodata of merged repositories once while Pulp keeps the same repomd.xml', async () => {
    const h = await start();
    const primaries = () =>
      pulp.requests.filter((r) => r.startsWith('GET /content/merge/a/x86_64/os/repodata/') && r.includes('primary')).length;
    const before = primaries();
    for (let i = 0; i < 2; i++) {
      const run = await h.generate({ sourceType: 'pulp', source: ['merge-me'], flags: [] }, { onDefaultDir: true });
      expect(run.result.ok, JSON.stringify(run.result)).toBe(true);
    }
    expect(primaries() - before).toBe(1);
  });
});
