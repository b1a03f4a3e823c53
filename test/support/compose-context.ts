import 'reflect-metadata';
import { type INestApplicationContext, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ComposeModule } from '@odcs/compose';
import { loadConfig, OdcsConfigModule } from '@odcs/config';
import { MessagingModule, type MessagingModuleOptions } from '@odcs/messaging';
import { createTestDatabase, type TestDatabase } from './database.js';

/**
 * The compose module (commands, queries, persistence) on a fresh PostgreSQL database with the
 * in-process bus, without HTTP: for integration tests that drive commands directly. Pass `db` to
 * start another "process" on the same database (it is then not dropped on close), `messaging` for
 * another bus.
 */
export async function startComposeContext(
  extra: DynamicModule[] = [],
  opts: { db?: TestDatabase; messaging?: MessagingModuleOptions } = {},
): Promise<{ db: TestDatabase; ctx: INestApplicationContext; close: () => Promise<void> }> {
  const db = opts.db ?? (await createTestDatabase());
  const config = loadConfig({}, { database_url: db.url, target_dir: '/tmp/odcs-compose-context' });
  @Module({
    imports: [
      OdcsConfigModule.forRoot(config),
      CqrsModule.forRoot(),
      ComposeModule.forRoot({ url: db.url, embedded: false, migrate: true }),
      MessagingModule.forRoot({ ...(opts.messaging ?? { driver: 'memory' }), isGlobal: true }),
      ...extra,
    ],
  })
  class ComposeContextModule {}
  const ctx = await NestFactory.createApplicationContext(ComposeContextModule, { logger: ['error'] });
  await ctx.init();
  return {
    db,
    ctx,
    close: async () => {
      await ctx.close();
      if (!opts.db) await db.drop();
    },
  };
}
