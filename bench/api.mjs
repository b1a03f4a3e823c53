#!/usr/bin/env node
// API benchmark (figures, not a test): seeds 150,000 composes into a fresh PostgreSQL database,
// starts the built frontend on it and measures, at 32 connections for 10 s each:
//   GET /api/1/composes/?per_page=20 (page 1 and a deep page), GET /api/1/composes/:id, POST /api/1/composes/
// Run: npm run build && node bench/api.mjs   (PostgreSQL on 127.0.0.1:5432; BENCH_ROWS, BENCH_SECONDS override)
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { freePort, scratchDatabase, waitForService } from './bench-lib.mjs';

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
    const t0 = Date.now();
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    // Seed in bulk with the counting trigger off, then recount once (as the migration does).
    await db.query('ALTER TABLE composes DISABLE TRIGGER composes_count_insert_delete');
    await db.query(`
      INSERT INTO composes (id, owner, source_type, source, state, state_reason, results, flags, time_to_expire, time_submitted,
                            time_started, time_done, time_removed, arches, multilib_arches, multilib_method, sigkeys, compose_type, koji_event)
      SELECT g, 'user' || (g % 50), 1 + (g % 3), 'f' || (30 + g % 10), s, 'Compose is expired.', 1, 0,
             now() - interval '1 day' + g * interval '1 second', now() - interval '2 days' + g * interval '1 second',
             now() - interval '2 days', CASE WHEN s IN (2, 3) THEN now() - interval '2 days' END, CASE WHEN s = 3 THEN now() END,
             'x86_64', '', 0, '', 'test', 1000 + g
      FROM generate_series(1, ${ROWS}) g, LATERAL (SELECT CASE WHEN g % 10 = 0 THEN 2 ELSE 3 END AS s) st`);
    await db.query('ALTER TABLE composes ENABLE TRIGGER composes_count_insert_delete');
    await db.query(
      `UPDATE compose_counts k SET n = COALESCE((SELECT count(*) FROM composes c WHERE c.source_type = k.source_type AND c.state = k.state), 0)`,
    );
    await db.query(`SELECT setval('composes_id_seq', ${ROWS})`);
    await db.query('VACUUM ANALYZE composes');
    await db.end();
    console.log(`seeded ${ROWS} composes in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const deepPage = Math.floor(ROWS / 20 / 2);
    const cases = [
      ['GET list page 1', { url: `${base}/api/1/composes/?per_page=20` }],
      [`GET list page ${deepPage}`, { url: `${base}/api/1/composes/?per_page=20&page=${deepPage}` }],
      ['GET one compose', { url: `${base}/api/1/composes/${Math.floor(ROWS / 2)}` }],
      [
        'POST create compose',
        {
          url: `${base}/api/1/composes/`,
          method: 'POST',
          body: JSON.stringify({ source: { type: 'tag', source: 'f40', packages: ['ed'] } }),
        },
      ],
    ];
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
