import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';
import { forceState } from '../../support/compose-rows.js';
import { as, expectRefused, expectUnchanged, HEADER_AUTH, snapshot, sqlOf, tagCompose } from './auth-e2e.helpers.js';

interface Row {
  state: number;
  state_reason: string | null;
  removed_by: string | null;
  time_to_expire: Date;
}
const row = async (t: TestApp, id: number): Promise<Row> =>
  (await sqlOf(t).query<Row>('SELECT state, state_reason, removed_by, time_to_expire FROM composes WHERE id = $1', [id]))[0]!;
const cancelled = (id: number) => ({ status: 202, message: `Compose (id=${id}) has been canceled` });
const removalAccepted = (id: number) => ({
  status: 202,
  message: `The delete request for compose (id=${id}) has been accepted and will be processed by backend later.`,
});

describe('DELETE /api/1/composes/:id with owners and admins (CONTRACT §3.2, Decision 4)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      config: {
        ...HEADER_AUTH,
        allowed_clients: { users: { alice: {}, bob: {} }, groups: { packagers: {} } },
        // Admins need no allowed_clients entry: DELETE has no role check.
        admins: { users: ['root'], groups: ['sysadmins'] },
      },
    });
  });
  afterAll(() => t?.close());

  const create = async (user: string, groups: string[] = []): Promise<number> => {
    const res = await t.request('POST', '/api/1/composes/', tagCompose(), as(user, groups));
    expect(res.status, res.text).toBe(200);
    return res.body.id as number;
  };
  const del = (id: number, user: string, groups: string[] = []) =>
    t.request('DELETE', `/api/1/composes/${id}`, undefined, as(user, groups));
  const accepted = async (id: number, user: string, groups: string[] = []) => {
    const res = await del(id, user, groups);
    expect(res.status, res.text).toBe(202);
    return res.body as unknown;
  };

  it('lets the owner cancel their waiting compose, naming them in the reason', async () => {
    const id = await create('alice');
    expect(await accepted(id, 'alice')).toEqual(cancelled(id));
    expect(await row(t, id)).toMatchObject({ state: 4, state_reason: 'Canceled by alice', removed_by: null });
    expect((await t.request('GET', `/api/1/composes/${id}`)).body).toMatchObject({
      state_name: 'failed',
      state_reason: 'Canceled by alice',
    });
  });

  it("refuses to cancel someone else's compose, naming its id", async () => {
    const id = await create('alice');
    await expectRefused(t, () => del(id, 'bob'), 403, `Compose (id=${id}) can not be canceled, it's owned by someone else.`);
    // Same group as the owner does not help.
    const own = await create('carol', ['packagers']);
    await expectRefused(
      t,
      () => del(own, 'dave', ['packagers']),
      403,
      `Compose (id=${own}) can not be canceled, it's owned by someone else.`,
    );
    expect((await row(t, id)).state).toBe(0);
  });

  it("lets admins cancel others' composes, by user name or by group", async () => {
    const first = await create('alice');
    expect(await accepted(first, 'root')).toEqual(cancelled(first));
    expect(await row(t, first)).toMatchObject({ state: 4, state_reason: 'Canceled by root', removed_by: null });
    const second = await create('alice');
    expect(await accepted(second, 'helpdesk', ['staff', 'sysadmins'])).toEqual(cancelled(second));
    expect((await row(t, second)).state_reason).toBe('Canceled by helpdesk');
  });

  it('lets admins mark done and failed composes for removal, recording who', async () => {
    const done = await create('alice');
    await forceState(sqlOf(t), done, 'done', { timeToExpire: new Date(Date.now() + 86_400_000) });
    expect(await accepted(done, 'root')).toEqual(removalAccepted(done));
    const afterRemoval = await row(t, done);
    expect(afterRemoval).toMatchObject({ state: 2, removed_by: 'root' });
    expect(Math.abs(afterRemoval.time_to_expire.getTime() - Date.now())).toBeLessThan(60_000);
    expect((await t.request('GET', `/api/1/composes/${done}`)).body.removed_by).toBe('root');

    const failed = await create('bob');
    await forceState(sqlOf(t), failed, 'failed', { reason: 'boom' });
    expect(await accepted(failed, 'helpdesk', ['sysadmins'])).toEqual(removalAccepted(failed));
    expect(await row(t, failed)).toMatchObject({ state: 4, state_reason: 'boom', removed_by: 'helpdesk' });
  });

  it('refuses removal to non-admins, owners included', async () => {
    const done = await create('alice');
    await forceState(sqlOf(t), done, 'done');
    await expectRefused(t, () => del(done, 'alice'), 403, 'User alice is not in role admins.');
    await expectRefused(t, () => del(done, 'bob', ['packagers']), 403, 'User bob is not in role admins.');
    const removed = await create('alice');
    await forceState(sqlOf(t), removed, 'removed');
    await expectRefused(t, () => del(removed, 'alice'), 403, 'User alice is not in role admins.');
  });

  it('answers 400 to an admin removing a removed compose, 404 to an unknown id, 401 without identity', async () => {
    const removed = await create('alice');
    await forceState(sqlOf(t), removed, 'removed');
    const before = await snapshot(t);
    const res = await del(removed, 'root');
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(`Compose (id=${removed}) can not be removed, its state need to be in ['done', 'failed'].`);
    const missing = await del(999999, 'alice');
    expect([missing.status, missing.body.message]).toEqual([404, 'No such compose found.']);
    await expectUnchanged(t, before);
    await expectRefused(t, () => t.request('DELETE', `/api/1/composes/${removed}`), 401, 'X-Remote-User is not present in request.');
    await expectRefused(t, () => t.request('DELETE', '/api/1/composes/999999'), 401, 'X-Remote-User is not present in request.');
  });
});

describe('noauth: everybody is "unknown" and admin (Decisions 5, 14, 16)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ config: { auth_backend: 'noauth', admins: { users: [], groups: [] } } });
  });
  afterAll(() => t?.close());

  it('owns, cancels and removes as "unknown", and serves the landing page', async () => {
    const created = await t.request('POST', '/api/1/composes/', tagCompose({ arches: ['s390x'], flags: ['no_deps'] }));
    expect(created.status, created.text).toBe(200);
    expect(created.body.owner).toBe('unknown');
    const id = created.body.id as number;
    expect((await t.request('DELETE', `/api/1/composes/${id}`)).body).toEqual(cancelled(id));
    expect((await row(t, id)).state_reason).toBe('Canceled by unknown');
    expect((await t.request('DELETE', `/api/1/composes/${id}`)).body).toEqual(removalAccepted(id));
    expect((await row(t, id)).removed_by).toBe('unknown');
    const home = await t.request('GET', '/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toContain('text/html');
    expect(home.text).toContain('On Demand Compose Service');
  });
});
