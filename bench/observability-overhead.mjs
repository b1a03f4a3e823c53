#!/usr/bin/env node
// Observability overhead (figures, not a test): bench:api's request mix against the built frontend
// with request logging (JSON lines at level info, to a file) and HTTP metrics on, then with both off
// (log_requests=false, http_metrics=false), in interleaved rounds on the same seeded database; the
// best round of each counts (each server is warmed up first). Prints both figures per request and the ratio (the issue asks within 10%):
// throughput, and the server's CPU time per request (from /proc: less sensitive to other load on the machine).
// Run: npm run bench:observability   (BENCH_ROWS, BENCH_SECONDS, BENCH_ROUNDS override)
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { apiCases, cpuMs, freePort, scratchDatabase, seedComposes, stopProcess, waitForService } from './bench-lib.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 150_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONFIGS = {
  on: { ODCS_LOG_REQUESTS: 'true', ODCS_HTTP_METRICS: 'true' },
  off: { ODCS_LOG_REQUESTS: 'false', ODCS_HTTP_METRICS: 'false' },
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function startFrontend(url, extraEnv, logFile) {
  const port = await freePort();
  const out = openSync(logFile, 'a');
  const server = spawn(process.execPath, ['apps/frontend/dist/main.js'], {
    env: {
      ...process.env,
      ODCS_DATABASE_URL: url,
      ODCS_PORT: String(port),
      ODCS_HOST: '127.0.0.1',
      ODCS_LOG_LEVEL: 'info',
      ODCS_LOG_FORMAT: 'json',
      ODCS_AMQP_URL: '',
      ODCS_FRONTEND_WORKERS: '1', // one process, whose CPU /proc shows (as bench:api by default)
      ...extraEnv,
    },
    stdio: ['ignore', out, 'inherit'],
  });
  closeSync(out);
  const base = `http://127.0.0.1:${port}`;
  await waitForService(base);
  return {
    base,
    /** CPU ms (user + system) the server process has used so far. */
    cpuMs: () => cpuMs(server.pid),
    stop: () => stopProcess(server),
  };
}

/** Removes what the POST case created, so every run sees the same table. */
async function reset(url) {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  await db.query('DELETE FROM composes WHERE id > $1', [ROWS]);
  await db.query('DELETE FROM outbox_messages');
  await db.query(`SELECT setval('composes_id_seq', ${ROWS})`);
  await db.end();
}

async function measure(server, best) {
  // warm-up, as bench:api does: JIT, the pool, prepared statements
  for (const [, , path, opts] of apiCases(ROWS)) await autocannon({ url: server.base + path, ...opts, connections: 8, amount: 400 });
  for (const [, label, path, opts] of apiCases(ROWS)) {
    const cpu0 = server.cpuMs();
    const r = await autocannon({ url: server.base + path, ...opts, connections: 32, duration: SECONDS });
    const cpuUs = ((server.cpuMs() - cpu0) * 1000) / Math.max(1, r.requests.total);
    const prev = best.get(label);
    best.set(label, {
      rps: Math.max(prev?.rps ?? 0, r.requests.average),
      p99: Math.min(prev?.p99 ?? Infinity, r.latency.p99),
      cpuUs: Math.min(prev?.cpuUs ?? Infinity, cpuUs),
      non2xx: (prev?.non2xx ?? 0) + r.non2xx,
    });
  }
}

function report(best, logs) {
  const requestLines = (file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"responseTime"')).length;
  console.log(`\nrequest log lines written: ${requestLines(logs.on)} with logging on, ${requestLines(logs.off)} with it off`);
  console.log(`load average at the end: ${load()}; figures are the best of ${ROUNDS} rounds`);
  console.log(
    `\n| request (32 connections, ${SECONDS} s) | req/s on | req/s off | on/off | CPU µs/req on | CPU µs/req off | on/off | p99 ms on | p99 ms off |`,
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  let rpsLog = 0;
  let cpuLog = 0;
  for (const [, label] of apiCases(ROWS)) {
    const on = best.on.get(label);
    const off = best.off.get(label);
    rpsLog += Math.log(on.rps / off.rps);
    cpuLog += Math.log(on.cpuUs / off.cpuUs);
    const cells = [Math.round(on.rps), Math.round(off.rps), (on.rps / off.rps).toFixed(2), Math.round(on.cpuUs), Math.round(off.cpuUs)];
    cells.push((on.cpuUs / off.cpuUs).toFixed(2), on.p99, off.p99);
    console.log(`| ${label} | ${cells.join(' | ')} |`);
    if (on.non2xx || off.non2xx) console.log(`  (non-2xx: on ${on.non2xx}, off ${off.non2xx})`);
  }
  const n = best.on.size;
  console.log('\nwith request logging and HTTP metrics on (geometric means over the requests; target: within 10%):');
  console.log(
    `  throughput ${(Math.exp(rpsLog / n) * 100).toFixed(1)}% of off; CPU per request ${(Math.exp(cpuLog / n) * 100).toFixed(1)}% of off`,
  );
}

async function main() {
  const scratch = await scratchDatabase(`odcs_bench_obs_${process.pid}`);
  const dir = mkdtempSync(join(tmpdir(), 'odcs-bench-obs-'));
  const logs = { on: join(dir, 'on.log'), off: join(dir, 'off.log') };
  const best = { on: new Map(), off: new Map() };
  console.log(`load average at the start: ${load()}`);
  try {
    const first = await startFrontend(scratch.url, CONFIGS.off, logs.off); // runs the migrations
    await first.stop();
    await seedComposes(scratch.url, ROWS);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const name of round % 2 ? ['on', 'off'] : ['off', 'on']) {
        const server = await startFrontend(scratch.url, CONFIGS[name], logs[name]);
        try {
          await measure(server, best[name]);
        } finally {
          await server.stop();
        }
        await reset(scratch.url);
        console.log(`round ${round}: ${name} measured`);
      }
    }
    report(best, logs);
  } finally {
    await scratch.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
