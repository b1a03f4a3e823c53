import { CommandBus } from '@nestjs/cqrs';
import { OutboxRelay, RemoveExpiredComposesCommand } from '@odcs/compose';
import { RemoveExpiredComposesJob } from '@odcs/backend';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/app.js';
import { forceState } from '../../support/compose-rows.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';
import { sampleKojiWorld } from '../../support/koji/koji-fixtures.js';
import { pungiStandin, startService, waitForState } from '../../support/service.js';

let hub: KojiHub;
let t: TestApp;

beforeAll(async () => {
  hub = await startKojiHub((await sampleKojiWorld()).fixture);
  // A long cleanup interval: the tests run the sweep themselves.
  t = await startService({
    config: {
      koji_hub_url: hub.hubUrl,
      koji_top_url: hub.topUrl,
      compose_engine: 'pungi',
      pungi_koji: pungiStandin().command,
      cleanup_interval_seconds: 3600,
      extra_target_dirs: { elsewhere: '/nonexistent/odcs-elsewhere' },
    },
  });
});
afterAll(async () => {
  await t.close();
  await hub.close();
});

const post = async (body: unknown) => (await t.request('POST', '/api/1/composes/', body)).body as Record<string, any>;
const sweep = () => t.app.get(RemoveExpiredComposesJob).run();
const dirOf = (id: number) => join(t.targetDir, `odcs-${id}`);
const expireNow = (id: number) => t.db.query(`UPDATE composes SET time_to_expire = now() - interval '1 second' WHERE id = $1`, [id]);

describe('expiry sweep (CONTRACT §8.6)', () => {
  it('removes an expired compose and its directory with "Compose is expired."', async () => {
    const c = await waitForState(t, (await post({ source: { type: 'tag', source: 'odcs-base' }, flags: ['no_reuse'] })).id, ['done']);
    expect(existsSync(dirOf(c.id))).toBe(true);
    await expireNow(c.id);
    await sweep();
    const removed = (await t.request('GET', `/api/1/composes/${c.id}`)).body;
    expect(removed).toMatchObject({ state_name: 'removed', state_reason: 'Compose is generated successfully\nCompose is expired.' });
    expect(removed.time_removed).not.toBeNull();
    expect(existsSync(dirOf(c.id))).toBe(false);
  });

  it('removes after an admin DELETE with "Removed by <user>."', async () => {
    const c = await waitForState(t, (await post({ source: { type: 'tag', source: 'odcs-base' }, flags: ['no_reuse'] })).id, ['done']);
    await t.request('DELETE', `/api/1/composes/${c.id}`);
    await sweep();
    const removed = (await t.request('GET', `/api/1/composes/${c.id}`)).body;
    expect(removed.state_reason).toBe('Compose is generated successfully\nRemoved by unknown.');
    expect(removed.removed_by).toBe('unknown');
    expect(existsSync(dirOf(c.id))).toBe(false);
  });

  it('removes a compose and its files as soon as an admin DELETE is relayed, without waiting for the sweep', async () => {
    const c = await waitForState(t, (await post({ source: { type: 'tag', source: 'odcs-base' }, flags: ['no_reuse'] })).id, ['done']);
    expect(existsSync(dirOf(c.id))).toBe(true);
    expect((await t.request('DELETE', `/api/1/composes/${c.id}`)).status).toBe(202);
    // The cleanup interval is an hour: only the backend's handler of the removal request can remove it now.
    await t.app.get(OutboxRelay).drain();
    const removed = (await t.request('GET', `/api/1/composes/${c.id}`)).body;
    expect(removed).toMatchObject({ state_name: 'removed', state_reason: 'Compose is generated successfully\nRemoved by unknown.' });
    expect(existsSync(dirOf(c.id))).toBe(false);
  });

  it('keeps the files of a compose that a live compose reuses, and never deletes files of the reusing one', async () => {
    const body = { source: { type: 'tag', source: 'odcs-candidate', packages: ['odcs-foo'] } };
    const older = await waitForState(t, (await post(body)).id, ['done']);
    const newer = await waitForState(t, (await post(body)).id, ['done']);
    expect(newer.reused_id).toBe(older.id);
    await expireNow(older.id);
    await sweep();
    expect((await t.request('GET', `/api/1/composes/${older.id}`)).body.state_name).toBe('done');
    expect(existsSync(dirOf(older.id))).toBe(true);
    await expireNow(newer.id);
    await sweep();
    expect((await t.request('GET', `/api/1/composes/${newer.id}`)).body.state_name).toBe('removed');
    // the reusing compose is gone; now the older one may go too (next sweep)
    await sweep();
    expect((await t.request('GET', `/api/1/composes/${older.id}`)).body.state_name).toBe('removed');
    expect(existsSync(dirOf(older.id))).toBe(false);
  });

  it('keeps a compose that a latest-* link points at', async () => {
    const c = await waitForState(t, (await post({ source: { type: 'tag', source: 'odcs-base' }, flags: ['no_reuse'] })).id, ['done']);
    mkdirSync(join(t.targetDir, 'production'), { recursive: true });
    symlinkSync(`../odcs-${c.id}`, join(t.targetDir, 'production', `latest-odcs-${c.id}-1`));
    await expireNow(c.id);
    await sweep();
    expect((await t.request('GET', `/api/1/composes/${c.id}`)).body.state_name).toBe('done');
    expect(existsSync(dirOf(c.id))).toBe(true);
  });

  it('leaves composes on a target dir this host does not mount to the backends that do', async () => {
    const c = await post({ source: { type: 'tag', source: 'odcs-base' }, target_dir: 'elsewhere' });
    await forceState(t.db, c.id, 'done', { timeToExpire: new Date(Date.now() - 1000) });
    await sweep();
    expect((await t.request('GET', `/api/1/composes/${c.id}`)).body.state_name).toBe('done');
    await t.db.query(`UPDATE composes SET state = 4, time_to_expire = now() + interval '1 day' WHERE id = $1`, [c.id]);
  });

  it('cleans stray odcs-* directories of unknown or removed composes and leaves others alone', async () => {
    mkdirSync(join(t.targetDir, 'odcs-999999', 'compose'), { recursive: true });
    mkdirSync(join(t.targetDir, 'odcs-999998-1-20260101.n.0'), { recursive: true });
    mkdirSync(join(t.targetDir, 'not-a-compose'), { recursive: true });
    writeFileSync(join(t.targetDir, 'odcs-notanumber'), 'x');
    await sweep();
    expect(existsSync(join(t.targetDir, 'odcs-999999'))).toBe(false);
    expect(existsSync(join(t.targetDir, 'odcs-999998-1-20260101.n.0'))).toBe(false);
    expect(existsSync(join(t.targetDir, 'not-a-compose'))).toBe(true);
    expect(existsSync(join(t.targetDir, 'odcs-notanumber'))).toBe(true);
  });

  it('lets one sweep run at a time: concurrent sweeps remove each compose once', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push((await post({ source: { type: 'tag', source: 'odcs-base' }, flags: ['no_reuse'] })).id);
    // Let the backend finish with them first: rows it holds locked would be skipped by a sweep.
    for (const id of ids) await waitForState(t, id, ['done', 'failed']);
    for (const id of ids) await forceState(t.db, id, 'done', { timeToExpire: new Date(Date.now() - 1000) });
    const commands = t.app.get(CommandBus);
    const results = await Promise.all([1, 2, 3].map(() => commands.execute(new RemoveExpiredComposesCommand(100))));
    const removedIds = results.flatMap((r) => (r ?? []).map((c) => c.id));
    expect(new Set(removedIds).size).toBe(removedIds.length); // nobody removed a compose twice
    expect(ids.every((id) => removedIds.includes(id))).toBe(true);
    const [row] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE type = 'compose.state-changed.v1' AND payload->'compose'->>'state_name' = 'removed' AND compose_id = ANY($1)`,
      [ids],
    );
    expect(row?.n).toBe(ids.length);
  });
});
