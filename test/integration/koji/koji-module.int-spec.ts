import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KojiClient, KojiEventResolver, KojiModule } from '@odcs/koji';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';

describe('KojiModule', () => {
  let hub: KojiHub;
  beforeAll(async () => {
    hub = await startKojiHub({ tags: [{ name: 'odcs-mod' }] });
  });
  afterAll(async () => {
    await hub.close();
  });

  it('forRoot provides a client on the given hub and one shared event resolver', async () => {
    const app = await Test.createTestingModule({ imports: [KojiModule.forRoot({ hubUrl: hub.hubUrl, topUrl: hub.topUrl })] }).compile();
    const koji = app.get(KojiClient);
    expect(koji.options).toMatchObject({ hubUrl: hub.hubUrl, topUrl: hub.topUrl, retries: 3 });
    const resolver = app.get(KojiEventResolver);
    expect(await resolver.resolveTagEvent('odcs-mod')).toBe(hub.lastEvent());
    expect(app.get(KojiEventResolver)).toBe(resolver);
    await app.close();
  });

  it('forRootAsync takes its options from a factory', async () => {
    const app = await Test.createTestingModule({
      imports: [KojiModule.forRootAsync({ useFactory: async () => ({ hubUrl: hub.hubUrl, topUrl: hub.topUrl, retries: 0 }) })],
    }).compile();
    expect(app.get(KojiClient).options.retries).toBe(0);
    expect((await app.get(KojiClient).getTag('odcs-mod'))?.name).toBe('odcs-mod');
    await app.close();
  });
});

describe('module build archives', () => {
  let hub: KojiHub;
  beforeAll(async () => {
    hub = await startKojiHub({
      tags: [],
      builds: [
        {
          name: 'mod',
          version: '1',
          release: '5.c1',
          rpms: [],
          archives: [
            { filename: 'modulemd.txt', text: 'source\n' },
            { filename: 'modulemd.x86_64.txt', text: 'final x86_64\n' },
            { filename: 'build.log', btype: 'image', text: 'log\n' },
          ],
        },
      ],
    });
  });
  afterAll(async () => {
    await hub.close();
  });

  it('listArchives by build and type, and the archive file under the build typedir files/<btype>/', async () => {
    const koji = new KojiClient({ hubUrl: hub.hubUrl, topUrl: hub.topUrl, retries: 0 });
    const build = (await koji.getBuild('mod-1-5.c1'))!;
    const modular = await koji.listArchives(build.id, 'module');
    expect(modular.map((a) => [a.filename, a.btype, a.buildId])).toEqual([
      ['modulemd.txt', 'module', build.id],
      ['modulemd.x86_64.txt', 'module', build.id],
    ]);
    expect((await koji.listArchives(build.id)).map((a) => a.filename)).toContain('build.log');
    await expect(koji.listArchives(build.id, 'nope')).rejects.toThrow(/unsupported archive type: nope/);
    const url = koji.paths.archiveUrl(build, 'module', 'modulemd.x86_64.txt');
    expect(url).toBe(`${hub.topUrl}/packages/mod/1/5.c1/files/module/modulemd.x86_64.txt`);
    expect(await fetch(url).then((r) => r.text())).toBe('final x86_64\n');
  });
});
