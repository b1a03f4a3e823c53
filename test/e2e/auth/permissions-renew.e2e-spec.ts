import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';
import { forceState } from '../../support/compose-rows.js';
import { as, expectRefused, expectUnchanged, HEADER_AUTH, snapshot, sqlOf, tagCompose } from './auth-e2e.helpers.js';

const ANY = [''];

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    config: {
      ...HEADER_AUTH,
      allowed_clients: {
        users: {
          maker: {
            source_types: ['tag', 'module', 'raw_config'],
            sources: ANY,
            results: ['repository', 'iso'],
            flags: ANY,
            arches: ANY,
            compose_types: ANY,
            target_dirs: ANY,
          },
          archer: { arches: ['x86_64'] },
          typer: { compose_types: ['test'] },
          nodirs: {},
          res: { results: ['repository'] },
          flagger: { flags: ['check_deps'] },
          tagger: { source_types: ['tag'] },
          srcs: { sources: ['f41-build'] },
          rawer: { source_types: ['raw_config'], raw_config_keys: ['rhel'] },
        },
        groups: { armers: { arches: ['aarch64'] } },
      },
      extra_target_dirs: { scratch: '/srv/odcs-scratch' },
      raw_config_urls: {
        fedora: { url: 'https://pagure.io/pungi-fedora.git', config_filename: 'fedora.conf' },
        rhel: { url: 'https://example.com/pungi-rhel.git', config_filename: 'rhel.conf' },
      },
    },
  });
});
afterAll(() => t?.close());

/** A compose created by a user allowed everything, then moved to `state` as a backend would. */
const stored = async (body: Record<string, unknown>, state: 'done' | 'failed' | 'wait' = 'done'): Promise<number> => {
  const res = await t.request('POST', '/api/1/composes/', body, as('maker'));
  expect(res.status, res.text).toBe(200);
  const id = res.body.id as number;
  if (state !== 'wait') await forceState(sqlOf(t), id, state);
  return id;
};
const patch = (user: string, id: number, body: Record<string, unknown> = {}, groups: string[] = []) =>
  t.request('PATCH', `/api/1/composes/${id}`, body, as(user, groups));
const renews = async (user: string, id: number, body: Record<string, unknown> = {}, groups: string[] = []) => {
  const res = await patch(user, id, body, groups);
  expect(res.status, `${user} PATCH ${id}: ${res.text}`).toBe(200);
  return res.body as { id: number; owner: string };
};
const refuses = (user: string, id: number, message: string, body: Record<string, unknown> = {}, groups: string[] = []) =>
  expectRefused(t, () => patch(user, id, body, groups), 403, message);
const notAllowed = (user: string, attr: string, value: string) => `User ${user} not allowed to operate with compose with ${attr}=${value}.`;

describe('PATCH /api/1/composes/:id checks the stored compose (CONTRACT §3.1 step 8, §7.3)', () => {
  it('arches of the old compose, whatever the body asks', async () => {
    const arm = await stored(tagCompose({ arches: ['aarch64'] }));
    await refuses('archer', arm, notAllowed('archer', 'arches', 'aarch64'));
    await refuses('archer', arm, notAllowed('archer', 'arches', 'aarch64'), { sigkeys: ['abc'], source: { builds: ['x-1-1'] } });
    expect((await renews('archer', await stored(tagCompose()))).owner).toBe('maker');
    // Through a group entry.
    expect((await renews('gina', arm, { seconds_to_live: 60 }, ['armers'])).id).toBe(arm);
  });

  it('compose_types of the old compose, "test" when it has none', async () => {
    await refuses('typer', await stored(tagCompose({ compose_type: 'production' })), notAllowed('typer', 'compose_types', 'production'));
    const untyped = await stored(tagCompose({ compose_type: 'nightly' }));
    await sqlOf(t).query('UPDATE composes SET compose_type = NULL WHERE id = $1', [untyped]);
    expect((await renews('typer', untyped)).id).toBe(untyped);
  });

  it('results, flags, source_types, sources and raw_config_keys of the old compose', async () => {
    await refuses('res', await stored(tagCompose({ results: ['iso'] })), notAllowed('res', 'results', 'iso'));
    await refuses('flagger', await stored(tagCompose({ flags: ['no_deps'] })), notAllowed('flagger', 'flags', 'no_deps'));
    // Decision 6: a compose without flags is renewable whatever the flags grant.
    await renews('flagger', await stored(tagCompose()));
    await refuses(
      'tagger',
      await stored({ source: { type: 'module', source: 'nodejs:20' } }),
      notAllowed('tagger', 'source_types', 'module'),
    );
    const f40 = await stored(tagCompose());
    await refuses('srcs', f40, notAllowed('srcs', 'sources', 'f40-build'));
    await refuses('srcs', f40, notAllowed('srcs', 'sources', 'f40-build'), { source: { builds: [] } });
    const raw = await stored({ source: { type: 'raw_config', source: 'fedora#abc123' } });
    await refuses('rawer', raw, notAllowed('rawer', 'raw_config_keys', 'fedora'));
    await renews('rawer', await stored({ source: { type: 'raw_config', source: 'rhel#abc123' } }));
  });

  it('does not check target_dirs', async () => {
    const post = await t.request('POST', '/api/1/composes/', tagCompose({ target_dir: 'scratch' }), as('nodirs'));
    expect(post.body.message).toBe(notAllowed('nodirs', 'target_dirs', 'scratch'));
    const scratch = await stored(tagCompose({ target_dir: 'scratch' }));
    expect((await renews('nodirs', scratch)).id).toBe(scratch);
    const copy = await renews('nodirs', scratch, { sigkeys: ['other'] });
    expect(copy).toMatchObject({ owner: 'nodirs', target_dir: 'scratch' });
    expect(copy.id).not.toBe(scratch);
  });

  it('makes the renewing user the owner of a copy', async () => {
    const failed = await stored(tagCompose(), 'failed');
    const copy = await renews('archer', failed);
    expect(copy.id).toBeGreaterThan(failed);
    expect(copy.owner).toBe('archer');
    const [row] = await sqlOf(t).query<{ owner: string }>('SELECT owner FROM composes WHERE id = $1', [copy.id]);
    expect(row?.owner).toBe('archer');
  });

  it('checks the role first, then existence and state, then permissions', async () => {
    const done = await stored(tagCompose({ arches: ['aarch64'] }));
    await refuses('stranger', done, 'User stranger is not in role allowed_clients.');
    await refuses('stranger', 999999, 'User stranger is not in role allowed_clients.');
    // A compose that is not done/failed/removed is "not found" before any permission is looked at.
    const waiting = await stored(tagCompose({ arches: ['aarch64'] }), 'wait');
    for (const id of [waiting, 999999]) {
      const before = await snapshot(t);
      const res = await patch('archer', id);
      expect(res.status).toBe(404);
      expect(res.body.message).toBe(`No compose with id ${id} found`);
      await expectUnchanged(t, before);
    }
  });
});
