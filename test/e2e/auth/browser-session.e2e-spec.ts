import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';
import { forceState } from '../../support/compose-rows.js';
import { CookieJar } from '../../support/auth/cookie-jar.js';
import { freeClosedPort } from '../../support/auth/free-port.js';
import { loginAtProvider } from '../../support/auth/oidc-login-flow.js';
import { ODCS_RESOURCE, ODCS_SCOPES, startOidcProvider, type OidcProviderFixture } from '../../support/auth/oidc-provider.fixture.js';
import { expectUnchanged, snapshot, sqlOf, tagCompose } from './auth-e2e.helpers.js';

/**
 * The browser login of the real frontend, then the compose API with the session cookie. The
 * provider redirects to the public callback URL (a front proxy's); the test, playing that proxy,
 * forwards the callback to the app.
 */
describe('browser session on the compose API (openidc)', () => {
  let op: OidcProviderFixture;
  let t: TestApp;
  let publicOrigin: string;

  beforeAll(async () => {
    publicOrigin = `http://127.0.0.1:${await freeClosedPort()}`;
    op = await startOidcProvider({
      accounts: { alice: { groups: ['packagers'], groupsInToken: false }, bob: { groups: ['outsiders'], groupsInToken: false } },
      odcsRedirectUris: [`${publicOrigin}/auth/callback`],
      odcsAuthMethod: 'client_secret_post',
    });
    t = await startTestApp({
      config: {
        auth_backend: 'openidc',
        auth_openidc_issuer: op.issuer,
        auth_openidc_audience: [ODCS_RESOURCE],
        auth_openidc_client_id: op.odcs.id,
        auth_openidc_client_secret: op.odcs.secret,
        auth_openidc_client_auth_method: 'client_secret_post',
        auth_openidc_callback_url: `${publicOrigin}/auth/callback`,
        auth_openidc_login_scopes: ['groups', ...ODCS_SCOPES],
        auth_session_secret: 'a session secret for the e2e browser tests',
        allowed_clients: { users: {}, groups: { packagers: { arches: ['x86_64'] } } },
        admins: { users: [], groups: [] },
        net_timeout: 5,
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await op?.stop();
  });

  /** A browser's cookies; every answer of the app is checked against the OpenAPI document under ODCS_OPENAPI_CHECK=1. */
  const browserJar = () => new CookieJar((method, url, res) => t.checkResponse(method, url, res));

  async function logIn(user: string): Promise<CookieJar> {
    const jar = browserJar();
    const callback = new URL(await loginAtProvider(jar, `${t.baseUrl}/auth/login`, user, op.issuer));
    expect(callback.origin).toBe(publicOrigin);
    const res = await jar.fetch(`${t.baseUrl}${callback.pathname}${callback.search}`);
    expect(res.status).toBe(302);
    expect(jar.get('odcs_session')).toBeDefined();
    return jar;
  }
  const call = async (jar: CookieJar, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await jar.fetch(`${t.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const xhr = { 'X-Requested-With': 'XMLHttpRequest' };

  it('creates, renews and cancels as the logged-in user, with groups from the provider', async () => {
    const jar = await logIn('alice');
    const created = await call(jar, 'POST', '/api/1/composes/', tagCompose(), xhr);
    expect(created.status).toBe(200);
    expect(created.body.owner).toBe('alice');
    const id = created.body.id as number;
    const denied = await call(jar, 'POST', '/api/1/composes/', tagCompose({ arches: ['aarch64'] }), xhr);
    expect(denied.body).toEqual({
      status: 403,
      error: 'Forbidden',
      message: 'User alice not allowed to operate with compose with arches=aarch64.',
    });
    expect((await call(jar, 'DELETE', `/api/1/composes/${id}`, undefined, xhr)).body.message).toBe(`Compose (id=${id}) has been canceled`);
    expect((await t.request('GET', `/api/1/composes/${id}`)).body.state_reason).toBe('Canceled by alice');
    await forceState(sqlOf(t), id, 'failed');
    const renewed = await call(jar, 'PATCH', `/api/1/composes/${id}`, {}, xhr);
    expect(renewed.status).toBe(200);
    expect(renewed.body.owner).toBe('alice');
  });

  it('ignores the session cookie on writes without X-Requested-With (CSRF defence)', async () => {
    const jar = await logIn('alice');
    const before = await snapshot(t);
    const res = await call(jar, 'POST', '/api/1/composes/', tagCompose());
    expect(res).toEqual({ status: 401, body: { status: 401, error: 'Unauthorized', message: 'Missing token passed to ODCS.' } });
    await expectUnchanged(t, before, true);
  });

  it('never approves a CORS preflight, so other sites cannot add X-Requested-With', async () => {
    for (const path of ['/api/1/composes/', '/api/1/composes/1']) {
      const res = await fetch(`${t.baseUrl}${path}`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://evil.example.com',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'x-requested-with,content-type',
        },
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-headers')).toBeNull();
      expect(res.headers.get('access-control-allow-methods')).toBeNull();
    }
  });

  it('applies the roles to session users', async () => {
    const jar = await logIn('bob');
    const before = await snapshot(t);
    expect((await call(jar, 'POST', '/api/1/composes/', tagCompose(), xhr)).body.message).toBe('User bob is not in role allowed_clients.');
    await expectUnchanged(t, before);
  });

  it('forgets the user after logout', async () => {
    const jar = await logIn('alice');
    expect(await call(jar, 'GET', '/auth/me')).toEqual({
      status: 200,
      body: { username: 'alice', groups: ['packagers'], scopes: expect.arrayContaining(['openid', ...ODCS_SCOPES]) },
    });
    const out = await jar.fetch(`${t.baseUrl}/auth/logout`);
    expect([out.status, out.headers.get('location')]).toEqual([302, '/']);
    expect(jar.get('odcs_session')).toBeUndefined();
    expect(await call(jar, 'GET', '/auth/me')).toEqual({
      status: 401,
      body: { status: 401, error: 'Unauthorized', message: 'Not logged in.' },
    });
    expect((await call(jar, 'POST', '/api/1/composes/', tagCompose(), xhr)).status).toBe(401);
  });

  it('tells whoami the session user only with X-Requested-With, and the dashboard sends it', async () => {
    const jar = await logIn('alice');
    expect((await call(jar, 'GET', '/api/1/whoami/', undefined, xhr)).body).toEqual({
      username: 'alice',
      groups: ['packagers'],
      auth_backend: 'openidc',
      is_admin: false,
      allowed: { new_compose: true, renew_compose: true, delete_compose: true },
    });
    expect((await call(jar, 'GET', '/api/1/whoami/')).body).toMatchObject({ username: null });
    const id = (await call(jar, 'POST', '/api/1/composes/', tagCompose(), xhr)).body.id as number;
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const context = await browser.newContext();
      await context.addCookies([{ name: 'odcs_session', value: jar.get('odcs_session')!, url: t.baseUrl }]);
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/#/compose/${id}`);
      await expect.poll(() => page.locator('#me').textContent()).toBe('alice');
      // Her own waiting compose: she may cancel it.
      // The detail renders after whoami answers: wait for it rather than reading the page at once.
      await expect.poll(() => page.getByRole('button', { name: 'Delete' }).isVisible()).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
