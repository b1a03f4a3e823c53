#!/usr/bin/env node
// API benchmark (figures, not a test): seeds 150,000 composes into a fresh PostgreSQL database,
// starts the built frontend on it and measures, at 32 connections for 10 s each, every request
// kind below: req/s, p50/p99 latency, CPU per request of the odcs processes (the frontend and its
// workers, from /proc/<pid>/stat) and of PostgreSQL (the backends serving this database, from
// /proc/<pid>/stat), and the frontend's RSS (now and peak).
// Run: npm run build && node bench/api.mjs [--workers 1,2] [--only list,cold,deep,filter,get,create,floor] [--cpu-prof DIR]
//   PostgreSQL on 127.0.0.1:5432; BENCH_ROWS, BENCH_SECONDS, BENCH_CONNECTIONS override.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { apiCases, cpuMs, freePort, processTree, rssKb, scratchDatabase, seedComposes, stopProcess, waitForService } from './bench-lib.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 150_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const { values: args } = parseArgs({
  options: {
    workers: { type: 'string', default: '1' },
    only: { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
});
const WORKERS = args.workers.split(',').map(Number);
const dbName = `odcs_bench_${process.pid}`;
async function pgBackends(admin) {
  const { rows } = await admin.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName]);
  return rows.map((r) => r.pid);
}

/** CPU ms of each pid now (missing ones: 0, they started since). */
const cpuOf = (pids, sys = false) => new Map(pids.map((p) => [p, cpuMs(p, sys) ?? 0]));
const cpuSince = (before, pids, sys = false) => pids.reduce((sum, p) => sum + Math.max(0, (cpuMs(p, sys) ?? 0) - (before.get(p) ?? 0)), 0);

function startFrontend(url, port, workers) {
  // The profile is written on a normal exit: SIGUSR2 (sent by stop()) exits without Nest's signal re-raise.
  const prof = args['cpu-prof']
    ? ['--cpu-prof', '--cpu-prof-dir', args['cpu-prof'], "--import=data:text/javascript,process.on('SIGUSR2',()=>process.exit(0))"]
    : [];
  // --max-semi-space-size as npm run start:frontend and the image run it (apps/frontend/src/v8-memory.ts).
  return spawn(process.execPath, ['--max-semi-space-size=8', ...prof, 'apps/frontend/dist/main.js'], {
    env: {
      ...process.env,
      ODCS_DATABASE_URL: url,
      ODCS_PORT: String(port),
      ODCS_HOST: '127.0.0.1',
      ODCS_LOG_LEVEL: 'error',
      ODCS_AMQP_URL: '',
      ODCS_FRONTEND_WORKERS: String(workers),
      ODCS_DATABASE_MIGRATE_ON_START: 'true',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const stop = (server) => stopProcess(server, args['cpu-prof'] ? 'SIGUSR2' : 'SIGTERM');

async function main() {
  const scratch = await scratchDatabase(dbName);
  const url = scratch.url;
  const admin = new pg.Client({ connectionString: url });
  let server;
  try {
    // The schema comes from the frontend's migrations: start it once, seed, restart for each worker count.
    let port = await freePort();
    server = startFrontend(url, port, 1);
    await waitForService(`http://127.0.0.1:${port}`);
    await stop(server);
    await seedComposes(url, ROWS);
    await admin.connect();

    const cases = apiCases(ROWS).filter(([kind]) => !args.only || args.only.split(',').includes(kind));

    for (const workers of WORKERS) {
      port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      server = startFrontend(url, port, workers);
      await waitForService(base);
      const tree = processTree(server.pid);
      // warm-up: JIT, pools, prepared statements of every worker
      for (const [, , path, opts] of cases)
        await autocannon({ url: base + path, ...opts, connections: 8 * workers, amount: 400 * workers });
      console.log(
        `\nfrontend_workers=${workers} (${tree.length} process${tree.length > 1 ? 'es' : ''}), ${CONNECTIONS} connections, ${SECONDS} s per request kind`,
      );
      console.log('\n| request | req/s | p50 ms | p99 ms | odcs CPU ms/req | PostgreSQL CPU ms/req | frontend RSS MB | non-2xx |');
      console.log('|---|---|---|---|---|---|---|---|');
      for (const [, name, path, opts] of cases) {
        const pgPids = await pgBackends(admin);
        const odcs0 = cpuOf(tree);
        const odcsSys0 = cpuOf(tree, true);
        const pg0 = cpuOf(pgPids);
        const r = await autocannon({ url: base + path, ...opts, connections: CONNECTIONS, duration: SECONDS });
        const pgNow = await pgBackends(admin);
        const n = r.requests.total;
        const odcsCpu = cpuSince(odcs0, tree) / n;
        const odcsSys = cpuSince(odcsSys0, tree, true) / n;
        const pgCpu = cpuSince(pg0, pgNow) / n;
        const rss = tree.reduce((s, p) => s + rssKb(p).rss, 0) / 1024;
        console.log(
          `| ${name} | ${Math.round(r.requests.average)} | ${r.latency.p50} | ${r.latency.p99} | ${odcsCpu.toFixed(3)} (sys ${odcsSys.toFixed(3)}) | ${pgCpu.toFixed(3)} | ${rss.toFixed(0)} | ${r.non2xx} |`,
        );
      }
      const peaks = tree.map((p) => rssKb(p).hwm / 1024);
      console.log(
        `\npeak RSS (VmHWM): ${peaks.map((m) => m.toFixed(0)).join(' + ')} MB` +
          (peaks.length > 1 ? ` = ${peaks.reduce((a, b) => a + b, 0).toFixed(0)} MB (primary + workers)` : ''),
      );
      await stop(server);
    }
  } finally {
    if (server) await stop(server);
    await admin.end().catch(() => {});
    await scratch.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
