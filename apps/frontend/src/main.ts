import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { Logger as PinoLogger } from 'nestjs-pino';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, loadConfig } from '@odcs/config';
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { FrontendAppModule } from './frontend-app.module.js';
import { configureHttp } from './http/configure-http.js';

/**
 * The frontend process: REST API only. Needs a shared PostgreSQL (database_url). With more than one
 * `frontend_workers` the primary process only forks the workers (node:cluster; they share the port)
 * and replaces one that dies; a worker that dies before it listened stops the whole frontend.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.database_url) {
    throw new ConfigError('database_url', 'the frontend process needs a shared PostgreSQL; use `npm start` for the single-process mode');
  }
  const workers = config.frontend_workers || availableParallelism();
  if (workers > 1 && cluster.isPrimary) return superviseWorkers(workers);
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

function superviseWorkers(count: number): void {
  const log = new Logger('Frontend');
  let stopping = false;
  const listened = new Set<number>();
  cluster.on('listening', (w) => listened.add(w.id));
  cluster.on('exit', (w, code, signal) => {
    const alive = Object.keys(cluster.workers ?? {}).length;
    if (stopping) {
      if (alive === 0) process.exit();
      return;
    }
    if (!listened.has(w.id)) {
      log.error(`frontend worker ${w.id} exited (${signal ?? code}) before it listened; stopping`);
      stopping = true;
      process.exitCode = 1;
      for (const other of Object.values(cluster.workers ?? {})) other?.kill('SIGTERM');
      if (alive === 0) process.exit();
      return;
    }
    log.error(`frontend worker ${w.id} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    const all = Object.values(cluster.workers ?? {});
    if (all.length === 0) process.exit();
    for (const w of all) w?.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  for (let i = 0; i < count; i++) cluster.fork();
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
