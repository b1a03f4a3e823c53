import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/app.js';
import { sampleKojiWorld } from '../../support/koji/koji-fixtures.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';

let hub: KojiHub;
let child: ChildProcess;
let base: string;
let dataDir: string;
let output = '';

beforeAll(async () => {
  hub = await startKojiHub((await sampleKojiWorld()).fixture);
  dataDir = mkdtempSync(join(tmpdir(), 'odcs-standalone-health-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // The embedded default, as `npm start` runs it: PGlite, in-process bus.
  child = spawn(process.execPath, ['apps/standalone/dist/main.js'], {
    env: {
      ...process.env,
      ODCS_PORT: String(port),
      ODCS_DATA_DIR: dataDir,
      ODCS_DATABASE_URL: '',
      ODCS_AMQP_URL: '',
      ODCS_KOJI_HUB_URL: hub.hubUrl,
      ODCS_KOJI_TOP_URL: hub.topUrl,
      ODCS_NET_TIMEOUT: '2',
      ODCS_NET_RETRY_INTERVAL: '0',
      ODCS_LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  for (let i = 0; i < 600; i++) {
    if (
      await fetch(`${base}/health/live`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    if (child.exitCode !== null) throw new Error(`service exited: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`service did not start: ${output}`);
}, 120_000);
afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await hub?.close().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('readiness of the embedded default (npm start)', () => {
  it('includes the Koji hub, and answers 503 naming Koji when the hub is down', async () => {
    const ready = await fetch(`${base}/health/ready`);
    const body = (await ready.json()) as Record<string, any>;
    expect(ready.status, JSON.stringify(body)).toBe(200);
    expect(Object.keys(body.info).sort()).toEqual(['koji', 'postgresql', 'target_dir']);
    expect(body.info.koji).toMatchObject({ status: 'up', last_event: hub.lastEvent() });

    await hub.close();
    const down = await fetch(`${base}/health/ready`);
    const downBody = (await down.json()) as Record<string, any>;
    expect(down.status).toBe(503);
    expect(Object.keys(downBody.error)).toEqual(['koji']);
    expect(downBody.message).toMatch(new RegExp(`^koji: Koji hub ${hub.hubUrl.replace(/[.]/g, '\\.')} is unreachable: `));
    expect(downBody.info.postgresql.status).toBe('up');
  });
});
