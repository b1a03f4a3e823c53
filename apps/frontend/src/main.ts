import 'reflect-metadata';
import { ConfigError, loadConfig } from '@odcs/config';
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { limitHeapGrowth, workerExecArgv } from './v8-memory.js';

/**
 * The frontend process: REST API only. Needs a shared PostgreSQL (database_url). With more than one
 * `frontend_workers` the primary process only forks the workers (node:cluster; they share the port)
 * and replaces one that dies; a worker that dies before it listened stops the whole frontend. The
 * primary never loads the application (import on demand): it stays a small process. Each process
 * serving the API bounds its old generation's growth (frontend_heap_growth_percent) before it loads
 * the application; workers get the frontend's semi-space size (v8-memory.ts).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.database_url) {
    throw new ConfigError('database_url', 'the frontend process needs a shared PostgreSQL; use `npm start` for the single-process mode');
  }
  const workers = config.frontend_workers || availableParallelism();
  if (workers > 1 && cluster.isPrimary) return superviseWorkers(workers);
  limitHeapGrowth(config.frontend_heap_growth_percent);
  const { serveFrontend } = await import('./frontend-server.js');
  await serveFrontend(config);
}

function superviseWorkers(count: number): void {
  const log = { error: (msg: string) => console.error(JSON.stringify({ level: 'error', process: 'frontend', pid: process.pid, msg })) };
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
  cluster.setupPrimary({ execArgv: workerExecArgv(process.execArgv, process.env.NODE_OPTIONS) });
  for (let i = 0; i < count; i++) cluster.fork();
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
