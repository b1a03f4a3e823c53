import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OdcsConfig } from '@odcs/config';
import { SelectingComposeEngine } from '@odcs/engine';
import { dnfRepoquery } from '../../support/engine/dnf-client.js';
import { startEngineHarness, type EngineHarness } from '../../support/engine/engine-harness.js';
import { engineWorld, type EngineWorld } from '../../support/engine/engine-world.js';
import { PUNGI_KOJI_STANDIN } from '../../support/pungi/processes.js';

describe('EngineModule: the engine behind COMPOSE_ENGINE', () => {
  let world: EngineWorld;
  const harnesses: EngineHarness[] = [];
  const start = async (config: Partial<OdcsConfig>) => {
    const h = await startEngineHarness({ fixture: world.fixture, config });
    harnesses.push(h);
    return h;
  };
  beforeAll(async () => {
    world = await engineWorld();
  });
  afterAll(async () => {
    for (const h of harnesses) await h.close();
  });

  it('auto picks Pungi when pungi_koji is an executable', async () => {
    const h = await start({ compose_engine: 'auto', pungi_koji: PUNGI_KOJI_STANDIN });

    expect(await h.module.get(SelectingComposeEngine).engineFor('tag')).toBe('pungi');
    const run = await h.generate({ sourceType: 'tag', source: ['eng-tag'], packages: ['lonely'] });
    expect(run.result).toMatchObject({ ok: true, engine: 'pungi' });
  });

  it('auto falls back to the built-in engine when pungi_koji is not on PATH', async () => {
    const h = await start({ compose_engine: 'auto', pungi_koji: 'pungi-koji-not-installed-here' });

    const run = await h.generate({ sourceType: 'tag', source: ['eng-tag'], packages: ['lonely'], flags: ['no_deps'] });

    expect(run.result).toMatchObject({ ok: true, engine: 'builtin' });
    expect(await dnfRepoquery({ reposdir: join(run.composeDir, 'compose', 'Temporary') })).toEqual(['lonely-1.0-1.noarch']);
  });

  it('lets compose_engine_overrides choose per source type', async () => {
    const h = await start({
      compose_engine: 'pungi',
      pungi_koji: PUNGI_KOJI_STANDIN,
      compose_engine_overrides: { build: 'builtin', module: 'auto' },
    });
    const engines = h.module.get(SelectingComposeEngine);

    expect(await engines.engineFor('tag')).toBe('pungi');
    expect(await engines.engineFor('build')).toBe('builtin');
    expect(await engines.engineFor('module')).toBe('pungi');
    const run = await h.generate({ sourceType: 'build', source: [''], builds: ['helper-1.0-1'] });
    expect(run.result).toMatchObject({ ok: true, engine: 'builtin' });
  });
});
