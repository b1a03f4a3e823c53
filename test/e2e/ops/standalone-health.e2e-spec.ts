import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuiltProcess, embeddedDefaultEnv } from '../../support/built-process.js';
import { sampleKojiWorld } from '../../support/koji/koji-fixtures.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';

let hub: KojiHub;
let server: BuiltProcess;
let base: string;
let dataDir: string;

beforeAll(async () => {
  hub = await startKojiHub((await sampleKojiWorld()).fixture);
  dataDir = mkdtempSync(join(tmpdir(), 'odcs-standalone-health-'));
  // The embedded default, as `npm start` runs it: PGlite, in-process bus.
  server = await BuiltProcess.start('apps/standalone/dist/main.js', {
    env: {
      ...embeddedDefaultEnv(dataDir, hub),
      ODCS_NET_TIMEOUT: '2',
      ODCS_NET_RETRY_INTERVAL: '0',
      ODCS_LOG_FORMAT: 'json',
    },
  });
  base = server.base;
  await server.untilAnswers('/health/live');
}, 120_000);
afterAll(async () => {
  await server?.stop();
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
