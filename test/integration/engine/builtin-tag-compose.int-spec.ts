import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeFiles, formatComposeDate } from '@odcs/pungi';
import { dnfRepoquery } from '../../support/engine/dnf-client.js';
import { startEngineHarness, TARGET_DIR_URL, type EngineHarness } from '../../support/engine/engine-harness.js';
import { engineWorld } from '../../support/engine/engine-world.js';

const BUILTIN = { compose_engine: 'builtin' as const };

describe('built-in engine: tag compose read back by dnf', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await startEngineHarness({ fixture: (await engineWorld()).fixture, config: BUILTIN });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('composes the latest builds of the tag with inheritance, in the layout Pungi writes', async () => {
    const run = await h.generate({ sourceType: 'tag', source: ['eng-tag'], arches: ['x86_64'] }, { takenIds: [] });

    expect(run.result).toMatchObject({ ok: true, engine: 'builtin' });
    if (!run.result.ok) return;
    expect(run.result.pungiComposeId).toMatch(new RegExp(`^odcs-${run.job.spec.id}-1-\\d{8}\\.t\\.0$`));

    const repoDir = join(run.composeDir, 'compose', 'Temporary');
    expect(await dnfRepoquery({ reposdir: repoDir })).toEqual([
      'app-1.0-1.x86_64',
      'broken-1.0-1.noarch',
      'helper-1.0-1.noarch',
      'libfoo-1.0-1.x86_64',
      'libfoo-devel-1.0-1.x86_64',
      'lonely-1.0-1.noarch',
      'widget-2.0-1.x86_64',
      'widget-data-2.0-1.noarch',
    ]);
    expect(existsSync(join(repoDir, 'x86_64', 'os', 'Packages', 'a', 'app-1.0-1.x86_64.rpm'))).toBe(true);
    const repomd = await readFile(join(repoDir, 'x86_64', 'os', 'repodata', 'repomd.xml'), 'utf8');
    expect(repomd).toContain('<checksum type="sha256">');

    const repoFile = await readFile(join(repoDir, `odcs-${run.job.spec.id}.repo`), 'utf8');
    expect(repoFile).toContain(`[odcs-${run.job.spec.id}]\n`);
    expect(repoFile).toContain(`baseurl=file://${repoDir}/$basearch/os\n`);

    const info = JSON.parse(await readFile(composeFiles.composeInfo(run.composeDir), 'utf8'));
    expect(info.header.type).toBe('productmd.composeinfo');
    expect(info.payload.compose.id).toBe(run.result.pungiComposeId);
    expect(info.payload.variants.Temporary.paths.repository).toEqual({ x86_64: 'Temporary/x86_64/os' });
    const rpms = JSON.parse(await readFile(composeFiles.rpms(run.composeDir), 'utf8'));
    expect(rpms.payload.rpms.Temporary.x86_64['widget-0:2.0-1.src']).toEqual({
      'widget-0:2.0-1.x86_64': { category: 'binary', path: 'Temporary/x86_64/os/Packages/w/widget-2.0-1.x86_64.rpm', sigkey: null },
      'widget-data-0:2.0-1.noarch': {
        category: 'binary',
        path: 'Temporary/x86_64/os/Packages/w/widget-data-2.0-1.noarch.rpm',
        sigkey: null,
      },
    });

    expect(await readFile(composeFiles.status(run.composeDir), 'utf8')).toBe('FINISHED\n');
    expect(await readFile(join(run.composeDir, 'COMPOSE_ID'), 'utf8')).toBe(run.result.pungiComposeId);
    expect(existsSync(composeFiles.composeInfoBase(run.composeDir))).toBe(true);
    const log = await readFile(composeFiles.stderrLog(run.composeDir), 'utf8');
    expect(log).toMatch(/\[INFO {4}\] Compose finished: odcs-/);
    expect(await readFile(join(run.composeDir, 'logs', 'global', 'odcs-builtin.log'), 'utf8')).toBe(log);
    expect((await readdir(h.targetDir)).filter((n) => n.startsWith('.'))).toEqual([]); // no partial tree left
  });

  it('reports its phases with download counts, serving nothing before the end', async () => {
    const servedDuring: boolean[] = [];
    const run = await h.generate(
      { id: 4343, sourceType: 'tag', source: ['eng-tag'], arches: ['x86_64'] },
      { onProgress: () => servedDuring.push(existsSync(join(h.targetDir, 'odcs-4343', 'compose'))) },
    );

    expect(run.result.ok).toBe(true);
    const phases = [...new Set(run.progress.map((p) => p.phase))];
    expect(phases).toEqual(['resolve', 'download', 'createrepo', 'metadata']);
    expect(run.progress.filter((p) => p.phase === 'download').at(-1)).toMatchObject({ done: 8, total: 8 });
    expect(servedDuring).not.toContain(true);
    expect(existsSync(join(run.composeDir, 'compose'))).toBe(true);
  });

  it('takes only the tag itself with no_inheritance', async () => {
    const run = await h.generate({ sourceType: 'tag', source: ['eng-tag'], arches: ['x86_64'], flags: ['no_inheritance'] });

    expect(run.result.ok).toBe(true);
    expect(await dnfRepoquery({ reposdir: join(run.composeDir, 'compose', 'Temporary') })).toEqual([
      'app-1.0-1.x86_64',
      'broken-1.0-1.noarch',
      'widget-2.0-1.x86_64',
      'widget-data-2.0-1.noarch',
    ]);
  });

  it('composes the tag as it was at the compose koji_event', async () => {
    const before = h.hub.lastEvent();
    h.hub.untagBuild('eng-tag', 'widget-2.0-1');
    const run = await h.generate({
      sourceType: 'tag',
      source: ['eng-tag'],
      arches: ['x86_64'],
      packages: ['widget'],
      flags: ['no_deps'],
      kojiEvent: before,
    });
    h.hub.tagBuild('eng-tag', 'widget-2.0-1');

    expect(run.result.ok).toBe(true);
    expect(await dnfRepoquery({ reposdir: join(run.composeDir, 'compose', 'Temporary') })).toEqual(['widget-2.0-1.x86_64']);
  });

  it('bumps the respin of the compose id while it is taken', async () => {
    const taken = `odcs-4242-1-${formatComposeDate(new Date())}.t.0`;
    const run = await h.generate(
      { id: 4242, sourceType: 'tag', source: ['eng-tag'], packages: ['lonely'], flags: ['no_deps'] },
      { takenIds: [taken] },
    );

    expect(run.result).toMatchObject({ ok: true, pungiComposeId: taken.replace(/\.0$/, '.1') });
  });

  it('writes the result repo URL into the .repo file on the default target dir', async () => {
    const run = await h.generate(
      { sourceType: 'tag', source: ['eng-tag'], packages: ['lonely'], flags: ['no_deps'] },
      { onDefaultDir: true },
    );

    expect(run.result.ok).toBe(true);
    const repoFile = await readFile(join(run.composeDir, 'compose', 'Temporary', `odcs-${run.job.spec.id}.repo`), 'utf8');
    expect(repoFile).toContain(`baseurl=${TARGET_DIR_URL}/odcs-${run.job.spec.id}/compose/Temporary/$basearch/os\n`);
  });
});
