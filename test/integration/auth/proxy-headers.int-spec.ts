import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type OdcsConfig } from '@odcs/config';
import { startProbeApp, type ProbeApp } from '../../support/auth/auth-probe-app.js';
import { startSlapd, type SlapdFixture } from '../../support/auth/slapd.fixture.js';

const TRUSTED = '127.0.0.1';
const UNTRUSTED = '127.0.0.2';

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** An HTTP call from a chosen local address (all of 127.0.0.0/8 reaches the loopback server). */
function call(app: ProbeApp, method: string, path: string, from: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${app.url}${path}`, { method, headers, localAddress: from }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('proxy-header backends over HTTP: identity only from trusted proxies', () => {
  let slapd: SlapdFixture;
  const apps: ProbeApp[] = [];
  const appFor = async (overrides: Partial<OdcsConfig>): Promise<ProbeApp> => {
    const app = await startProbeApp(loadConfig({}, { auth_trusted_proxies: [TRUSTED], ...overrides }));
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    slapd = await startSlapd([
      { cn: 'packagers', members: ['alice'] },
      { cn: 'releng', members: ['root'] },
    ]);
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await slapd?.stop();
  });

  it('header: believes the user header from a trusted proxy only', async () => {
    const app = await appFor({ auth_backend: 'header', allowed_clients: { users: { alice: {} }, groups: {} } });
    const alice = { REMOTE_USER: 'alice' };
    expect(await call(app, 'POST', '/probe/new-compose', TRUSTED, alice)).toEqual({
      status: 201,
      body: { username: 'alice', groups: [], scopes: null },
    });
    expect(await call(app, 'GET', '/probe/whoami', UNTRUSTED, alice)).toEqual({ status: 200, body: { identity: null } });
    expect(await call(app, 'POST', '/probe/new-compose', UNTRUSTED, alice)).toEqual({
      status: 401,
      body: { status: 401, error: 'Unauthorized', message: 'REMOTE_USER is not present in request.' },
    });
  });

  it('kerberos: user from the principal, groups from the real LDAP, roles from those groups', async () => {
    const app = await appFor({
      auth_backend: 'kerberos',
      auth_ldap_server: slapd.url,
      auth_ldap_group_base: slapd.groupBase,
      allowed_clients: { users: {}, groups: { packagers: {} } },
      admins: { users: [], groups: ['releng'] },
    });
    expect(await call(app, 'POST', '/probe/new-compose', TRUSTED, { REMOTE_USER: 'alice@EXAMPLE.COM' })).toEqual({
      status: 201,
      body: { username: 'alice', groups: ['packagers'], scopes: null },
    });
    expect(await call(app, 'POST', '/probe/delete-compose', TRUSTED, { REMOTE_USER: 'root@EXAMPLE.COM' })).toEqual({
      status: 201,
      body: { identity: { username: 'root', groups: ['releng'], scopes: null }, admin: true },
    });
    expect((await call(app, 'POST', '/probe/new-compose', TRUSTED, { REMOTE_USER: 'root@EXAMPLE.COM' })).body.message).toBe(
      'User root is not in role allowed_clients.',
    );
    expect((await call(app, 'POST', '/probe/new-compose', TRUSTED, { REMOTE_USER: 'alice' })).body).toEqual({
      status: 401,
      error: 'Unauthorized',
      message: 'REMOTE_USER "alice" is not a Kerberos principal of the form user@REALM.',
    });
    expect((await call(app, 'POST', '/probe/new-compose', UNTRUSTED, { REMOTE_USER: 'alice@EXAMPLE.COM' })).body).toEqual({
      status: 401,
      error: 'Unauthorized',
      message: 'REMOTE_USER is not present in request.',
    });
  });

  it('ssl: certificate headers from a trusted proxy only', async () => {
    const app = await appFor({ auth_backend: 'ssl', allowed_clients: { users: { 'CN=alice,O=odcs': {} }, groups: {} } });
    const cert = { SSL_CLIENT_VERIFY: 'SUCCESS', SSL_CLIENT_S_DN: 'CN=alice,O=odcs' };
    expect((await call(app, 'POST', '/probe/new-compose', TRUSTED, cert)).body).toEqual({
      username: 'CN=alice,O=odcs',
      groups: [],
      scopes: null,
    });
    expect((await call(app, 'POST', '/probe/new-compose', UNTRUSTED, cert)).body).toEqual({
      status: 401,
      error: 'Unauthorized',
      message: 'Cannot verify client: None',
    });
    expect((await call(app, 'GET', '/probe/whoami', TRUSTED, { SSL_CLIENT_VERIFY: 'FAILED' })).body.message).toBe(
      'Cannot verify client: FAILED',
    );
  });

  it('trusts a CIDR range of proxies', async () => {
    const app = await appFor({ auth_backend: 'header', auth_trusted_proxies: ['127.0.0.0/30'] });
    expect((await call(app, 'GET', '/probe/whoami', UNTRUSTED, { REMOTE_USER: 'bob' })).body).toEqual({
      identity: { username: 'bob', groups: [], scopes: null },
    });
    expect((await call(app, 'GET', '/probe/whoami', '127.0.0.5', { REMOTE_USER: 'bob' })).body).toEqual({ identity: null });
  });
});
