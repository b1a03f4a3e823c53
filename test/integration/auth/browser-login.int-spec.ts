import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginSession, SealedCookieCodec } from '@odcs/auth';
import { loadConfig, type OdcsConfig } from '@odcs/config';
import { AuthHttpModule } from '../../../apps/frontend/src/auth/auth-http.module.js';
import { reserveServer, startProbeApp, type ProbeApp } from '../../support/auth/auth-probe-app.js';
import { freeClosedPort } from '../../support/auth/free-port.js';
import { CookieJar, redirectTarget } from '../../support/auth/cookie-jar.js';
import { loginAtProvider } from '../../support/auth/oidc-login-flow.js';
import { ODCS_RESOURCE, ODCS_SCOPES, startOidcProvider, type OidcProviderFixture } from '../../support/auth/oidc-provider.fixture.js';

const SESSION_SECRET = 'a session secret for the browser login tests';

describe('browser login (authorization code flow through @nestjs/passport and passport-openidconnect)', () => {
  let op: OidcProviderFixture;
  let app: ProbeApp;

  beforeAll(async () => {
    const reserved = await reserveServer();
    op = await startOidcProvider({
      accounts: { alice: { groups: ['packagers'], groupsInToken: false }, bob: { groups: [], groupsInToken: false } },
      odcsRedirectUris: [`${reserved.url}/auth/callback`],
      odcsAuthMethod: 'client_secret_post',
    });
    const config = loadConfig(
      {},
      {
        auth_backend: 'openidc',
        auth_openidc_issuer: op.issuer,
        auth_openidc_audience: [ODCS_RESOURCE],
        auth_openidc_client_id: op.odcs.id,
        auth_openidc_client_secret: op.odcs.secret,
        auth_openidc_client_auth_method: 'client_secret_post',
        auth_openidc_callback_url: `${reserved.url}/auth/callback`,
        auth_openidc_login_scopes: ['groups', ...ODCS_SCOPES],
        auth_session_secret: SESSION_SECRET,
        allowed_clients: { users: {}, groups: { packagers: {} } },
        net_timeout: 5,
      },
    );
    app = await startProbeApp(config, [AuthHttpModule], reserved);
  });
  afterAll(async () => {
    await app?.close();
    await op?.stop();
  });

  /** Logs a user in from /auth/login; returns the jar and where the app sent the browser at the end. */
  async function logIn(user: string, next = '/probe/whoami'): Promise<{ jar: CookieJar; landing: string }> {
    const jar = new CookieJar();
    const callback = await loginAtProvider(jar, `${app.url}/auth/login?next=${encodeURIComponent(next)}`, user, op.issuer);
    expect(callback.startsWith(`${app.url}/auth/callback?`)).toBe(true);
    const res = await jar.fetch(callback);
    return { jar, landing: redirectTarget(res, callback) };
  }

  it('logs the user in, keeps the identity in the session cookie and sends the browser where it asked', async () => {
    const { jar, landing } = await logIn('alice');
    expect(landing).toBe(`${app.url}/probe/whoami`);
    expect(jar.get('odcs_session')).toBeDefined();
    expect(jar.get('odcs_login')).toBeUndefined();
    const me = await jar.fetch(`${app.url}/auth/me`);
    expect(me.status).toBe(200);
    const identity = (await me.json()) as { username: string; groups: string[]; scopes: string[] };
    expect(identity.username).toBe('alice');
    expect(identity.groups).toEqual(['packagers']);
    expect(identity.scopes).toEqual(expect.arrayContaining(['openid', ...ODCS_SCOPES]));
  });

  it('lets the session act on the API only together with X-Requested-With (CSRF defence)', async () => {
    const { jar } = await logIn('alice');
    const withHeader = await jar.fetch(`${app.url}/probe/new-compose`, { method: 'POST', headers: { 'X-Requested-With': 'fetch' } });
    expect(withHeader.status).toBe(201);
    expect(((await withHeader.json()) as { username: string }).username).toBe('alice');
    const crossSite = await jar.fetch(`${app.url}/probe/new-compose`, { method: 'POST' });
    expect(crossSite.status).toBe(401);
    expect(await crossSite.json()).toEqual({ status: 401, error: 'Unauthorized', message: 'Missing token passed to ODCS.' });
  });

  it('applies the roles to session users like to token users', async () => {
    const { jar } = await logIn('bob');
    const res = await jar.fetch(`${app.url}/probe/new-compose`, { method: 'POST', headers: { 'X-Requested-With': 'fetch' } });
    expect(await res.json()).toEqual({ status: 403, error: 'Forbidden', message: 'User bob is not in role allowed_clients.' });
  });

  it('logs out by clearing the session cookie', async () => {
    const { jar } = await logIn('alice');
    const out = await jar.fetch(`${app.url}/auth/logout`);
    expect(redirectTarget(out, `${app.url}/auth/logout`)).toBe(`${app.url}/`);
    expect(jar.get('odcs_session')).toBeUndefined();
    const me = await jar.fetch(`${app.url}/auth/me`);
    expect(await me.json()).toEqual({ status: 401, error: 'Unauthorized', message: 'Not logged in.' });
  });

  it('never redirects to another site after the login', async () => {
    expect((await logIn('alice', '//evil.example.com/x')).landing).toBe(`${app.url}/`);
    expect((await logIn('alice', 'https://evil.example.com/')).landing).toBe(`${app.url}/`);
  });

  it('refuses a callback whose state was not issued to this browser', async () => {
    const jar = new CookieJar();
    const callback = await loginAtProvider(jar, `${app.url}/auth/login`, 'alice', op.issuer);
    const otherBrowser = await new CookieJar().fetch(callback);
    expect(await otherBrowser.json()).toEqual({
      status: 401,
      error: 'Unauthorized',
      message: 'Login failed: Unable to verify authorization request state (no login in progress in this browser).',
    });
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'forged-state');
    const res = await jar.fetch(tampered.toString());
    expect(await res.json()).toEqual({ status: 401, error: 'Unauthorized', message: 'Login failed: Invalid authorization request state.' });
  });

  it('ignores session cookies sealed with another secret or altered', async () => {
    const forged = await new LoginSession(new SealedCookieCodec(`${SESSION_SECRET} (not ours)`), 600).seal({
      username: 'root',
      groups: ['packagers'],
      scopes: ODCS_SCOPES,
    });
    const { jar } = await logIn('alice');
    for (const cookie of [forged, `${jar.get('odcs_session')}x`]) {
      const headers = { cookie: `odcs_session=${cookie}`, 'X-Requested-With': 'fetch' };
      expect((await fetch(`${app.url}/auth/me`, { headers })).status).toBe(401);
      expect((await fetch(`${app.url}/probe/new-compose`, { method: 'POST', headers })).status).toBe(401);
    }
  });
});

describe('browser login when it is not enabled', () => {
  const cases: [string, Partial<OdcsConfig>][] = [
    ['noauth', { auth_backend: 'noauth' }],
    ['header', { auth_backend: 'header' }],
    [
      'openidc without a callback URL',
      { auth_backend: 'openidc', auth_openidc_issuer: 'http://127.0.0.1:9', auth_openidc_audience: ['odcs'] },
    ],
  ];
  for (const [name, overrides] of cases) {
    it(`answers 404 on every /auth route under ${name}`, async () => {
      const app = await startProbeApp(loadConfig({}, overrides), [AuthHttpModule]);
      try {
        for (const path of ['/auth/login', '/auth/callback?code=x&state=y', '/auth/me', '/auth/logout']) {
          const res = await fetch(`${app.url}${path}`, { redirect: 'manual' });
          expect(res.status).toBe(404);
        }
      } finally {
        await app.close();
      }
    });
  }
});

describe('browser login while the provider is down', () => {
  it('answers 503 naming the provider, and the frontend keeps serving', async () => {
    const port = await freeClosedPort();
    const app = await startProbeApp(
      loadConfig(
        {},
        {
          auth_backend: 'openidc',
          auth_openidc_issuer: `http://127.0.0.1:${port}`,
          auth_openidc_client_id: 'odcs',
          auth_openidc_client_secret: 'secret',
          auth_openidc_callback_url: 'http://127.0.0.1/auth/callback',
          auth_session_secret: SESSION_SECRET,
        },
      ),
      [AuthHttpModule],
    );
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        const res = await fetch(`${app.url}/auth/login`, { redirect: 'manual' });
        expect(res.status).toBe(503);
        expect(((await res.json()) as { message: string }).message).toContain(`The OpenID provider at http://127.0.0.1:${port}/`);
      }
      expect(await (await fetch(`${app.url}/probe/whoami`)).json()).toEqual({ identity: null });
    } finally {
      await app.close();
    }
  });
});
