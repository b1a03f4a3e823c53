import type { DataSourceOptions } from 'typeorm';
import { ComposeOrmEntity } from './compose.orm-entity.js';
import { MIGRATIONS } from './migrations/index.js';
import { OutboxMessageOrmEntity } from './outbox-message.orm-entity.js';

export const ENTITIES = [ComposeOrmEntity, OutboxMessageOrmEntity];

/** One options factory for the runtime module, the tests and the TypeORM CLI (ormconfig.ts). */
export function dataSourceOptions(
  url: string,
  opts: { embedded?: boolean; poolSize?: number; genericPlans?: boolean } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    // PGlite serves one connection at a time (STACK.md §3): a pool of 1 that fails fast instead of hanging.
    // The hot statements are named prepared statements of a few shapes (the read path, creates), written
    // so that one plan fits every parameter: planned once per connection (force_generic_plan), not on
    // every run, which was half of PostgreSQL's CPU on a filtered list. Unnamed statements are unaffected.
    // Off with database_generic_plans=false (a pooler that refuses startup options).
    extra: opts.embedded
      ? { max: 1, connectionTimeoutMillis: 10000 }
      : { max: opts.poolSize ?? 10, ...(opts.genericPlans === false ? {} : { options: '-c plan_cache_mode=force_generic_plan' }) },
  };
}
