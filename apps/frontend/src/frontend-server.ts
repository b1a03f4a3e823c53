import { Logger } from '@nestjs/common';
import { Logger as PinoLogger } from 'nestjs-pino';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OdcsConfig } from '@odcs/config';
import cluster from 'node:cluster';
import { FrontendAppModule } from './frontend-app.module.js';
import { configureHttp } from './http/configure-http.js';

/** One frontend process (or cluster worker) serving the REST API on config.port. */
export async function serveFrontend(config: OdcsConfig): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(
    FrontendAppModule.forRoot(config, { url: config.database_url, embedded: false, migrate: config.database_migrate_on_start }),
    { bodyParser: false, bufferLogs: true },
  );
  app.useLogger(app.get(PinoLogger));
  configureHttp(app, config);
  await app.listen(config.port, config.host);
  const worker = cluster.isWorker ? ` (worker ${cluster.worker!.id})` : '';
  new Logger('Frontend').log(`ODCS API on http://${config.host}:${config.port}/api/1/composes/${worker}`);
}
