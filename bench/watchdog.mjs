#!/usr/bin/env node
// Watchdog benchmark (figures, not a test): what running a command under spawnWatched's watchdog
// costs (libs/pungi runner/watched-spawn.ts), and how fast a cancel, a timeout and the death of the
// backend stop it. Prints medians:
//   - start: ProcessRunner (the engine's helper runner) running `createrepo_c --version` and `true`,
//     against the same commands started plainly by execFile;
//   - cancel: ChildProcessPungiRunner with the tests' pungi-koji stand-in (sleep mode), abort → run() resolved;
//   - timeout: the same with timeoutSeconds = 1, run() resolved minus the 1 s;
//   - backend killed: a backend process started a sleeper under the watchdog and is SIGKILLed → the
//     sleeper no longer runs.
// Run: npm run build && node bench/watchdog.mjs   (BENCH_RUNS=15 for start, a third of it for the others)
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ChildProcessPungiRunner, ComposeInfoStore, PungiLogParser, buildPungiFiles } from '@odcs/pungi';
import { tagComposeSpec } from './bench-lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const SLOW_RUNS = Math.max(3, Math.round(RUNS / 3));
const root = fileURLToPath(new URL('..', import.meta.url));
const { ProcessRunner } = await import(pathToFileURL(join(root, 'libs/engine/dist/common/process-runner.js')).href);
const STANDIN = join(root, 'test/support/pungi/pungi-koji-standin.mjs');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;
const sleep = (t) => new Promise((r) => setTimeout(r, t));

function running(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function startCosts() {
  const runner = new ProcessRunner();
  const plain = promisify(execFile);
  const lines = [];
  for (const argv of [['createrepo_c', '--version'], ['true']]) {
    const watched = [];
    const bare = [];
    for (let i = 0; i < RUNS; i++) {
      watched.push(
        await timed(async () => {
          const r = await runner.run({ argv });
          if (r.kind !== 'exit' || r.code !== 0) throw new Error(`${argv[0]}: ${JSON.stringify(r)}`);
        }),
      );
      bare.push(await timed(() => plain(argv[0], argv.slice(1))));
    }
    lines.push(`  start \`${argv.join(' ')}\`: under the watchdog ${ms(median(watched))}, plain ${ms(median(bare))}`);
  }
  return lines;
}

const spec = tagComposeSpec(1);

async function pungiStops() {
  const runner = new ChildProcessPungiRunner(new PungiLogParser(), { killGraceSeconds: 5 });
  const store = new ComposeInfoStore();
  const cancel = [];
  const timeout = [];
  for (let i = 0; i < SLOW_RUNS; i++) {
    const target = await mkdtemp(join(tmpdir(), 'odcs-bench-watchdog-'));
    try {
      const request = async (overrides) => ({
        command: { pungiKoji: STANDIN, composeDir: await store.prepareComposeDir(target, spec.id), extraArgs: [], spec },
        files: { ...buildPungiFiles(spec, { kojiProfile: 'odcs', mbsUrl: 'http://mbs' }) },
        timeoutSeconds: 60,
        env: { PUNGI_STANDIN_MODE: 'sleep' },
        ...overrides,
      });
      const abort = new AbortController();
      const req = await request({ signal: abort.signal });
      const pidsFile = join(req.command.composeDir, 'standin-pids.json');
      const run = runner.run(req);
      while (!existsSync(pidsFile)) await sleep(5);
      const pids = JSON.parse(await readFile(pidsFile, 'utf8'));
      const t0 = performance.now();
      abort.abort('bench');
      const result = await run;
      cancel.push(performance.now() - t0);
      if (result.status !== 'cancelled' || running(pids.pid) || running(pids.childPid))
        throw new Error(`cancel: ${JSON.stringify(result)}`);
      await rm(req.command.composeDir, { recursive: true, force: true });

      const timed1 = await request({ timeoutSeconds: 1 });
      const t1 = performance.now();
      const late = await runner.run(timed1);
      timeout.push(performance.now() - t1 - 1000);
      if (late.status !== 'timed-out') throw new Error(`timeout: ${JSON.stringify(late)}`);
    } finally {
      await rm(target, { recursive: true, force: true });
    }
  }
  return [
    `  pungi runner cancel (abort → cancelled result): ${ms(median(cancel))} (all: ${cancel.map((x) => x.toFixed(0)).join(', ')})`,
    `  pungi runner timeout of 1 s: result after 1 s + ${ms(median(timeout))} (all: ${timeout.map((x) => x.toFixed(0)).join(', ')})`,
  ];
}

async function backendDeath() {
  const times = [];
  const backendCode = `const r = await (await import('@odcs/pungi')).spawnWatched(['sh', '-c', 'sleep 300 & echo "$$ $!"; wait'], { env: process.env, stdout: 'pipe', stderr: 'ignore' });
    r.child.stdout.pipe(process.stdout); setInterval(() => {}, 1000);`;
  for (let i = 0; i < SLOW_RUNS; i++) {
    const backend = spawn(process.execPath, ['--input-type=module', '-e', backendCode], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    backend.stdout.on('data', (c) => (out += c));
    while (!/^\d+ \d+\n/.test(out)) await sleep(5);
    const pids = out.trim().split(' ').map(Number);
    const t0 = performance.now();
    backend.kill('SIGKILL');
    await once(backend, 'exit');
    while (pids.some(running)) await sleep(2);
    times.push(performance.now() - t0);
  }
  return [`  backend SIGKILLed → command and its child gone: ${ms(median(times))} (all: ${times.map((x) => x.toFixed(0)).join(', ')})`];
}

console.log(`spawnWatched watchdog, medians (${RUNS} runs for start, ${SLOW_RUNS} for the others)`);
for (const part of [startCosts, pungiStops, backendDeath]) for (const line of await part()) console.log(line);
