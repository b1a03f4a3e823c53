import { Logger } from '@nestjs/common';
import { dataSourceOptions, runMigrations, type ListComposesCriteria } from '@odcs/compose';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxNotifier } from '../../../libs/compose/src/infrastructure/outbox/outbox.notifier.js';
import { OutboxWriter } from '../../../libs/compose/src/infrastructure/outbox/outbox.writer.js';
import { toProps } from '../../../libs/compose/src/infrastructure/persistence/compose.mapper.js';
import { ComposeOrmEntity } from '../../../libs/compose/src/infrastructure/persistence/compose.orm-entity.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../libs/compose/src/infrastructure/persistence/embedded-postgres.js';
import { TypeOrmComposeRepository } from '../../../libs/compose/src/infrastructure/persistence/typeorm-compose.repository.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

// The read path (GET one compose, lists) reads rows as JSON arrays of its own (compose-row.ts); the
// write path reads them through the ORM entity. Both must see every column alike, on both databases.
const FULL = `INSERT INTO composes (id, owner, source_type, source, modular_koji_tags, module_defaults_url, koji_event, sigkeys,
  state, state_reason, results, packages, builds, flags, time_to_expire, time_submitted, time_started, time_done, time_removed,
  removed_by, reused_id, koji_task_id, arches, multilib_arches, multilib_method, lookaside_repos, label, compose_type,
  pungi_compose_id, pungi_config_dump, celery_task_id, target_dir, scratch_modules, parent_pungi_compose_ids, scratch_build_tasks,
  modules, respin_of, base_module_br_name, base_module_br_stream, base_module_br_stream_version_lte,
  base_module_br_stream_version_gte, progress, attempts, lease_owner, lease_expires_at, size_bytes)
VALUES (7, 'alice', 2, 'testmodule:master', 'f40-modular', 'https://x/defaults', 123456, 'abc123 def456', 1, 'Compose "failed": ü ☃ \\ /',
  3, 'ed less', 'ed-1.0-1.fc40', 72, '2026-12-03 18:57:29.999999+05:30', '2026-12-03 18:57:29.000001+00', '1969-12-31 23:59:59.9995+00',
  '2026-06-30 23:59:59.5-03', '1900-01-01 00:00:00+00', 'bob', 3, 98765, 'x86_64 aarch64', 'x86_64', 3, 'f40-build', 'Beta-1.0',
  'test', 'Fedora-40-20261203.t.0', '{"a": "b\\nc"}', 'celery-1', '/srv/extra', 'm:s:1:c', 'Fedora-40-1 Fedora-40-2', '1 2',
  'testmodule:master', 'Fedora-40-20261203.t.0', 'platform', 'f40', 400100, 400000, 'creating repo: 3/9', 2, 'backend-a',
  '2026-12-03 19:00:00.25+00', 9007199254740991)`;
const SPARSE = `INSERT INTO composes (id, owner, source_type, source, state, results, time_to_expire, time_submitted)
  VALUES (8, 'carol', 1, 'f40', 0, 1, '2026-12-04 00:00:00+00', '2026-12-03 00:00:00+00')`;
const everything: ListComposesCriteria = { filter: {}, orderBy: 'id', descending: false, limit: 10, offset: 0 };

describe.each([
  ['PostgreSQL', false],
  ['embedded PostgreSQL (PGlite)', true],
])('the read path on %s', (_name, embedded) => {
  let db: TestDatabase | undefined;
  let pglite: EmbeddedPostgres | undefined;
  let ds: DataSource;
  let repo: TypeOrmComposeRepository;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    let url: string;
    if (embedded) url = (pglite = await startEmbeddedPostgres('memory')).url;
    else url = (db = await createTestDatabase()).url;
    ds = await new DataSource(dataSourceOptions(url, { embedded })).initialize();
    await runMigrations(ds, { embedded });
    await ds.query(FULL);
    await ds.query(SPARSE);
    repo = new TypeOrmComposeRepository(ds, new OutboxWriter(), new OutboxNotifier());
  }, 60_000);
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
    await pglite?.close();
  });

  const viaEntity = async (id: number) => toProps(await ds.getRepository(ComposeOrmEntity).findOneByOrFail({ id }));

  it('reads one compose, every column, as the ORM entity does', async () => {
    for (const id of [7, 8]) expect(await repo.findById(id)).toStrictEqual(await viaEntity(id));
    const full = (await repo.findById(7))!;
    expect(full.timeToExpire.toISOString()).toBe('2026-12-03T13:27:29.999Z');
    expect(full.timeStarted?.toISOString()).toBe('1969-12-31T23:59:59.999Z');
    expect(full.timeDone?.toISOString()).toBe('2026-07-01T02:59:59.500Z');
    expect(full.stateReason).toBe('Compose "failed": ü ☃ \\ /');
    expect(full.sizeBytes).toBe(9007199254740991);
    expect(await repo.findById(9)).toBeNull();
  });

  it('lists composes, every column but pungi_config_dump, as the ORM entity does', async () => {
    const withoutDump = async (id: number) => {
      const { pungiConfigDump: _, ...listed } = await viaEntity(id);
      return listed;
    };
    const list = async (c: ListComposesCriteria) => {
      const { page, total } = await repo.list(c);
      return { items: page.map((row) => row.compose), total };
    };
    expect(await list(everything)).toStrictEqual({ items: [await withoutDump(7), await withoutDump(8)], total: 2 });
    expect(await list({ ...everything, filter: { owner: 'carol' } })).toStrictEqual({ items: [await withoutDump(8)], total: 1 });
    expect(await list({ ...everything, offset: 5 })).toStrictEqual({ items: [], total: 2 });
    expect(await list({ ...everything, filter: { owner: 'nobody' } })).toStrictEqual({ items: [], total: 0 });
  });

  it('gives the row version (xmin) of each compose on every list path, with the rows or without', async () => {
    const xmin = async (id: number) => (await ds.query<{ v: string }[]>('SELECT xmin::text AS v FROM composes WHERE id = $1', [id]))[0]!.v;
    // Paging through all composes by id (dense ids) and a filtered list take different statements.
    const alices = { ...everything, filter: { owner: 'alice' } };
    expect((await repo.list(everything, { versionsOnly: true })).page).toEqual([
      { id: 7, version: await xmin(7) },
      { id: 8, version: await xmin(8) },
    ]);
    expect((await repo.list(alices, { versionsOnly: true })).page).toEqual([{ id: 7, version: await xmin(7) }]);
    for (const criteria of [everything, alices]) {
      const [seven] = (await repo.list(criteria)).page;
      expect(seven).toMatchObject({ id: 7, version: await xmin(7), compose: { id: 7, owner: 'alice' } });
    }
    const before = await xmin(7);
    await ds.query(`UPDATE composes SET progress = 'writing metadata' WHERE id = 7`);
    expect(await xmin(7)).not.toBe(before);
    expect((await repo.list(alices, { versionsOnly: true })).page).toEqual([{ id: 7, version: await xmin(7) }]);
    expect(await repo.findListed([8, 7, 9])).toMatchObject([
      { id: 8, version: await xmin(8), compose: { id: 8 } },
      { id: 7, version: await xmin(7), compose: { progress: 'writing metadata' } },
    ]);
  });
});
