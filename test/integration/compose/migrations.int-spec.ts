import { dataSourceOptions } from '@odcs/compose';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let db: TestDatabase;
let ds: DataSource;
beforeAll(async () => {
  db = await createTestDatabase();
  ds = await new DataSource(dataSourceOptions(db.url)).initialize();
});
afterAll(async () => {
  await ds.destroy();
  await db.drop();
});

const tables = async () =>
  (await db.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).map((r) => r.t);

const ALL_TABLES = ['backends', 'compose_counts', 'compose_owner_counts', 'composes', 'outbox_messages', 'typeorm_migrations', 'users'];

describe('migrations', () => {
  it('go up, down and up again', async () => {
    await ds.runMigrations();
    expect(await tables()).toEqual(ALL_TABLES);
    await ds.undoLastMigration();
    expect(await tables()).toEqual(['backends', 'compose_counts', 'composes', 'outbox_messages', 'typeorm_migrations', 'users']);
    const indexDef = async (name: string) =>
      (await db.query<{ d: string }>(`SELECT indexdef AS d FROM pg_indexes WHERE indexname = $1`, [name]))[0]?.d;
    expect(await indexDef('ix_composes_owner')).toMatch(/\(owner, id\)$/);
    expect(await indexDef('idx_source_type__state')).toMatch(/\(source_type, state, id\)$/);
    await ds.undoLastMigration();
    expect(await indexDef('ix_composes_owner')).toMatch(/\(owner\)$/);
    expect(await indexDef('idx_source_type__state')).toMatch(/\(source_type, state\)$/);
    await ds.undoLastMigration();
    expect(await tables()).toEqual(['compose_counts', 'composes', 'outbox_messages', 'typeorm_migrations', 'users']);
    const sizeColumn = async () =>
      (await db.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'composes' AND column_name = 'size_bytes'`)).length;
    expect(await sizeColumn()).toBe(1);
    await ds.undoLastMigration();
    expect(await sizeColumn()).toBe(0);
    await ds.undoLastMigration();
    expect(await tables()).toEqual(['composes', 'outbox_messages', 'typeorm_migrations', 'users']);
    await ds.undoLastMigration();
    expect(await tables()).toEqual(['typeorm_migrations']);
    await ds.runMigrations();
    expect(await tables()).toEqual(ALL_TABLES);
  });

  it('create the indexes the API and the sweeps rely on', async () => {
    const idx = (await db.query<{ i: string }>(`SELECT indexname AS i FROM pg_indexes WHERE tablename = 'composes'`)).map((r) => r.i);
    expect(idx).toEqual(
      expect.arrayContaining([
        'ix_composes_state',
        'ix_composes_time_to_expire',
        'ix_composes_reused_id',
        'ix_composes_owner',
        'idx_source_type__state',
        'ix_composes_waiting',
        'ix_composes_due',
      ]),
    );
  });

  it('enforce the lifecycle invariants as CHECK constraints', async () => {
    const insert = (state: number, extra = '') =>
      db.query(
        `INSERT INTO composes (id, owner, source_type, source, state, results, time_to_expire, time_submitted${extra ? ', ' + extra.split('=')[0] : ''})
         VALUES (nextval('composes_id_seq'), 'a', 1, 'f40', $1, 1, now(), now()${extra ? ', ' + extra.split('=')[1] : ''})`,
        [state],
      );
    await expect(insert(1)).rejects.toThrow(/chk_generating_started/);
    await expect(insert(2, 'time_started=now()')).rejects.toThrow(/chk_done_time/);
    await expect(insert(3)).rejects.toThrow(/chk_removed_time/);
    await expect(insert(9)).rejects.toThrow(/check constraint/);
    await expect(insert(0)).resolves.toBeDefined();
  });
});

describe('compose_counts', () => {
  it('follows inserts, state changes and deletes exactly', async () => {
    const counts = async () =>
      Object.fromEntries(
        (
          await db.query<{ k: string; n: number }>(`SELECT source_type || '/' || state AS k, n::int AS n FROM compose_counts WHERE n <> 0`)
        ).map((r) => [r.k, r.n]),
      );
    await db.query(`DELETE FROM composes`);
    expect(await counts()).toEqual({});
    await db.query(`INSERT INTO composes (id, owner, source_type, source, state, results, time_to_expire, time_submitted)
      SELECT g, 'a', 1 + g % 2, 'f40', 0, 1, now(), now() FROM generate_series(1000, 1009) g`);
    expect(await counts()).toEqual({ '1/0': 5, '2/0': 5 });
    await db.query(`UPDATE composes SET state = 4 WHERE id IN (1000, 1001)`);
    await db.query(`UPDATE composes SET owner = 'b'`);
    expect(await counts()).toEqual({ '1/0': 4, '1/4': 1, '2/0': 4, '2/4': 1 });
    await db.query(`DELETE FROM composes WHERE id = 1000`);
    expect(await counts()).toEqual({ '1/0': 4, '2/0': 4, '2/4': 1 });
  });

  it('and compose_owner_counts follow inserts, owner changes and deletes exactly', async () => {
    const owners = async () =>
      Object.fromEntries(
        (await db.query<{ owner: string; n: number }>(`SELECT owner, n::int AS n FROM compose_owner_counts WHERE n <> 0`)).map((r) => [
          r.owner,
          r.n,
        ]),
      );
    await db.query(`DELETE FROM composes`);
    expect(await owners()).toEqual({});
    await db.query(`INSERT INTO composes (id, owner, source_type, source, state, results, time_to_expire, time_submitted)
      SELECT g, CASE WHEN g % 3 = 0 THEN 'alice' ELSE 'bob' END, 1, 'f40', 0, 1, now(), now() FROM generate_series(1000, 1008) g`);
    expect(await owners()).toEqual({ alice: 3, bob: 6 });
    await db.query(`UPDATE composes SET owner = 'carol' WHERE id IN (1000, 1001)`);
    await db.query(`UPDATE composes SET state = 4 WHERE id = 1002`);
    expect(await owners()).toEqual({ alice: 3, bob: 4, carol: 2 });
    await db.query(`DELETE FROM composes WHERE owner = 'bob'`);
    expect(await owners()).toEqual({ alice: 3, carol: 2 });
  });
});
