import { Logger } from '@nestjs/common';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { OdcsConfig } from '@odcs/config';
import cluster from 'node:cluster';
import { FrontendAppModule } from './frontend-app.module.js';
import { createHttpApp } from './http/create-http-app.js';

/** One frontend process (or cluster worker) serving the REST API on config.port. */
export async function serveFrontend(config: OdcsConfig): Promise<void> {
  const app = await createHttpApp(
    FrontendAppModule.forRoot(config, {
      url: config.database_url,
      embedded: false,
      migrate: config.database_migrate_on_start,
      genericPlans: config.database_generic_plans,
    }),
    config,
    { bufferLogs: true },
  );
  app.useLogger(app.get(PinoLogger));
  await app.listen(config.port, config.host);
  const worker = cluster.isWorker ? ` (worker ${cluster.worker!.id})` : '';
  new Logger('Frontend').log(`ODCS API on http://${config.host}:${config.port}/api/1/composes/${worker}`);
}
