import { Logger } from '@nestjs/common';
import { dataSourceOptions, runMigrations } from '@odcs/compose';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll } from 'vitest';
import { OutboxNotifier } from '../../../libs/compose/src/infrastructure/outbox/outbox.notifier.js';
import { OutboxWriter } from '../../../libs/compose/src/infrastructure/outbox/outbox.writer.js';
import { TypeOrmComposeRepository } from '../../../libs/compose/src/infrastructure/persistence/typeorm-compose.repository.js';
import { composeRepositoryContract } from '../../../libs/compose/src/testing/compose-repository.contract.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let db: TestDatabase;
let ds: DataSource;

beforeAll(async () => {
  Logger.overrideLogger(['error']);
  db = await createTestDatabase();
  ds = await new DataSource(dataSourceOptions(db.url, { embedded: false })).initialize();
  await runMigrations(ds, { embedded: false });
});
afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

// One database for the file, emptied before each case (the delete keeps compose_counts right).
composeRepositoryContract('TypeORM on PostgreSQL', async () => {
  await ds.query('DELETE FROM outbox_messages');
  await ds.query('DELETE FROM composes');
  return {
    repo: new TypeOrmComposeRepository(ds, new OutboxWriter(), new OutboxNotifier()),
    outbox: async () =>
      (await ds.query<{ compose_id: number; type: string }[]>('SELECT compose_id, type FROM outbox_messages ORDER BY id')).map((r) => ({
        composeId: r.compose_id,
        type: r.type,
      })),
  };
});
