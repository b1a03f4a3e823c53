import { execFile } from 'node:child_process';
import { stat, mkdir, mkdtemp, copyFile, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeFiles } from '@odcs/pungi';
import { dnfRepoquery } from '../../support/engine/dnf-client.js';
import { startEngineHarness, type EngineHarness, type EngineRun } from '../../support/engine/engine-harness.js';
import { engineWorld, KEY_A, KEY_B, type EngineWorld } from '../../support/engine/engine-world.js';

const run = promisify(execFile);
const archRepo = (r: EngineRun, arch: string) => ({ url: `file://${join(r.composeDir, 'compose', 'Temporary', arch, 'os')}` });
const rpmsJson = async (r: EngineRun) => JSON.parse(await readFile(composeFiles.rpms(r.composeDir), 'utf8'));

describe('built-in engine: signatures, arches, build and repo sources', () => {
  let world: EngineWorld;
  let h: EngineHarness;
  beforeAll(async () => {
    world = await engineWorld();
    h = await startEngineHarness({ fixture: world.fixture, config: { compose_engine: 'builtin' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('takes the copy signed with the first key of the list that has one', async () => {
    const r = await h.generate({
      sourceType: 'build',
      source: [''],
      builds: ['signed-1.0-1', 'alsosigned-1.0-1'],
      sigkeys: [KEY_B, KEY_A],
    });

    expect(r.result.ok).toBe(true);
    const sources = (await rpmsJson(r)).payload.rpms.Temporary.x86_64;
    expect(sources['signed-0:1.0-1.src']['signed-0:1.0-1.noarch'].sigkey).toBe(KEY_B.toLowerCase());
    expect(sources['alsosigned-0:1.0-1.src']['alsosigned-0:1.0-1.noarch'].sigkey).toBe(KEY_A.toLowerCase());
    expect(h.hub.fileRequests).toContain(`/packages/signed/1.0/1/data/signed/${KEY_B.toLowerCase()}/noarch/signed-1.0-1.noarch.rpm`);
    expect(h.hub.fileRequests).toContain(
      `/packages/alsosigned/1.0/1/data/signed/${KEY_A.toLowerCase()}/noarch/alsosigned-1.0-1.noarch.rpm`,
    );
  });

  it('fails listing the RPMs of the package set that no acceptable key signed', async () => {
    const r = await h.generate({ sourceType: 'tag', source: ['eng-signed'], sigkeys: [KEY_B] });

    expect(r.result).toEqual({
      ok: false,
      engine: 'builtin',
      reason:
        `Error while generating compose: RPM(s) not found for sigs: ['${KEY_B}']. Unsigned packages:\n` +
        'alsosigned-1.0-1.noarch\nplain-1.0-1.noarch',
    });
  });

  it('accepts unsigned RPMs when the sigkeys contain an empty key', async () => {
    const r = await h.generate({ sourceType: 'tag', source: ['eng-signed'], sigkeys: [KEY_B, ''] });

    expect(r.result.ok).toBe(true);
    const sources = (await rpmsJson(r)).payload.rpms.Temporary.x86_64;
    expect(sources['signed-0:1.0-1.src']['signed-0:1.0-1.noarch'].sigkey).toBe(KEY_B.toLowerCase());
    expect(sources['plain-0:1.0-1.src']['plain-0:1.0-1.noarch'].sigkey).toBeNull();
    expect(sources['alsosigned-0:1.0-1.src']['alsosigned-0:1.0-1.noarch'].sigkey).toBeNull();
  });

  it('makes one repository per arch, noarch packages in each', async () => {
    const r = await h.generate({ sourceType: 'tag', source: ['eng-tag'], arches: ['x86_64', 'i686'], packages: ['app'] });

    expect(r.result.ok).toBe(true);
    expect(await dnfRepoquery(archRepo(r, 'x86_64'))).toEqual([
      'app-1.0-1.x86_64',
      'helper-1.0-1.noarch',
      'widget-2.0-1.x86_64',
      'widget-data-2.0-1.noarch',
    ]);
    expect(await dnfRepoquery(archRepo(r, 'i686'))).toEqual([
      'app-1.0-1.i686',
      'helper-1.0-1.noarch',
      'widget-2.0-1.i686',
      'widget-data-2.0-1.noarch',
    ]);
    const info = JSON.parse(await readFile(composeFiles.composeInfo(r.composeDir), 'utf8'));
    expect(info.payload.variants.Temporary.arches).toEqual(['i686', 'x86_64']);
  });

  it('adds multilib packages to a multilib arch by method (devel: libraries and -devel)', async () => {
    const r = await h.generate({
      sourceType: 'tag',
      source: ['eng-tag'],
      arches: ['x86_64'],
      packages: ['libfoo-devel', 'widget'],
      multilibArches: ['x86_64'],
      multilibMethods: ['devel'],
    });

    expect(r.result.ok).toBe(true);
    // libfoo.i686 provides a soname, libfoo-devel.i686 is a -devel package; widget.i686 is neither.
    expect(await dnfRepoquery(archRepo(r, 'x86_64'))).toEqual([
      'libfoo-1.0-1.i686',
      'libfoo-1.0-1.x86_64',
      'libfoo-devel-1.0-1.i686',
      'libfoo-devel-1.0-1.x86_64',
      'widget-2.0-1.x86_64',
      'widget-data-2.0-1.noarch',
    ]);
  });

  it('takes every compatible package with the multilib method all', async () => {
    const r = await h.generate({
      sourceType: 'tag',
      source: ['eng-tag'],
      arches: ['x86_64'],
      packages: ['widget'],
      flags: ['no_deps'],
      multilibArches: ['x86_64'],
      multilibMethods: ['all'],
    });

    expect(r.result.ok).toBe(true);
    expect(await dnfRepoquery(archRepo(r, 'x86_64'))).toEqual(['widget-2.0-1.i686', 'widget-2.0-1.x86_64']);
  });

  it('composes only the given builds for a build compose', async () => {
    const r = await h.generate({ sourceType: 'build', source: [''], builds: ['widget-1.0-1', 'helper-1.0-1'] });

    expect(r.result.ok).toBe(true);
    expect(await dnfRepoquery(archRepo(r, 'x86_64'))).toEqual(['helper-1.0-1.noarch', 'widget-1.0-1.x86_64']);
  });

  it('fails a build compose naming unknown builds', async () => {
    const r = await h.generate({ sourceType: 'build', source: [''], builds: ['widget-9-9', 'helper-1.0-1'] });

    expect(r.result).toEqual({ ok: false, engine: 'builtin', reason: 'Error while generating compose: Unknown Koji builds: widget-9-9' });
  });

  it('composes a local repository (repo source), hard-linking its RPMs', async () => {
    const source = await mkdtemp(join(tmpdir(), 'odcs-engine-repo-src-'));
    try {
      for (const name of [
        'app-1.0-1.x86_64.rpm',
        'widget-2.0-1.x86_64.rpm',
        'widget-1.0-1.x86_64.rpm',
        'widget-data-2.0-1.noarch.rpm',
        'lonely-1.0-1.noarch.rpm',
      ]) {
        await mkdir(join(source, 'Packages'), { recursive: true });
        await copyFile(world.rpms.get(name)!.path, join(source, 'Packages', name));
      }
      await run('createrepo_c', ['-q', source]);

      const r = await h.generate({ sourceType: 'repo', source: [source], packages: ['app'] });

      expect(r.result.ok).toBe(true);
      // The newest widget wins; helper (a dependency of app) is not in that repository.
      expect(await dnfRepoquery(archRepo(r, 'x86_64'))).toEqual(['app-1.0-1.x86_64', 'widget-2.0-1.x86_64', 'widget-data-2.0-1.noarch']);
      const composed = await stat(join(r.composeDir, 'compose', 'Temporary', 'x86_64', 'os', 'Packages', 'a', 'app-1.0-1.x86_64.rpm'));
      const original = await stat(join(source, 'Packages', 'app-1.0-1.x86_64.rpm'));
      expect(composed.ino).toBe(original.ino);
    } finally {
      await rm(source, { recursive: true, force: true });
    }
  });

  it('fails a repo compose whose repository does not exist', async () => {
    const r = await h.generate({ sourceType: 'repo', source: ['/nonexistent/odcs-repo'] });

    expect(r.result.ok).toBe(false);
    if (r.result.ok) return;
    expect(r.result.reason).toBe(
      'Error while generating compose: Cannot read the repository /nonexistent/odcs-repo: /nonexistent/odcs-repo/repodata/repomd.xml: ENOENT',
    );
  });
});
