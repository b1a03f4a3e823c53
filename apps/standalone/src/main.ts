import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { Logger as PinoLogger } from 'nestjs-pino';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '@odcs/compose';
import { ConfigError, loadConfig } from '@odcs/config';
import { EngineModule } from '@odcs/engine';
import { createHttpApp } from '@odcs/frontend';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { StandaloneModule } from './standalone.module.js';

/**
 * `npm start`: frontend and backend in one process. With no database_url it runs on an embedded
 * PostgreSQL (PGlite) in data_dir, and with no amqp_url on an in-process bus.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = new Logger('odcs');
  mkdirSync(config.target_dir, { recursive: true }); // single-process mode owns its compose directory
  let embedded: EmbeddedPostgres | null = null;
  if (!config.database_url) embedded = await startEmbeddedPostgres(join(config.data_dir, 'pg'));
  const url = embedded?.url ?? config.database_url;
  const app = await createHttpApp(
    StandaloneModule.forRoot(
      config,
      {
        url,
        embedded: embedded !== null,
        migrate: embedded !== null || config.database_migrate_on_start,
        genericPlans: config.database_generic_plans,
      },
      EngineModule.forRoot(config),
    ),
    config,
    { bufferLogs: true },
  );
  app.useLogger(app.get(PinoLogger));
  if (embedded) {
    const db = embedded;
    const server: Server = app.getHttpServer();
    server.on('close', () => void db.close());
  }
  await app.listen(config.port, config.host);
  log.log(`ODCS API on http://localhost:${config.port}/api/1/composes/ (composes in ${config.target_dir})`);
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
