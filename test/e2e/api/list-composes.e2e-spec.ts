import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';
import { forceState } from '../../support/compose-rows.js';

let t: TestApp;
const ids: number[] = [];

beforeAll(async () => {
  t = await startTestApp();
  const bodies = [
    { source: { type: 'tag', source: 'f40' }, label: 'alpha', compose_type: 'nightly' },
    { source: { type: 'tag', source: 'f41' }, label: 'beta' },
    { source: { type: 'build', source: '', builds: ['ed-1.0-1.fc40'] } },
    { source: { type: 'module', source: 'nodejs:20' } },
    { source: { type: 'tag', source: 'f40' } },
  ];
  for (const body of bodies) {
    const res = await t.request('POST', '/api/1/composes/', body);
    ids.push(res.body.id as number);
  }
  await forceState(t.db, ids[1]!, 'done', { pungiComposeId: 'odcs-2-1-20260101.t.0' });
  await forceState(t.db, ids[2]!, 'failed', { reason: 'boom' });
  await t.db.query(`UPDATE composes SET owner = 'alice', koji_task_id = 77 WHERE id = $1`, [ids[0]]);
});
afterAll(() => t.close());

const list = (q: string) => t.request('GET', `/api/1/composes/${q}`);
const idsOf = (body: { items: { id: number }[] }) => body.items.map((c) => c.id);

describe('GET /api/1/composes/', () => {
  it('lists newest first with pagination meta and absolute links', async () => {
    const res = await list('?per_page=2&page=2&owner=');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(idsOf(res.body)).toEqual([ids[2], ids[1]]);
    const base = `${t.baseUrl}/api/1/composes/`;
    expect(res.body.meta).toEqual({
      page: 2,
      pages: 3,
      per_page: 2,
      total: 5,
      first: `${base}?page=1&per_page=2&owner=`,
      last: `${base}?page=3&per_page=2&owner=`,
      prev: `${base}?page=1&per_page=2&owner=`,
      next: `${base}?page=3&per_page=2&owner=`,
    });
  });

  it('defaults to 10 per page, falls back on unparsable page values and clamps page < 1', async () => {
    const res = await list('?page=x&per_page=y');
    expect(res.body.meta).toMatchObject({ page: 1, per_page: 10, pages: 1, prev: null, next: null });
    const low = await list('?page=-3');
    expect(low.body.meta.page).toBe(1);
    const negative = await list('?per_page=-1');
    expect(negative.body.meta.per_page).toBe(20);
  });

  it('per_page=0 returns no items and zero pages', async () => {
    const res = await list('?per_page=0');
    expect(res.body.items).toEqual([]);
    expect(res.body.meta).toMatchObject({ pages: 0, total: 5 });
    expect(res.body.meta.last).toContain('page=0');
  });

  it('honours X-Forwarded-Host, X-Scheme and X-Script-Name in links', async () => {
    const res = await t.request('GET', '/api/1/composes/?per_page=1', undefined, {
      'x-forwarded-host': 'odcs.example.com',
      'x-scheme': 'https',
      'x-script-name': '/odcs',
    });
    expect(res.body.meta.first).toBe('https://odcs.example.com/odcs/api/1/composes/?page=1&per_page=1');
  });

  it.each([
    ['owner=alice', () => [ids[0]]],
    ['source_type=6', () => [ids[2]]],
    ['source_type=build', () => [ids[2]]],
    ['source_type=tag,module', () => [ids[4], ids[3], ids[1], ids[0]]],
    ['source=f40', () => [ids[4], ids[0]]],
    ['state=2', () => [ids[1]]],
    ['state=done', () => [ids[1]]],
    ['state=done&state=failed', () => [ids[2], ids[1]]],
    ['state=wait&source=f40', () => [ids[4], ids[0]]],
    ['koji_task_id=77', () => [ids[0]]],
    ['pungi_compose_id=odcs-2-1-20260101.t.0', () => [ids[1]]],
    ['compose_type=nightly', () => [ids[0]]],
    ['label=beta', () => [ids[1]]],
    ['label=nothing', () => []],
  ])('filters by %s', async (query, expected) => {
    const res = await list(`?${query}`);
    expect(res.status).toBe(200);
    expect(idsOf(res.body)).toEqual(expected());
  });

  it.each([['state=finished'], ['source_type=git'], ['koji_task_id=abc']])('rejects %s with a 400 naming the parameter', async (q) => {
    const res = await list(`?${q}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(`"${q.split('=')[0]}"`);
  });

  it.each([
    ['id', () => [...ids]],
    ['-id', () => [...ids].reverse()],
    ['state', () => [ids[0], ids[3], ids[4], ids[1], ids[2]]],
    ['-state', () => [ids[2], ids[1], ids[4], ids[3], ids[0]]],
    ['source_type', () => [ids[0], ids[1], ids[4], ids[3], ids[2]]],
    ['source_Type', () => [ids[0], ids[1], ids[4], ids[3], ids[2]]],
    ['owner', () => [ids[0], ids[1], ids[2], ids[3], ids[4]]],
    ['time_submitted', () => [...ids]],
    ['-time_done', () => [ids[1], ids[4], ids[3], ids[2], ids[0]]],
  ])('orders by %s', async (key, expected) => {
    const res = await list(`?order_by=${key}`);
    expect(res.status).toBe(200);
    expect(idsOf(res.body)).toEqual(expected());
  });

  it('rejects an unknown order_by key', async () => {
    const res = await list('?order_by=color');
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('An invalid order_by key was suplied, allowed keys are: [');
  });

  it('shows each compose as GET does, and a change made elsewhere on the next list (the JSON is kept per row version)', async () => {
    const id = ids[4]!;
    const shown = async () => (await list('?per_page=1')).body.items[0];
    const { pungi_config_dump: _, ...one } = (await t.request('GET', `/api/1/composes/${id}`)).body;
    expect(await shown()).toEqual(one);
    expect((await list('?per_page=1')).headers.get('content-type')).toBe('application/json; charset=utf-8');
    // Another frontend or a backend writes the row: no message reaches this process, the row version tells.
    await forceState(t.db, id, 'failed', { reason: 'written by another process' });
    expect(await shown()).toMatchObject({ id, state_name: 'failed', state_reason: 'written by another process' });
    await t.db.query(`UPDATE composes SET state = 0, state_reason = NULL, time_started = NULL WHERE id = $1`, [id]);
    expect(await shown()).toEqual(one);
  });

  it('pages correctly whether or not the ids have gaps', async () => {
    const dense = await list('?per_page=2&page=2');
    expect(idsOf(dense.body)).toEqual([ids[2], ids[1]]);
    const gapId = ids[4]! + 100;
    await t.db.query(
      `INSERT INTO composes (id, owner, source_type, source, state, results, time_to_expire, time_submitted) VALUES ($1, 'gap', 1, 'f40', 0, 1, now(), now())`,
      [gapId],
    );
    try {
      const gappy = await list('?per_page=2&page=2');
      expect(idsOf(gappy.body)).toEqual([ids[3], ids[2]]);
      expect(gappy.body.meta.total).toBe(6);
      expect(idsOf((await list('?order_by=id&per_page=2&page=3')).body)).toEqual([ids[4], gapId]);
    } finally {
      await t.db.query('DELETE FROM composes WHERE id = $1', [gapId]);
    }
  });
});
