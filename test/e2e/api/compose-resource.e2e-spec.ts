import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';

const LIST_KEYS = [
  'arches',
  'base_module_br_name',
  'base_module_br_stream',
  'base_module_br_stream_version_gte',
  'base_module_br_stream_version_lte',
  'builds',
  'compose_type',
  'flags',
  'id',
  'koji_event',
  'koji_task_id',
  'label',
  'lookaside_repos',
  'modular_koji_tags',
  'module_defaults_url',
  'modules',
  'multilib_arches',
  'multilib_method',
  'owner',
  'packages',
  'parent_pungi_compose_ids',
  'pungi_compose_id',
  'removed_by',
  'respin_of',
  'result_repo',
  'result_repofile',
  'results',
  'scratch_build_tasks',
  'scratch_modules',
  'sigkeys',
  'source',
  'source_type',
  'state',
  'state_name',
  'state_reason',
  'target_dir',
  'time_done',
  'time_removed',
  'time_started',
  'time_submitted',
  'time_to_expire',
  'toplevel_url',
].sort();
/** odcs's additive keys (Decision 12). */
const ADDITIVE = ['attempts', 'progress', 'reused_id', 'size_bytes'];

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { extra_target_dirs: { releng: '/srv/releng' }, seconds_to_live: 600, max_seconds_to_live: 7200 } });
});
afterAll(() => t.close());

describe('compose JSON and routes', () => {
  it('creates a compose in wait with exactly the contract keys', async () => {
    const res = await t.request('POST', '/api/1/composes', {
      source: { type: 'tag', source: 'f26', packages: ['ed'], sigkeys: ['123', ''], koji_event: 9 },
      flags: ['no_deps', 'check_deps'],
      results: ['iso'],
      arches: ['x86_64', 'aarch64'],
      multilib_arches: ['x86_64'],
      multilib_method: ['runtime', 'devel'],
      lookaside_repos: ['http://example.com/repo/$basearch'],
      label: 'RC-1.0',
      seconds_to_live: 100000,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const c = res.body;
    expect(
      Object.keys(c)
        .filter((k) => !ADDITIVE.includes(k))
        .sort(),
    ).toEqual(LIST_KEYS);
    expect(c).toMatchObject({
      owner: 'unknown',
      source_type: 1,
      source: 'f26',
      state: 0,
      state_name: 'wait',
      state_reason: null,
      packages: 'ed',
      sigkeys: '123 ',
      koji_event: 9,
      flags: ['no_deps', 'check_deps'],
      results: ['repository', 'iso'],
      arches: 'x86_64 aarch64',
      multilib_arches: 'x86_64',
      multilib_method: 3,
      lookaside_repos: 'http://example.com/repo/$basearch',
      label: 'RC-1.0',
      compose_type: 'test',
      target_dir: 'default',
      toplevel_url: `http://odcs.test/composes/odcs-${c.id}`,
      result_repo: `http://odcs.test/composes/odcs-${c.id}/compose/Temporary`,
      result_repofile: `http://odcs.test/composes/odcs-${c.id}/compose/Temporary/odcs-${c.id}.repo`,
    });
    expect(c.time_submitted).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const ttl = (Date.parse(c.time_to_expire) - Date.parse(c.time_submitted)) / 1000;
    expect(ttl).toBe(7200); // capped by max_seconds_to_live
  });

  it('serves the detail with pungi_config_dump and CORS, and the list without it', async () => {
    const created = await t.request('POST', '/api/1/composes/', { source: { type: 'build', builds: ['ed-1-1'] } });
    const detail = await t.request('GET', `/api/1/composes/${created.body.id}`);
    expect(detail.status).toBe(200);
    expect(detail.headers.get('access-control-allow-origin')).toBe('*');
    expect(detail.body).toHaveProperty('pungi_config_dump', null);
    expect(detail.body.source).toBe('');
    expect(detail.body.builds).toBe('ed-1-1');
    const list = await t.request('GET', '/api/1/composes/');
    expect(list.body.items[0]).not.toHaveProperty('pungi_config_dump');
  });

  it('uses the default TTL, the legacy seconds-to-live key and the configured arches', async () => {
    const plain = await t.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'f40' }, arches: [] });
    expect((Date.parse(plain.body.time_to_expire) - Date.parse(plain.body.time_submitted)) / 1000).toBe(600);
    expect(plain.body.arches).toBe('x86_64');
    const legacy = await t.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'f40' }, 'seconds-to-live': '120' });
    expect((Date.parse(legacy.body.time_to_expire) - Date.parse(legacy.body.time_submitted)) / 1000).toBe(120);
  });

  it('maps an extra target dir by name and leaves its URLs empty', async () => {
    const res = await t.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'f40' }, target_dir: 'releng' });
    expect(res.body).toMatchObject({ target_dir: 'releng', result_repo: '', result_repofile: '', toplevel_url: '' });
    const [row] = await t.db.query<{ target_dir: string }>('SELECT target_dir FROM composes WHERE id = $1', [res.body.id]);
    expect(row!.target_dir).toBe('/srv/releng');
  });

  it('keeps raw_config composes without result_repo but with toplevel_url', async () => {
    const t2 = await startTestApp({
      config: { raw_config_urls: { cfg: { url: 'https://git.example.com/c.git', config_filename: 'p.conf' } } },
    });
    try {
      const res = await t2.request('POST', '/api/1/composes/', { source: { type: 'raw_config', source: 'cfg#abc123' } });
      expect(res.body).toMatchObject({
        source_type: 5,
        result_repo: '',
        result_repofile: '',
        toplevel_url: `http://odcs.test/composes/odcs-${res.body.id}`,
      });
    } finally {
      await t2.close();
    }
  });

  it('answers 404 for unknown ids and paths, 405 for wrong methods, all as JSON', async () => {
    expect((await t.request('GET', '/api/1/composes/999999')).body).toEqual({
      status: 404,
      error: 'Not Found',
      message: 'No such compose found.',
    });
    expect((await t.request('GET', '/api/1/composes/abc')).status).toBe(404);
    expect((await t.request('GET', '/api/1/composes/-1')).status).toBe(404);
    const unknown = await t.request('GET', '/api/2/anything');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ status: 404, error: 'Not Found' });
    const put = await t.request('PUT', '/api/1/composes/1', {});
    expect(put.body).toMatchObject({ status: 405, error: 'Method Not Allowed' });
    expect((await t.request('POST', '/api/1/about/', {})).status).toBe(405);
  });

  it('serves paths with and without trailing slash', async () => {
    for (const path of ['/api/1/about', '/api/1/about/', '/api/1/composes', '/api/1/composes/', '/api/1/metrics', '/api/1/metrics/']) {
      expect((await t.request('GET', path)).status, path).toBe(200);
    }
  });

  it('reports about, metrics and the landing page', async () => {
    const about = await t.request('GET', '/api/1/about/');
    expect(about.headers.get('access-control-allow-origin')).toBe('*');
    expect(about.body).toEqual({
      version: expect.any(String),
      auth_backend: 'noauth',
      allowed_clients: { users: {}, groups: {} },
      raw_config_urls: {},
      sigkeys: [],
      disk_used_bytes: expect.objectContaining({ [t.targetDir]: 0 }),
    });
    const metrics = await t.request('GET', '/api/1/metrics/');
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(metrics.text).toContain('HELP composes_total Total number of composes');
    expect(metrics.text).toMatch(/composes_total\{source_type="tag",state="wait"\} [1-9]/);
    expect(metrics.text.match(/^composes_total\{/gm)).toHaveLength(35);
    const home = await t.request('GET', '/');
    expect(home.headers.get('content-type')).toContain('text/html');
    expect(home.text).toContain('On Demand Compose Service');
    expect(home.text).toContain('http://odcs.test/composes');
  });
});
