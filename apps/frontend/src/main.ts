import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { Logger as PinoLogger } from 'nestjs-pino';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, loadConfig } from '@odcs/config';
import { FrontendAppModule } from './frontend-app.module.js';
import { configureHttp } from './http/configure-http.js';

/** The frontend process: REST API only. Needs a shared PostgreSQL (database_url). */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.database_url) {
    throw new ConfigError('database_url', 'the frontend process needs a shared PostgreSQL; use `npm start` for the single-process mode');
  }
  const app = await NestFactory.create<NestExpressApplication>(
    FrontendAppModule.forRoot(config, { url: config.database_url, embedded: false, migrate: config.database_migrate_on_start }),
    { bodyParser: false, bufferLogs: true },
  );
  app.useLogger(app.get(PinoLogger));
  configureHttp(app, config);
  await app.listen(config.port, config.host);
  new Logger('Frontend').log(`ODCS API on http://${config.host}:${config.port}/api/1/composes/`);
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
