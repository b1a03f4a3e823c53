import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnfInstall, dnfRepoquery } from '../../support/engine/dnf-client.js';
import { startEngineHarness, type EngineHarness, type EngineRun } from '../../support/engine/engine-harness.js';
import { engineWorld } from '../../support/engine/engine-world.js';

const repoOf = (run: EngineRun) => ({ reposdir: join(run.composeDir, 'compose', 'Temporary') });

describe('built-in engine: dependencies (hawkey/libsolv) checked with dnf', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await startEngineHarness({ fixture: (await engineWorld()).fixture, config: { compose_engine: 'builtin' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('adds the dependency closure of the requested packages, and dnf installs them from the compose', async () => {
    const run = await h.generate({ sourceType: 'tag', source: ['eng-tag'], arches: ['x86_64'], packages: ['app'] });

    expect(run.result).toMatchObject({ ok: true, engine: 'builtin' });
    // widget >= 2.0 (the 2.0 build), widget-data through widget, helper through a file dependency.
    expect(await dnfRepoquery(repoOf(run))).toEqual([
      'app-1.0-1.x86_64',
      'helper-1.0-1.noarch',
      'widget-2.0-1.x86_64',
      'widget-data-2.0-1.noarch',
    ]);
    const install = await dnfInstall(repoOf(run), ['app']);
    expect(install.output).not.toMatch(/Error/);
    expect(install).toMatchObject({ ok: true, installed: ['app', 'helper', 'widget', 'widget-data'] });
  });

  it('takes only the requested packages with no_deps, so installing them fails', async () => {
    const run = await h.generate({ sourceType: 'tag', source: ['eng-tag'], arches: ['x86_64'], packages: ['app'], flags: ['no_deps'] });

    expect(run.result.ok).toBe(true);
    expect(await dnfRepoquery(repoOf(run))).toEqual(['app-1.0-1.x86_64']);
    const install = await dnfInstall(repoOf(run), ['app']);
    expect(install.ok).toBe(false);
    expect(install.output).toMatch(/nothing provides widget >= 2\.0 needed by app-1\.0-1\.x86_64/);
  });

  it('fails with check_deps, naming the package and the dependency nothing provides', async () => {
    const run = await h.generate({
      sourceType: 'tag',
      source: ['eng-tag'],
      arches: ['x86_64'],
      packages: ['broken', 'app'],
      flags: ['check_deps'],
    });

    expect(run.result).toEqual({
      ok: false,
      engine: 'builtin',
      reason: 'Error while generating compose: Unresolved dependencies (check_deps):\nbroken-0:1.0-1.noarch requires does-not-exist >= 1',
    });
  });

  it('keeps a package with a broken dependency without check_deps', async () => {
    const run = await h.generate({ sourceType: 'tag', source: ['eng-tag'], arches: ['x86_64'], packages: ['broken'] });

    expect(run.result.ok).toBe(true);
    expect(await dnfRepoquery(repoOf(run))).toEqual(['broken-1.0-1.noarch']);
  });

  it('checks every package of the tag with check_deps when no packages are requested', async () => {
    const run = await h.generate({ sourceType: 'tag', source: ['eng-tag'], arches: ['x86_64'], flags: ['check_deps'] });

    expect(run.result.ok).toBe(false);
    if (run.result.ok) return;
    expect(run.result.reason).toContain('broken-0:1.0-1.noarch requires does-not-exist >= 1');
  });

  it('resolves against a lookaside repository without copying its packages', async () => {
    const helperOnly = await h.generate({
      sourceType: 'tag',
      source: ['eng-base'],
      arches: ['x86_64'],
      packages: ['helper'],
      flags: ['no_deps'],
    });
    const lookaside = `file://${join(helperOnly.composeDir, 'compose', 'Temporary', 'x86_64', 'os')}`;

    const run = await h.generate({
      sourceType: 'tag',
      source: ['eng-tag'],
      arches: ['x86_64'],
      packages: ['app'],
      lookasideRepos: [lookaside],
    });

    expect(run.result).toMatchObject({ ok: true });
    expect(await dnfRepoquery(repoOf(run))).toEqual(['app-1.0-1.x86_64', 'widget-2.0-1.x86_64', 'widget-data-2.0-1.noarch']);
  });

  it('fails naming requested packages the package set does not have (§8.4 step 8)', async () => {
    const run = await h.generate({ sourceType: 'tag', source: ['eng-tag'], arches: ['x86_64'], packages: ['app', 'nope', 'gone'] });

    expect(run.result).toEqual({
      ok: false,
      engine: 'builtin',
      reason: 'Error while generating compose: The following requested packages are not present in the generated compose: nope gone.',
    });
  });
});
