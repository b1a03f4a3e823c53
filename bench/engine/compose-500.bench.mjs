#!/usr/bin/env node
// Built-in engine benchmark (figures, not a test): composes a Koji tag of 500 generated RPMs
// with the built-in engine, and runs bare createrepo_c on the same files; prints both times and
// their ratio (target: engine ≤ 1.3 × createrepo_c). Two Koji set-ups: koji_top_url as a local
// directory (RPMs hard-linked, as with a mounted /mnt/koji) and over HTTP on loopback.
// Run: npx tsc -b libs/engine && node bench/engine/compose-500.bench.mjs
// (BENCH_BUILDS=50, BENCH_PER_BUILD=10, BENCH_KB=128 size of each RPM's random payload, BENCH_RUNS=5,
// BENCH_SETUPS=local,http)
import 'reflect-metadata';
import { execFile, spawn } from 'node:child_process';
import { link, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@odcs/config';
import { COMPOSE_ENGINE, EngineModule } from '@odcs/engine';
import { benchRpms } from './bench-rpms.mjs';
import { layOutKojiTree } from './bench-koji.mjs';
import { tagComposeSpec } from '../bench-lib.mjs';

const run = promisify(execFile);
const BUILDS = Number(process.env.BENCH_BUILDS ?? 50);
const PER_BUILD = Number(process.env.BENCH_PER_BUILD ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const KB = Number(process.env.BENCH_KB ?? 128);
const SETUPS = (process.env.BENCH_SETUPS ?? 'local,http').split(',');
/** What the engine adds to the reference flags (CreaterepoRunner). */
const ENGINE_FLAGS = ['--no-database', '--workers', String(availableParallelism())];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(3)} s`;

/** Bare createrepo_c as a plain `createrepo_c --checksum sha256 --unique-md-filenames` (the reference), or with `extra` flags. */
async function bareCreaterepo(rpms, work, extra = []) {
  const dir = join(work, `bare-${Math.random().toString(36).slice(2)}`);
  await mkdir(join(dir, 'Packages'), { recursive: true });
  for (const r of rpms) await link(r.path, join(dir, 'Packages', r.filename));
  const t0 = performance.now();
  await run('createrepo_c', ['--checksum', 'sha256', '--unique-md-filenames', '--quiet', ...extra, dir]);
  const ms = performance.now() - t0;
  await rm(dir, { recursive: true, force: true });
  return ms;
}

async function engineContext(work, hub, topUrl) {
  const targetDir = join(work, 'target');
  await mkdir(targetDir, { recursive: true });
  const config = loadConfig(
    {},
    {
      compose_engine: 'builtin',
      target_dir: targetDir,
      target_dir_url: 'http://odcs.bench/composes',
      koji_hub_url: hub.hubUrl,
      koji_top_url: topUrl,
    },
  );
  const app = await NestFactory.createApplicationContext(EngineModule.forRoot(config), { logger: false });
  let nextId = 1;
  const compose = async () => {
    const id = nextId++;
    const spec = tagComposeSpec(id);
    const composeDir = join(targetDir, `odcs-${id}`);
    const t0 = performance.now();
    const result = await app
      .get(COMPOSE_ENGINE)
      .generate(
        { spec, targetDir, composeDir, resultRepoUrl: null, isComposeIdTaken: async () => false },
        { signal: new AbortController().signal, onProgress: () => {} },
      );
    const ms = performance.now() - t0;
    if (!result.ok) throw new Error(`compose failed: ${result.reason}`);
    await rm(composeDir, { recursive: true, force: true });
    return ms;
  };
  return { compose, close: () => app.close() };
}

/** The hub in its own process; resolves with its URLs and a close function. */
async function startHubProcess(rpms, work) {
  const records = join(work, 'rpms.json');
  await writeFile(records, JSON.stringify(rpms));
  const child = spawn(process.execPath, [new URL('./bench-koji-server.mjs', import.meta.url).pathname, records], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`bench hub exited with ${code}`)));
  });
  return {
    ...JSON.parse(line),
    close: () =>
      new Promise((r) => {
        child.once('exit', r);
        child.kill('SIGTERM');
      }),
  };
}

async function main() {
  process.stderr.write(`Preparing ${BUILDS * PER_BUILD} RPMs of ${KB} KiB (${BUILDS} builds × ${PER_BUILD})...\n`);
  const { rpms } = await benchRpms({ builds: BUILDS, perBuild: PER_BUILD, kb: KB });
  const work = await mkdtemp(join(tmpdir(), 'odcs-bench-engine-'));
  const hub = await startHubProcess(rpms, work);
  try {
    const tree = join(work, 'koji');
    await layOutKojiTree(rpms, tree);
    const setups = [
      ['local', 'local koji_top_url (hard links)', tree],
      ['http', 'koji_top_url over HTTP (downloads)', hub.topUrl],
    ].filter(([key]) => SETUPS.includes(key));
    const bare = [];
    const asEngine = [];
    const mib = rpms.reduce((n, r) => n + r.size, 0) / 2 ** 20;
    console.log(`odcs built-in engine vs bare createrepo_c, ${rpms.length} RPMs (${mib.toFixed(0)} MiB), median of ${RUNS} runs`);
    for (const [, label, topUrl] of setups) {
      const ctx = await engineContext(join(work, label.replace(/\W+/g, '-')), hub, topUrl);
      await ctx.compose(); // warm-up (module load, page cache)
      await bareCreaterepo(rpms, work);
      const times = [];
      for (let i = 0; i < RUNS; i++) {
        times.push(await ctx.compose());
        bare.push(await bareCreaterepo(rpms, work));
        asEngine.push(await bareCreaterepo(rpms, work, ENGINE_FLAGS));
      }
      await ctx.close();
      const engineMs = median(times);
      const bareMs = median(bare);
      const asEngineMs = median(asEngine);
      console.log(
        `  ${label}: engine ${seconds(engineMs)}, createrepo_c ${seconds(bareMs)}, ratio ${(engineMs / bareMs).toFixed(2)}× ` +
          `(createrepo_c ${ENGINE_FLAGS.join(' ')} ${seconds(asEngineMs)}, ratio ${(engineMs / asEngineMs).toFixed(2)}×)`,
      );
    }
  } finally {
    await hub.close();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
