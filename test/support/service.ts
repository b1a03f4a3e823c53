import type { DynamicModule } from '@nestjs/common';
import type { OdcsConfig } from '@odcs/config';
import { EngineModule } from '@odcs/engine';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { StandaloneModule } from '../../apps/standalone/src/standalone.module.js';
import { startTestApp, type StartOptions, type TestApp } from './app.js';

export const STANDIN = resolve('test/support/pungi/pungi-koji-standin.mjs');

/** Settings that keep the periodic jobs quick in tests. */
export const FAST: Partial<OdcsConfig> = {
  pickup_interval_seconds: 1,
  cleanup_interval_seconds: 1,
  generation_lease_seconds: 5,
  net_timeout: 5,
  net_retry_interval: 0,
};

/** Frontend and backend in one process (as `npm start`) on a fresh PostgreSQL database. */
export function startService(opts: StartOptions & { engine?: (c: OdcsConfig) => DynamicModule } = {}): Promise<TestApp> {
  return startTestApp({
    ...opts,
    config: { ...FAST, ...opts.config },
    module: (config, db) => StandaloneModule.forRoot(config, db, (opts.engine ?? EngineModule.forRoot)(config)),
  });
}

/**
 * A pungi-koji for tests: a script that sets the stand-in's behaviour and records each run (one
 * line with its --compose-dir) in `runs.log` beside it.
 */
export function pungiStandin(env: Record<string, string> = {}): { command: string; runsLog: string } {
  const dir = mkdtempSync(join(tmpdir(), 'odcs-standin-'));
  const runsLog = join(dir, 'runs.log');
  const exports = Object.entries(env)
    .map(([k, v]) => `export ${k}='${v.replace(/'/g, `'\\''`)}'`)
    .join('\n');
  const command = join(dir, 'pungi-koji');
  writeFileSync(
    command,
    `#!/bin/sh\n${exports}\nfor a in "$@"; do case "$a" in --compose-dir=*) echo "\${a#--compose-dir=}" >> '${runsLog}';; esac; done\nexec '${process.execPath}' '${STANDIN}' "$@"\n`,
  );
  chmodSync(command, 0o755);
  return { command, runsLog };
}

/** Polls the API until the compose reaches one of `states`; returns its JSON. */
export async function waitForState(t: TestApp, id: number, states: string[], timeoutMs = 30_000): Promise<Record<string, any>> {
  const until = Date.now() + timeoutMs;
  let last: Record<string, any> = {};
  while (Date.now() < until) {
    last = (await t.request('GET', `/api/1/composes/${id}`)).body;
    if (states.includes(last['state_name'])) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`compose ${id} did not reach ${states.join('/')} in ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
}
