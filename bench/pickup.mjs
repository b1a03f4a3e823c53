#!/usr/bin/env node
// Pick-up benchmark (figures, not a test): how soon a backend starts a submitted compose. The built
// frontend and one built backend run as separate processes on the real PostgreSQL and RabbitMQ;
// composes are submitted one at a time (each waits until the previous one finished), and for each
// the time from sending the POST to the row reaching `generating` (its time_started, written by the
// backend's claim) is taken, as well as the time until the AMQP state-changed message saying
// `generating` arrives. Target: median ≤ 50 ms to `generating`.
// Run: npm run bench:pickup   (BENCH_REQUESTS overrides the number of composes)
import { connect } from 'amqplib';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, scratchDatabase, waitForService } from './bench-lib.mjs';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const AMQP_URL = process.env.ODCS_TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const dbName = `odcs_bench_pickup_${process.pid}`;
const exchange = `odcs_bench_pickup_${process.pid}`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForHealth(base, tries = 300) {
  for (let i = 0; i < tries; i++) {
    if (
      await fetch(`${base}/health/live`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await sleep(100);
  }
  throw new Error(`${base} did not start`);
}

const stats = (values) => {
  const v = [...values].sort((a, b) => a - b);
  const at = (p) => v[Math.min(v.length - 1, Math.floor((p / 100) * v.length))];
  return { median: at(50), p90: at(90), max: v[v.length - 1] };
};
const fmt = (s) => `median ${s.median.toFixed(1)} ms, p90 ${s.p90.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'odcs-bench-pickup-'));
  const repo = join(work, 'repo');
  const composes = join(work, 'composes');
  mkdirSync(repo);
  mkdirSync(composes);
  execFileSync('createrepo_c', ['-q', repo]);
  const scratch = await scratchDatabase(dbName);
  const env = {
    ...process.env,
    ODCS_DATABASE_URL: scratch.url,
    ODCS_HOST: '127.0.0.1',
    ODCS_AMQP_URL: AMQP_URL,
    ODCS_MESSAGING_EXCHANGE: exchange,
    ODCS_TARGET_DIR: composes,
    ODCS_COMPOSE_ENGINE: 'builtin',
    ODCS_LOG_LEVEL: 'error',
  };
  const children = [];
  const start = (main, port) => {
    const child = spawn(process.execPath, [main], { env: { ...env, ODCS_PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(child);
    return `http://127.0.0.1:${port}`;
  };
  const amqp = await connect(AMQP_URL);
  const db = new pg.Client({ connectionString: scratch.url });
  try {
    // The frontend migrates the database; the backend starts on the migrated one.
    const base = start('apps/frontend/dist/main.js', await freePort());
    await waitForService(base);
    await waitForHealth(start('apps/backend/dist/main.js', await freePort()));
    await db.connect();

    const channel = await amqp.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, exchange, 'odcs.compose.state-changed');
    const generatingAt = new Map();
    const waiters = new Map();
    await channel.consume(
      queue,
      (msg) => {
        if (!msg) return;
        const { compose } = JSON.parse(msg.content.toString());
        if (compose.state_name === 'generating' && !generatingAt.has(compose.id)) generatingAt.set(compose.id, Date.now());
        if (compose.state_name === 'done' || compose.state_name === 'failed') waiters.get(compose.id)?.();
      },
      { noAck: true },
    );

    const body = JSON.stringify({ source: { type: 'repo', source: repo }, arches: ['x86_64'], flags: ['no_reuse'] });
    const toGenerating = [];
    const toMessage = [];
    for (let i = 0; i < REQUESTS + 3; i++) {
      const sentAt = Date.now();
      const res = await fetch(`${base}/api/1/composes/`, { method: 'POST', body });
      const created = await res.json();
      if (res.status !== 200 && res.status !== 201) throw new Error(`POST answered ${res.status}: ${JSON.stringify(created)}`);
      let finished;
      const finishedOrTimeout = Promise.race([new Promise((r) => (finished = r)), sleep(30_000).then(() => 'timeout')]);
      waiters.set(created.id, finished);
      if ((await finishedOrTimeout) === 'timeout') throw new Error(`compose ${created.id} did not finish within 30 s`);
      const {
        rows: [row],
      } = await db.query('SELECT time_started, state FROM composes WHERE id = $1', [created.id]);
      if (row.state !== 2) throw new Error(`compose ${created.id} did not end done (state ${row.state})`);
      if (i < 3) continue; // warm-up: connections, prepared plans, JIT
      toGenerating.push(new Date(row.time_started).getTime() - sentAt);
      toMessage.push(generatingAt.get(created.id) - sentAt);
    }
    console.log(`pick-up, ${REQUESTS} composes submitted one at a time, one frontend + one backend on PostgreSQL:`);
    console.log(`  POST → row in generating (time_started):          ${fmt(stats(toGenerating))} (target median ≤ 50 ms)`);
    console.log(`  POST → AMQP state-changed "generating" received:  ${fmt(stats(toMessage))}`);
    await channel.deleteExchange(exchange);
  } finally {
    await db.end().catch(() => undefined);
    await amqp.close().catch(() => undefined);
    for (const child of children) {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    }
    await scratch.drop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
