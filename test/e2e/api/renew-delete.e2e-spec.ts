import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';
import { forceState } from '../../support/compose-rows.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { seconds_to_live: 600, max_seconds_to_live: 86400 } });
});
afterAll(() => t.close());

const create = async (source: Record<string, unknown> = { type: 'tag', source: 'f40' }, extra: Record<string, unknown> = {}) =>
  (await t.request('POST', '/api/1/composes/', { source, ...extra })).body as { id: number; time_to_expire: string };
const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM composes'))[0]!.n;
const expiry = async (id: number) => (await t.request('GET', `/api/1/composes/${id}`)).body.time_to_expire as string;

describe('PATCH /api/1/composes/:id (CONTRACT §3.1)', () => {
  it('extends a done compose, never shortening, and returns the same compose', async () => {
    const c = await create();
    await forceState(t.db, c.id, 'done', { timeToExpire: new Date(Date.now() + 3_600_000) });
    const before = await expiry(c.id);
    const shorter = await t.request('PATCH', `/api/1/composes/${c.id}`, { seconds_to_live: 60 });
    expect(shorter.status).toBe(200);
    expect(shorter.body.id).toBe(c.id);
    expect(shorter.body.time_to_expire).toBe(before);
    const n = await count();
    const longer = await t.request('PATCH', `/api/1/composes/${c.id}`, { 'seconds-to-live': 7200 });
    expect(longer.body.id).toBe(c.id);
    expect(Date.parse(longer.body.time_to_expire)).toBeGreaterThan(Date.parse(before));
    expect(await count()).toBe(n);
  });

  it('extends the reused compose and the composes reusing it too', async () => {
    const older = await create();
    const newer = await create();
    const other = await create();
    const soon = new Date(Date.now() + 60_000);
    await forceState(t.db, older.id, 'done', { timeToExpire: soon });
    await forceState(t.db, newer.id, 'done', { timeToExpire: soon, reusedId: older.id });
    await forceState(t.db, other.id, 'done', { timeToExpire: soon, reusedId: older.id });
    const extended = async (id: number) => Date.parse(await expiry(id)) - Date.now() > 7000_000;
    await t.request('PATCH', `/api/1/composes/${newer.id}`, { seconds_to_live: 7200 });
    expect([await extended(newer.id), await extended(older.id), await extended(other.id)]).toEqual([true, true, false]);
    await t.request('PATCH', `/api/1/composes/${older.id}`, { seconds_to_live: 7200 });
    expect(await extended(other.id)).toBe(true);
  });

  it('renews a reused compose and the one reusing it concurrently without errors', async () => {
    const older = await create();
    const newer = await create();
    await forceState(t.db, older.id, 'done');
    await forceState(t.db, newer.id, 'done', { reusedId: older.id });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.request('PATCH', `/api/1/composes/${i % 2 ? older.id : newer.id}`, { seconds_to_live: 3600 + i }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
  });

  it.each([
    ['removed', {}],
    ['failed', {}],
    ['done', { sigkeys: ['other'] }],
    ['done', { source: { builds: [] } }],
    ['done', { source: { modules: ['m:s'] } }],
  ])('copies a %s compose (%j) into a new compose in wait', async (state, body) => {
    const old = await create({ type: 'tag', source: 'f40', packages: ['ed'], koji_event: 77 });
    await forceState(t.db, old.id, state as 'done', { pungiComposeId: `odcs-${old.id}-1-20260101.t.0` });
    const res = await t.request('PATCH', `/api/1/composes/${old.id}`, { seconds_to_live: 300, ...body });
    expect(res.status).toBe(200);
    expect(res.body.id).toBeGreaterThan(old.id);
    expect(res.body).toMatchObject({
      state_name: 'wait',
      source: 'f40',
      packages: 'ed',
      koji_event: 77,
      respin_of: `odcs-${old.id}-1-20260101.t.0`,
    });
    expect((Date.parse(res.body.time_to_expire) - Date.parse(res.body.time_submitted)) / 1000).toBe(300);
  });

  it('copies with the overridden sigkeys, builds and modules', async () => {
    const old = await create({ type: 'tag', source: 'f40', sigkeys: ['a'] });
    await forceState(t.db, old.id, 'done');
    const res = await t.request('PATCH', `/api/1/composes/${old.id}`, {
      sigkeys: ['b', ''],
      source: { builds: ['x-1-1'], modules: ['m:s:1:c'] },
    });
    expect(res.body).toMatchObject({ sigkeys: 'b ', builds: 'x-1-1', modules: 'm:s:1:c' });
  });

  it('accepts an empty body', async () => {
    const old = await create();
    await forceState(t.db, old.id, 'done');
    const res = await t.request('PATCH', `/api/1/composes/${old.id}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(old.id);
  });

  it.each(['wait', 'generating'])('answers 404 for a compose in %s', async (state) => {
    const c = await create();
    await forceState(t.db, c.id, state as 'wait');
    const res = await t.request('PATCH', `/api/1/composes/${c.id}`, {});
    expect(res.body).toEqual({ status: 404, error: 'Not Found', message: `No compose with id ${c.id} found` });
  });

  it('validates the body first', async () => {
    const res = await t.request('PATCH', '/api/1/composes/1', { seconds_to_live: '600s' });
    expect(res.body).toMatchObject({ status: 400, message: 'seconds_to_live should be an integer' });
    expect((await t.request('PATCH', '/api/1/composes/1', '{oops')).body.message).toContain('Failed to decode JSON object');
  });
});

describe('DELETE /api/1/composes/:id (CONTRACT §3.2)', () => {
  it('cancels a waiting compose', async () => {
    const c = await create();
    const res = await t.request('DELETE', `/api/1/composes/${c.id}`);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 202, message: `Compose (id=${c.id}) has been canceled` });
    const after = (await t.request('GET', `/api/1/composes/${c.id}`)).body;
    expect(after).toMatchObject({ state_name: 'failed', state_reason: 'Canceled by unknown', removed_by: null });
  });

  it.each(['done', 'failed'])('marks a %s compose for removal now', async (state) => {
    const c = await create();
    await forceState(t.db, c.id, state as 'done');
    const res = await t.request('DELETE', `/api/1/composes/${c.id}`);
    expect(res.body).toEqual({
      status: 202,
      message: `The delete request for compose (id=${c.id}) has been accepted and will be processed by backend later.`,
    });
    const after = (await t.request('GET', `/api/1/composes/${c.id}`)).body;
    expect(after).toMatchObject({ state_name: state, removed_by: 'unknown' });
    expect(Date.parse(after.time_to_expire)).toBeLessThanOrEqual(Date.now());
  });

  it('refuses to remove a removed compose', async () => {
    const c = await create();
    await forceState(t.db, c.id, 'removed');
    const res = await t.request('DELETE', `/api/1/composes/${c.id}`);
    expect(res.body).toEqual({
      status: 400,
      error: 'Bad Request',
      message: `Compose (id=${c.id}) can not be removed, its state need to be in ['done', 'failed'].`,
    });
  });

  it('answers 404 for an unknown compose', async () => {
    expect((await t.request('DELETE', '/api/1/composes/424242')).body).toEqual({
      status: 404,
      error: 'Not Found',
      message: 'No such compose found.',
    });
  });
});

describe('owners and admins with a trusted proxy header', () => {
  let h: TestApp;
  beforeAll(async () => {
    h = await startTestApp({
      config: {
        auth_backend: 'header',
        admins: { users: ['root'], groups: [] },
        allowed_clients: { users: { alice: {}, bob: {} }, groups: {} },
      },
    });
  });
  afterAll(() => h.close());
  const as = (user: string) => ({ remote_user: user });

  it('records the owner and refuses writes without identity', async () => {
    const res = await h.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'f40' } }, as('alice'));
    expect(res.body.owner).toBe('alice');
    const anon = await h.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'f40' } });
    expect(anon.status).toBe(401);
    expect(anon.body.error).toBe('Unauthorized');
    const stranger = await h.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'f40' } }, as('mallory'));
    expect(stranger.body).toEqual({ status: 403, error: 'Forbidden', message: 'User mallory is not in role allowed_clients.' });
    const users = await h.db.query<{ username: string }>('SELECT username FROM users ORDER BY username');
    expect(users.map((u) => u.username)).toEqual(['alice']);
  });

  it('lets only the owner or an admin cancel, and only an admin remove', async () => {
    const c = (await h.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'f40' } }, as('alice'))).body;
    const other = await h.request('DELETE', `/api/1/composes/${c.id}`, undefined, as('bob'));
    expect(other.body).toEqual({
      status: 403,
      error: 'Forbidden',
      message: `Compose (id=${c.id}) can not be canceled, it's owned by someone else.`,
    });
    const owner = await h.request('DELETE', `/api/1/composes/${c.id}`, undefined, as('alice'));
    expect(owner.status).toBe(202);
    expect((await h.request('GET', `/api/1/composes/${c.id}`)).body.state_reason).toBe('Canceled by alice');
    const notAdmin = await h.request('DELETE', `/api/1/composes/${c.id}`, undefined, as('alice'));
    expect(notAdmin.body).toEqual({ status: 403, error: 'Forbidden', message: 'User alice is not in role admins.' });
    const admin = await h.request('DELETE', `/api/1/composes/${c.id}`, undefined, as('root'));
    expect(admin.status).toBe(202);
    expect((await h.request('GET', `/api/1/composes/${c.id}`)).body.removed_by).toBe('root');
  });
});
