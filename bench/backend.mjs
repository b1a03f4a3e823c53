#!/usr/bin/env node
// Backend memory (a figure, not a test): a frontend and a backend on a fresh PostgreSQL database, two
// composes (of empty repositories) generating at once (Pungi engine = the scripted pungi-koji stand-in of the tests, sleeping);
// prints the backend's RSS (now and peak) while they generate, and that of its whole process tree.
// Run: npm run build && node bench/backend.mjs   (PostgreSQL on 127.0.0.1:5432; BENCH_SECONDS=10)
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, processTree, rssKb, scratchDatabase, stopProcess, waitForService } from './bench-lib.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const dbName = `odcs_bench_backend_${process.pid}`;

async function main() {
  const scratch = await scratchDatabase(dbName);
  const work = mkdtempSync(join(tmpdir(), 'odcs-bench-backend-'));
  const standin = join(work, 'pungi-koji');
  writeFileSync(
    standin,
    `#!/bin/sh\nexport PUNGI_STANDIN_MODE=sleep\nexec '${process.execPath}' '${resolve('test/support/pungi/pungi-koji-standin.mjs')}' "$@"\n`,
  );
  chmodSync(standin, 0o755);
  mkdirSync(join(work, 'composes'));
  const env = {
    ...process.env,
    ODCS_DATABASE_URL: scratch.url,
    ODCS_HOST: '127.0.0.1',
    ODCS_LOG_LEVEL: 'error',
    ODCS_AMQP_URL: '',
    ODCS_TARGET_DIR: join(work, 'composes'),
    ODCS_COMPOSE_ENGINE: 'pungi',
    ODCS_PUNGI_KOJI: standin,
    ODCS_NUM_CONCURRENT_PUNGI: '2',
    ODCS_PICKUP_INTERVAL_SECONDS: '1',
    ODCS_KOJI_HUB_URL: 'http://127.0.0.1:1/kojihub', // repo composes need no Koji answer
    ODCS_FRONTEND_WORKERS: '1',
  };
  const frontPort = await freePort();
  const front = spawn(process.execPath, ['apps/frontend/dist/main.js'], {
    env: { ...env, ODCS_PORT: String(frontPort) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let back;
  try {
    const base = `http://127.0.0.1:${frontPort}`;
    await waitForService(base);
    const backPort = await freePort();
    back = spawn(process.execPath, ['apps/backend/dist/main.js'], {
      env: { ...env, ODCS_PORT: String(backPort) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const ids = [];
    for (const repo of ['one', 'two']) {
      mkdirSync(join(work, repo));
      execFileSync('createrepo_c', ['--quiet', join(work, repo)]); // an empty repository as the source
      const res = await fetch(`${base}/api/1/composes/`, {
        method: 'POST',
        body: JSON.stringify({ source: { type: 'repo', source: join(work, repo) } }),
      });
      const body = await res.json();
      if (!res.ok) throw new Error(`POST: ${res.status} ${JSON.stringify(body)}`);
      ids.push(body.id);
    }
    const until = Date.now() + 60_000;
    for (;;) {
      const states = await Promise.all(ids.map((id) => fetch(`${base}/api/1/composes/${id}`).then((r) => r.json())));
      if (states.every((c) => c.state_name === 'generating')) break;
      if (states.some((c) => c.state_name === 'failed' || c.state_name === 'done')) throw new Error(JSON.stringify(states));
      if (Date.now() > until) throw new Error(`composes did not start generating: ${JSON.stringify(states.map((c) => c.state_name))}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    let peakTree = 0;
    for (let t = 0; t < SECONDS * 5; t++) {
      peakTree = Math.max(
        peakTree,
        processTree(back.pid).reduce((s, p) => s + rssKb(p).rss, 0),
      );
      await new Promise((r) => setTimeout(r, 200));
    }
    const own = rssKb(back.pid);
    const tree = processTree(back.pid);
    console.log(`backend with ${ids.length} composes generating (Pungi stand-in), ${SECONDS} s:`);
    console.log(`  backend process RSS ${(own.rss / 1024).toFixed(0)} MB, peak (VmHWM) ${(own.hwm / 1024).toFixed(0)} MB`);
    console.log(
      `  process tree (backend, engine watchdogs, pungi-koji stand-ins: ${tree.length} processes) peak RSS ${(peakTree / 1024).toFixed(0)} MB`,
    );
    const f = rssKb(front.pid);
    console.log(`  frontend (idle) RSS ${(f.rss / 1024).toFixed(0)} MB, peak ${(f.hwm / 1024).toFixed(0)} MB`);
  } finally {
    if (back) await stopProcess(back);
    await stopProcess(front);
    await scratch.drop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
