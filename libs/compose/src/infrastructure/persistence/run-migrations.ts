import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

const MIGRATION_LOCK = 744_301_517; // arbitrary constant shared by every odcs process

/**
 * Runs pending migrations. On a shared PostgreSQL several processes may start at once, so the run
 * is serialised with a session advisory lock (not possible on embedded PGlite, which has one connection
 * and one process anyway).
 */
export async function runMigrations(ds: DataSource, opts: { embedded: boolean }): Promise<void> {
  const log = new Logger('Migrations');
  if (opts.embedded) {
    const done = await ds.runMigrations({ transaction: 'all' });
    if (done.length) log.log(`applied ${done.map((m) => m.name).join(', ')}`);
    return;
  }
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const done = await ds.runMigrations({ transaction: 'all' });
    if (done.length) log.log(`applied ${done.map((m) => m.name).join(', ')}`);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
