import { dataSourceOptions } from '@odcs/compose';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

const planCacheMode = async (opts: { genericPlans?: boolean }): Promise<string> => {
  const ds = await new DataSource(dataSourceOptions(db.url, { embedded: false, ...opts })).initialize();
  try {
    return (await ds.query<{ plan_cache_mode: string }[]>('SHOW plan_cache_mode'))[0]!.plan_cache_mode;
  } finally {
    await ds.destroy();
  }
};

describe('database_generic_plans', () => {
  it('plans the hot prepared statements once per connection by default, and leaves PostgreSQL’s choice when off', async () => {
    expect(await planCacheMode({})).toBe('force_generic_plan');
    expect(await planCacheMode({ genericPlans: true })).toBe('force_generic_plan');
    expect(await planCacheMode({ genericPlans: false })).toBe('auto');
  });
});
