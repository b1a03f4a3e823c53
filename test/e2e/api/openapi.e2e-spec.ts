import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/app.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';
import { sampleKojiWorld } from '../../support/koji/koji-fixtures.js';
import { OpenApiChecker } from '../../support/openapi.js';
import { pungiStandin, startService, waitForState } from '../../support/service.js';

let hub: KojiHub;
let t: TestApp;
let api: OpenApiChecker;
let request: TestApp['request'];

beforeAll(async () => {
  hub = await startKojiHub((await sampleKojiWorld()).fixture);
  t = await startService({
    config: { koji_hub_url: hub.hubUrl, koji_top_url: hub.topUrl, compose_engine: 'pungi', pungi_koji: pungiStandin().command },
  });
  api = await OpenApiChecker.of(t);
  request = api.checked(t);
});
afterAll(async () => {
  await t.close();
  await hub.close();
});

describe('OpenAPI document (/api/1/openapi.json) and Swagger UI (/api/1/docs)', () => {
  it('is OpenAPI 3.1 and describes every ODCS operation with its errors', () => {
    expect(api.doc).toMatchObject({ openapi: '3.1.0', info: { title: 'On Demand Compose Service' } });
    const ops = Object.entries(api.doc.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
    expect(ops).toEqual(
      expect.arrayContaining([
        'GET /api/1/composes/',
        'POST /api/1/composes/',
        'GET /api/1/composes/{id}',
        'PATCH /api/1/composes/{id}',
        'DELETE /api/1/composes/{id}',
        'GET /api/1/about/',
        'GET /api/1/whoami/',
        'GET /api/1/metrics/',
        'GET /api/1/events/',
        'POST /api/1/admin/free-space/',
        'GET /health/live',
        'GET /health/ready',
        'GET /auth/login',
        'GET /auth/callback',
        'GET /auth/me',
        'GET /auth/logout',
        'GET /',
      ]),
    );
    const list = api.doc.paths['/api/1/composes/']!['get'];
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['owner', 'source_type', 'source', 'state', 'label', 'order_by', 'page', 'per_page']),
    );
    expect(Object.keys(api.doc.paths['/api/1/composes/']!['post'].responses)).toEqual(['200', '400', '401', '403']);
  });

  it('real responses match it: create, list, detail, renew, delete, about and errors', async () => {
    const created = await request('POST', '/api/1/composes/', {
      source: { type: 'tag', source: 'odcs-candidate', packages: ['odcs-foo'] },
    });
    expect(created.status).toBe(200);
    const done = await waitForState(t, created.body.id, ['done', 'failed']);
    expect(done.state_name).toBe('done');
    expect((await request('GET', `/api/1/composes/${done['id']}`)).body).toHaveProperty('pungi_config_dump');
    expect((await request('GET', '/api/1/composes/?state=done&per_page=1&order_by=-time_submitted')).status).toBe(200);
    expect((await request('GET', '/api/1/composes/?per_page=0')).status).toBe(200);
    expect((await request('PATCH', `/api/1/composes/${done['id']}`, { seconds_to_live: 600 })).status).toBe(200);
    const regenerated = await request('PATCH', `/api/1/composes/${done['id']}`, { sigkeys: ['abc'] });
    expect(regenerated.body.respin_of).toBe(done['pungi_compose_id']);
    expect((await request('DELETE', `/api/1/composes/${regenerated.body.id}`)).status).toBe(202);
    expect((await request('GET', '/api/1/about/')).status).toBe(200);
    expect((await request('GET', '/api/1/whoami/')).body).toMatchObject({ username: 'unknown', is_admin: true });
    expect((await request('GET', '/api/1/metrics/')).status).toBe(200);
    expect((await request('GET', '/health/live')).status).toBe(200);
    expect((await request('GET', '/health/ready')).body.info).toHaveProperty('koji');
    expect((await request('POST', '/api/1/admin/free-space/', { bytes: 0, dry_run: true })).body).toMatchObject({ composes: [] });
    // Errors
    expect((await request('POST', '/api/1/composes/', '{not json')).status).toBe(400);
    expect((await request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'x' }, flags: ['bogus'] })).status).toBe(400);
    expect((await request('GET', '/api/1/composes/?order_by=nope')).status).toBe(400);
    expect((await request('GET', '/api/1/composes/999999')).status).toBe(404);
    expect((await request('PATCH', '/api/1/composes/999999', {})).status).toBe(404);
    expect((await request('DELETE', '/api/1/composes/999999')).status).toBe(404);
    expect((await request('GET', '/api/1/events/?since=x')).status).toBe(400);
    expect((await request('POST', '/api/1/admin/free-space/', { bytes: -1 })).status).toBe(400);
    // The browser login is off here (noauth): its routes answer 404 (they are run through in browser-session.e2e-spec.ts).
    expect((await request('GET', '/auth/login?next=/')).status).toBe(404);
    expect((await request('GET', '/auth/me')).status).toBe(404);
    expect([...api.seen].sort()).toEqual([
      'DELETE /api/1/composes/{id} 202',
      'DELETE /api/1/composes/{id} 404',
      'GET /api/1/about/ 200',
      'GET /api/1/composes/ 200',
      'GET /api/1/composes/ 400',
      'GET /api/1/composes/{id} 200',
      'GET /api/1/composes/{id} 404',
      'GET /api/1/events/ 400',
      'GET /api/1/metrics/ 200',
      'GET /api/1/whoami/ 200',
      'GET /auth/login 404',
      'GET /auth/me 404',
      'GET /health/live 200',
      'GET /health/ready 200',
      'PATCH /api/1/composes/{id} 200',
      'PATCH /api/1/composes/{id} 404',
      'POST /api/1/admin/free-space/ 200',
      'POST /api/1/admin/free-space/ 400',
      'POST /api/1/composes/ 200',
      'POST /api/1/composes/ 400',
    ]);
  });

  it('refuses a body that breaks it (the check can fail)', () => {
    const bad = { status: 200, headers: new Headers(), body: { id: 1, state_name: 'done', unknown_key: 1 }, text: '' };
    expect(() => api.check('GET', '/api/1/composes/1', bad)).toThrow(/does not match the document/);
    expect(() => api.check('GET', '/api/1/nothing', bad)).toThrow(/not in the OpenAPI document/);
    const redirect = (headers: Record<string, string>) => ({ status: 302, headers: new Headers(headers), body: undefined, text: '' });
    expect(() => api.check('GET', '/auth/logout', redirect({ 'set-cookie': 'odcs_session=; Max-Age=0' }))).toThrow(
      /has no Location header/,
    );
    expect(() => api.check('GET', '/auth/logout', redirect({ location: '/', 'set-cookie': 'odcs_session=; Max-Age=0' }))).not.toThrow();
  });

  it('serves Swagger UI', async () => {
    const res = await fetch(`${t.baseUrl}/api/1/docs`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('swagger-ui');
  });
});
