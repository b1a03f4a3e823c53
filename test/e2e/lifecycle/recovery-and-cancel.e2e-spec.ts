import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OdcsConfig } from '@odcs/config';
import { startTestApp, type TestApp } from '../../support/app.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';
import { sampleKojiWorld } from '../../support/koji/koji-fixtures.js';
import { FAST, pungiStandin, startService, waitForState } from '../../support/service.js';

let hub: KojiHub;
let db: TestDatabase;

beforeAll(async () => {
  hub = await startKojiHub((await sampleKojiWorld()).fixture);
  db = await createTestDatabase();
});
afterAll(async () => {
  await hub.close();
  await db.drop();
});

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat); // a zombie is dead
  } catch {
    return false;
  }
};
const waitFor = async (check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

interface StandinPids {
  pid: number;
  pgid: number;
  childPid: number;
}
/** The stand-in's pids once its file is complete (it may be seen half written). */
const standinPids = async (file: string): Promise<StandinPids> => {
  let pids: StandinPids | null = null;
  await waitFor(() => {
    try {
      pids = JSON.parse(readFileSync(file, 'utf8')) as StandinPids;
      return true;
    } catch {
      return false;
    }
  });
  return pids!;
};

/** A backend (with the API) whose pungi-koji sleeps until it is stopped. */
const sleepingPungiService = (config: Partial<OdcsConfig> = {}, env: Record<string, string> = {}): Promise<TestApp> =>
  startService({
    db,
    config: {
      koji_hub_url: hub.hubUrl,
      koji_top_url: hub.topUrl,
      compose_engine: 'pungi',
      pungi_koji: pungiStandin({ PUNGI_STANDIN_MODE: 'sleep', PUNGI_STANDIN_SLEEP: '300', ...env }).command,
      ...config,
    },
  });

describe('cancel a generating compose', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('kills the running engine and ends failed with "Canceled by <user>"', async () => {
    t = await sleepingPungiService({ generation_lease_seconds: 5 });
    const created = (await t.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'odcs-base' }, flags: ['no_reuse'] }))
      .body;
    await waitForState(t, created.id, ['generating']);
    const pidsFile = join(t.targetDir, `odcs-${created.id}`, 'standin-pids.json');
    const pids = await standinPids(pidsFile);
    expect(alive(pids.pid) && alive(pids.childPid)).toBe(true);

    const res = await t.request('DELETE', `/api/1/composes/${created.id}`);
    expect(res.body).toEqual({ status: 202, message: `Compose (id=${created.id}) has been canceled` });
    const failed = (await t.request('GET', `/api/1/composes/${created.id}`)).body;
    expect(failed).toMatchObject({ state_name: 'failed', state_reason: 'Canceled by unknown' });
    await waitFor(() => !alive(pids.pid) && !alive(pids.childPid));
    await waitFor(() => !existsSync(join(t.targetDir, `odcs-${created.id}`)));
  });
});

describe('a generation that outlives every timeout', () => {
  it("is stopped and failed with the contract's stuck reason (§8.5: 2 × pungi_timeout)", async () => {
    // Pungi and its child ignore SIGTERM: the runner waits out its kill grace after the 1 s timeout.
    const t = await sleepingPungiService({ pungi_timeout: 1 }, { PUNGI_STANDIN_IGNORE_TERM: '1' });
    try {
      const created = (await t.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'odcs-base' }, flags: ['no_reuse'] }))
        .body;
      const pidsFile = join(t.targetDir, `odcs-${created.id}`, 'standin-pids.json');
      const pids = await standinPids(pidsFile);
      const failed = await waitForState(t, created.id, ['done', 'failed']);
      expect(failed).toMatchObject({
        state_name: 'failed',
        state_reason: "Compose stuck in 'generating' state for longer than 2 seconds.",
      });
      await waitFor(() => !alive(pids.pid) && !alive(pids.childPid), 30_000);
      expect((await t.request('GET', `/api/1/composes/${created.id}`)).body.state_reason).toBe(failed.state_reason);
    } finally {
      await t.close();
    }
  });
});

describe('a backend shut down cleanly mid-generation', () => {
  it('hands the compose back to wait without using up an attempt', async () => {
    const t = await sleepingPungiService();
    const created = (await t.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'odcs-base' }, flags: ['no_reuse'] }))
      .body;
    const pidsFile = join(t.targetDir, `odcs-${created.id}`, 'standin-pids.json');
    const { pid } = await standinPids(pidsFile);
    await t.close();
    const [row] = await db.query<{ state: number; attempts: number; state_reason: string }>(
      'SELECT state, attempts, state_reason FROM composes WHERE id = $1',
      [created.id],
    );
    expect(row).toMatchObject({ state: 0, attempts: 0 });
    expect(row!.state_reason).toContain('shut down during generation');
    await waitFor(() => !alive(pid));
    await db.query('UPDATE composes SET state = 4, state_reason = $2, time_to_expire = now() WHERE id = $1', [created.id, 'test done']);
  });
});

describe('a backend killed mid-generation', () => {
  it('has its engine processes die with it and its compose retried once by another backend', async () => {
    const sleeping = pungiStandin({ PUNGI_STANDIN_MODE: 'sleep', PUNGI_STANDIN_SLEEP: '300' });
    const env: Record<string, string | undefined> = {
      ...process.env,
      ODCS_DATABASE_URL: db.url,
      ODCS_AMQP_URL: '',
      ODCS_PORT: '0',
      ODCS_HOST: '127.0.0.1',
      ODCS_KOJI_HUB_URL: hub.hubUrl,
      ODCS_KOJI_TOP_URL: hub.topUrl,
      ODCS_COMPOSE_ENGINE: 'pungi',
      ODCS_PUNGI_KOJI: sleeping.command,
      ODCS_GENERATION_LEASE_SECONDS: String(FAST.generation_lease_seconds),
      ODCS_PICKUP_INTERVAL_SECONDS: '1',
      ODCS_NET_RETRY_INTERVAL: '0',
    };
    // The API alone (no backend in this process); a doomed backend process with a hanging pungi claims the compose.
    const api = await startTestApp({ db });
    env['ODCS_TARGET_DIR'] = api.targetDir;
    const doomed = spawn(process.execPath, ['apps/backend/dist/main.js'], { env, stdio: 'ignore' });
    let survivor: TestApp | null = null;
    try {
      const created = (await api.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'odcs-base' }, flags: ['no_reuse'] }))
        .body;
      const generating = await waitForState(api, created.id, ['generating']);
      expect(generating.attempts).toBe(1);
      const pidsFile = join(api.targetDir, `odcs-${created.id}`, 'standin-pids.json');
      const pids = await standinPids(pidsFile);
      expect([pids.pgid, pids.pid, pids.childPid].every(alive)).toBe(true);
      // The backend is killed; the Pungi it ran (and that Pungi's child) must not outlive it.
      doomed.kill('SIGKILL');
      await new Promise((r) => doomed.once('exit', r));
      await waitFor(() => ![pids.pgid, pids.pid, pids.childPid].some(alive), 10_000);
      // Another backend comes up; when the lease lapses it retries the compose.
      survivor = await startService({
        db,
        config: {
          target_dir: api.targetDir,
          koji_hub_url: hub.hubUrl,
          koji_top_url: hub.topUrl,
          compose_engine: 'pungi',
          pungi_koji: pungiStandin().command,
        },
      });
      const done = await waitForState(survivor, created.id, ['done', 'failed'], 30_000);
      expect(done).toMatchObject({ state_name: 'done', attempts: 2 });
      // The survivor started from an empty compose dir: nothing of the killed attempt is left.
      expect(existsSync(pidsFile)).toBe(false);
      const history = await db.query<{ state: string; reason: string }>(
        `SELECT payload->'compose'->>'state_name' AS state, payload->'compose'->>'state_reason' AS reason
           FROM outbox_messages WHERE compose_id = $1 AND type = 'compose.state-changed.v1' ORDER BY id`,
        [created.id],
      );
      expect(history.filter((h) => h.state === 'done')).toHaveLength(1);
      expect(history.map((h) => h.reason)).toContainEqual(
        expect.stringMatching(/^Generation attempt 1 of 3 was lost: its backend \(.+\) stopped renewing its lease; retrying\.$/),
      );
    } finally {
      if (doomed.exitCode === null) doomed.kill('SIGKILL');
      await survivor?.close();
      await api.close();
    }
  });
});
