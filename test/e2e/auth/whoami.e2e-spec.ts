import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OdcsConfig } from '@odcs/config';
import { startTestApp, type TestApp } from '../../support/app.js';
import { ODCS_RESOURCE, ODCS_SCOPES, startOidcProvider, type OidcProviderFixture } from '../../support/auth/oidc-provider.fixture.js';
import { startSlapd, type SlapdFixture } from '../../support/auth/slapd.fixture.js';
import { as, HEADER_AUTH, requestFrom } from './auth-e2e.helpers.js';

const [NEW, RENEW, DELETE] = ODCS_SCOPES as [string, string, string];
const ALL = { new_compose: true, renew_compose: true, delete_compose: true };
const NONE = { new_compose: false, renew_compose: false, delete_compose: false };
/** A caller that may delete (cancel its own composes) but is no allowed client. */
const DELETE_ONLY = { new_compose: false, renew_compose: false, delete_compose: true };
const PERMISSIONS: Partial<OdcsConfig> = {
  allowed_clients: { users: { alice: {} }, groups: { packagers: {} } },
  admins: { users: ['root'], groups: ['sysadmins'] },
};

/** GET /api/1/whoami/ (odcs addition) under every auth backend the test support offers. */
describe('GET /api/1/whoami/', () => {
  const apps: TestApp[] = [];
  let slapd: SlapdFixture;
  let op: OidcProviderFixture;
  const appFor = async (config: Partial<OdcsConfig>): Promise<TestApp> => {
    const t = await startTestApp({ config: { ...PERMISSIONS, ...config } });
    apps.push(t);
    return t;
  };
  const whoami = async (t: TestApp, headers: Record<string, string> = {}) => {
    const res = await t.request('GET', '/api/1/whoami/', undefined, headers);
    expect(res.status, res.text).toBe(200);
    return res.body as Record<string, unknown>;
  };

  beforeAll(async () => {
    slapd = await startSlapd([
      { cn: 'packagers', members: ['bob'] },
      { cn: 'sysadmins', members: ['carol'] },
    ]);
    op = await startOidcProvider({ accounts: { alice: { groups: ['packagers'], groupsInToken: true } } });
  });
  afterAll(async () => {
    await Promise.all(apps.map((t) => t.close()));
    await slapd?.stop();
    await op?.stop();
  });

  it('noauth: the caller is upstream’s "unknown", admin, allowed everything', async () => {
    const t = await appFor({ auth_backend: 'noauth' });
    expect(await whoami(t)).toEqual({ username: 'unknown', groups: [], auth_backend: 'noauth', is_admin: true, allowed: ALL });
    const alias = await t.request('GET', '/api/1/whoami');
    expect(alias.status).toBe(200);
    expect(alias.headers.get('cache-control')).toBe('no-store');
  });

  it('header: user and groups from the trusted proxy; anonymous without them or from an untrusted peer', async () => {
    const t = await appFor({ ...HEADER_AUTH });
    expect(await whoami(t, as('alice'))).toEqual({ username: 'alice', groups: [], auth_backend: 'header', is_admin: false, allowed: ALL });
    expect(await whoami(t, as('dave', ['sysadmins', 'other']))).toEqual({
      username: 'dave',
      groups: ['sysadmins', 'other'],
      auth_backend: 'header',
      is_admin: true,
      allowed: DELETE_ONLY,
    });
    expect(await whoami(t, as('erin'))).toMatchObject({ username: 'erin', is_admin: false, allowed: DELETE_ONLY });
    const anonymous = { username: null, groups: [], auth_backend: 'header', is_admin: false, allowed: NONE };
    expect(await whoami(t)).toEqual(anonymous);
    const stranger = await requestFrom(t, '127.0.0.2', 'GET', '/api/1/whoami/', undefined, as('root'));
    expect(stranger.body).toEqual(anonymous);
  });

  it('kerberos: the user of the principal, groups from LDAP', async () => {
    const t = await appFor({ auth_backend: 'kerberos', auth_ldap_server: slapd.url, auth_ldap_group_base: slapd.groupBase });
    expect(await whoami(t, { REMOTE_USER: 'bob@EXAMPLE.COM' })).toEqual({
      username: 'bob',
      groups: ['packagers'],
      auth_backend: 'kerberos',
      is_admin: false,
      allowed: ALL,
    });
    expect(await whoami(t, { REMOTE_USER: 'carol@EXAMPLE.COM' })).toMatchObject({
      username: 'carol',
      is_admin: true,
      allowed: DELETE_ONLY,
    });
    expect(await whoami(t)).toMatchObject({ username: null, allowed: NONE });
    const bad = await t.request('GET', '/api/1/whoami/', undefined, { REMOTE_USER: 'no-realm' });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ status: 401, error: 'Unauthorized' });
  });

  it('ssl and kerberos_or_ssl: the subject DN of the client certificate', async () => {
    const dn = 'CN=alice,O=Example';
    const cert = { SSL_CLIENT_VERIFY: 'SUCCESS', SSL_CLIENT_S_DN: dn };
    const ssl = await appFor({ auth_backend: 'ssl', allowed_clients: { users: { [dn]: {} }, groups: {} } });
    expect(await whoami(ssl, cert)).toEqual({ username: dn, groups: [], auth_backend: 'ssl', is_admin: false, allowed: ALL });
    expect(await whoami(ssl, { SSL_CLIENT_VERIFY: 'NONE' })).toMatchObject({ username: null, allowed: NONE });
    expect((await ssl.request('GET', '/api/1/whoami/', undefined, { SSL_CLIENT_VERIFY: 'FAILED:expired' })).status).toBe(401);
    const either = await appFor({ auth_backend: 'kerberos_or_ssl', auth_ldap_server: slapd.url, auth_ldap_group_base: slapd.groupBase });
    expect(await whoami(either, cert)).toMatchObject({ username: dn, auth_backend: 'kerberos_or_ssl', allowed: DELETE_ONLY });
    expect(await whoami(either, { REMOTE_USER: 'bob@EXAMPLE.COM' })).toMatchObject({ username: 'bob', allowed: ALL });
  });

  it('openidc and openidc_or_kerberos: user, groups and the rights the token’s scopes grant', async () => {
    const oidc = {
      auth_openidc_issuer: op.issuer,
      auth_openidc_audience: [ODCS_RESOURCE],
      auth_openidc_client_id: op.odcs.id,
      auth_openidc_client_secret: op.odcs.secret,
      net_timeout: 5,
    };
    const t = await appFor({ auth_backend: 'openidc', ...oidc });
    const token = (scope: string) => op.signAccessToken({ scope });
    const bearer = async (scope: string) => ({ Authorization: `Bearer ${await token(scope)}` });
    expect(await whoami(t, await bearer([NEW, RENEW, DELETE].join(' ')))).toEqual({
      username: 'alice',
      groups: ['packagers'],
      auth_backend: 'openidc',
      is_admin: false,
      allowed: ALL,
    });
    expect((await whoami(t, await bearer(RENEW))).allowed).toEqual({ new_compose: false, renew_compose: true, delete_compose: false });
    expect(await whoami(t)).toMatchObject({ username: null, allowed: NONE });
    const bad = await t.request('GET', '/api/1/whoami/', undefined, { Authorization: 'Bearer no-such-token' });
    expect(bad.status).toBe(401);
    const either = await appFor({
      auth_backend: 'openidc_or_kerberos',
      ...oidc,
      auth_ldap_server: slapd.url,
      auth_ldap_group_base: slapd.groupBase,
    });
    expect(await whoami(either, { REMOTE_USER: 'carol@EXAMPLE.COM' })).toMatchObject({ username: 'carol', is_admin: true });
    expect(await whoami(either, await bearer(NEW))).toMatchObject({
      username: 'alice',
      allowed: { new_compose: true, renew_compose: false },
    });
  });
});
