#!/usr/bin/env node
// API benchmark (figures, not a test): seeds 150,000 composes into a fresh PostgreSQL database,
// starts the built frontend on it and measures, at 32 connections for 10 s each:
//   GET /api/1/composes/?per_page=20 (page 1 and a deep page), GET /api/1/composes/:id, POST /api/1/composes/
// Run: npm run build && node bench/api.mjs   (PostgreSQL on 127.0.0.1:5432; BENCH_ROWS, BENCH_SECONDS override)
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { apiCases, freePort, scratchDatabase, seedComposes, waitForService } from './bench-lib.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 150_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const dbName = `odcs_bench_${process.pid}`;

async function main() {
  const scratch = await scratchDatabase(dbName);
  const url = scratch.url;
  const port = await freePort();
  const server = spawn(process.execPath, ['apps/frontend/dist/main.js'], {
    env: {
      ...process.env,
      ODCS_DATABASE_URL: url,
      ODCS_PORT: String(port),
      ODCS_HOST: '127.0.0.1',
      ODCS_LOG_LEVEL: 'error',
      ODCS_AMQP_URL: '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForService(base);
    await seedComposes(url, ROWS);
    const cases = apiCases(base, ROWS);
    console.log(`\n| request (32 connections, ${SECONDS} s) | req/s | p50 ms | p99 ms | non-2xx |`);
    console.log('|---|---|---|---|---|');
    for (const [name, opts] of cases) {
      const r = await autocannon({ ...opts, connections: 32, duration: SECONDS });
      console.log(`| ${name} | ${Math.round(r.requests.average)} | ${r.latency.p50} | ${r.latency.p99} | ${r.non2xx} |`);
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await scratch.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
