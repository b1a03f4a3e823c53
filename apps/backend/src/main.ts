import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { Logger as PinoLogger } from 'nestjs-pino';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@odcs/config';
import { EngineModule } from '@odcs/engine';
import { BackendAppModule } from './backend-app.module.js';

/** A backend process: generation, expiry and recovery; serves /health only. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.database_url) {
    throw new ConfigError(
      'database_url',
      'a separate backend process needs the shared PostgreSQL; use `npm start` for the single-process mode',
    );
  }
  const app = await NestFactory.create(
    BackendAppModule.forRoot(
      config,
      { url: config.database_url, embedded: false, migrate: config.database_migrate_on_start, genericPlans: config.database_generic_plans },
      EngineModule.forRoot(config),
    ),
    { bufferLogs: true },
  );
  app.useLogger(app.get(PinoLogger));
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  new Logger('Backend').log(`backend running; health on http://${config.host}:${config.port}/health`);
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
