import { describe, expect, it } from 'vitest';
import type { PermissionInput } from './identity.js';
import { aRequest, authServiceFor, httpErrorOf, InMemoryGroupDirectory } from './testing/auth-test-helpers.js';

const tagCompose: PermissionInput = {
  source_types: 'tag',
  sources: ['f40'],
  results: ['repository'],
  flags: [],
  arches: ['x86_64'],
  compose_types: 'test',
  target_dirs: null,
  raw_config_keys: null,
};
const LDAP = { auth_ldap_server: 'ldap://127.0.0.1:1', auth_ldap_group_base: 'ou=groups,dc=odcs,dc=test' };

describe('AuthService under noauth', () => {
  const auth = authServiceFor({ auth_backend: 'noauth', allowed_clients: { users: {}, groups: {} } });

  it('treats every caller as "unknown" with every role and permission (Decision 14)', async () => {
    const unknown = { username: 'unknown', groups: [], scopes: null };
    expect(await auth.identify(aRequest({ REMOTE_USER: 'alice' }, '203.0.113.9'))).toEqual(unknown);
    for (const action of ['new-compose', 'renew-compose', 'delete-compose'] as const) {
      expect(await auth.authorize(aRequest(), action)).toEqual(unknown);
    }
    expect(auth.isAdmin(unknown)).toBe(true);
    expect(() => auth.assertInputAllowed(unknown, { ...tagCompose, arches: ['s390x'] })).not.toThrow();
  });
});

describe('AuthService under the header backend', () => {
  const auth = authServiceFor({
    auth_backend: 'header',
    auth_groups_header: 'X-Groups',
    auth_trusted_proxies: ['127.0.0.1'],
    allowed_clients: { users: { alice: {} }, groups: { qa: { arches: ['x86_64'] } } },
    admins: { users: ['root'], groups: ['releng'] },
  });

  it('takes the user and groups from a trusted proxy', async () => {
    expect(await auth.identify(aRequest({ REMOTE_USER: 'alice', 'X-Groups': 'qa, releng,' }))).toEqual({
      username: 'alice',
      groups: ['qa', 'releng'],
      scopes: null,
    });
  });

  it('ignores identity headers from any other peer', async () => {
    expect(await auth.identify(aRequest({ REMOTE_USER: 'alice' }, '127.0.0.2'))).toBeNull();
    expect(await httpErrorOf(auth.authorize(aRequest({ REMOTE_USER: 'alice' }, '127.0.0.2'), 'new-compose'))).toEqual({
      status: 401,
      message: 'REMOTE_USER is not present in request.',
    });
  });

  it('requires the allowed_clients role for new and renew, but not for delete', async () => {
    const bob = aRequest({ REMOTE_USER: 'bob' });
    expect(await httpErrorOf(auth.authorize(bob, 'new-compose'))).toEqual({
      status: 403,
      message: 'User bob is not in role allowed_clients.',
    });
    expect(await httpErrorOf(auth.authorize(bob, 'renew-compose'))).toEqual({
      status: 403,
      message: 'User bob is not in role allowed_clients.',
    });
    expect((await auth.authorize(bob, 'delete-compose')).username).toBe('bob');
    expect((await auth.authorize(aRequest({ REMOTE_USER: 'alice' }), 'new-compose')).username).toBe('alice');
    expect((await auth.authorize(aRequest({ REMOTE_USER: 'carol', 'X-Groups': 'qa' }), 'renew-compose')).groups).toEqual(['qa']);
  });

  it('makes admins by user name or group', async () => {
    expect(auth.isAdmin((await auth.identify(aRequest({ REMOTE_USER: 'root' })))!)).toBe(true);
    expect(auth.isAdmin((await auth.identify(aRequest({ REMOTE_USER: 'dave', 'X-Groups': 'releng' })))!)).toBe(true);
    expect(auth.isAdmin((await auth.identify(aRequest({ REMOTE_USER: 'alice', 'X-Groups': 'qa' })))!)).toBe(false);
  });

  it('refuses input outside the grants with every reason, de-duplicated and joined by a space', async () => {
    const carol = (await auth.identify(aRequest({ REMOTE_USER: 'carol', 'X-Groups': 'qa' })))!;
    expect(await httpErrorOf(() => auth.assertInputAllowed(carol, { ...tagCompose, arches: ['s390x'], source_types: 'pulp' }))).toEqual({
      status: 403,
      message:
        'User carol not allowed to operate with compose with source_types=pulp. User carol not allowed to operate with compose with arches=s390x.',
    });
    expect(() => auth.assertInputAllowed(carol, tagCompose)).not.toThrow();
    const dave = { username: 'dave', groups: [], scopes: null };
    expect(await httpErrorOf(() => auth.assertInputAllowed(dave, tagCompose))).toEqual({
      status: 403,
      message: 'User dave not allowed to operate with any compose.',
    });
  });

  it('shows allowed_clients in about unless about_hide_permissions is set', () => {
    expect(auth.aboutInfo()).toEqual({
      auth_backend: 'header',
      allowed_clients: { users: { alice: {} }, groups: { qa: { arches: ['x86_64'] } } },
    });
    expect(authServiceFor({ auth_backend: 'header', about_hide_permissions: true }).aboutInfo()).toEqual({ auth_backend: 'header' });
  });
});

describe('AuthService under the kerberos backend', () => {
  const directory = new InMemoryGroupDirectory({ alice: ['packagers'] });
  const auth = authServiceFor({ auth_backend: 'kerberos', ...LDAP, allowed_clients: { users: {}, groups: { packagers: {} } } }, directory);

  it('takes the user name before "@" of the principal and groups from the directory', async () => {
    const alice = await auth.authorize(aRequest({ REMOTE_USER: 'alice@EXAMPLE.COM' }), 'new-compose');
    expect(alice).toEqual({ username: 'alice', groups: ['packagers'], scopes: null });
  });

  it('refuses a principal without exactly one "@"', async () => {
    for (const bad of ['alice', 'alice@EXAMPLE@COM', '@EXAMPLE.COM', 'alice@']) {
      expect(await httpErrorOf(auth.identify(aRequest({ REMOTE_USER: bad })))).toEqual({
        status: 401,
        message: `REMOTE_USER "${bad}" is not a Kerberos principal of the form user@REALM.`,
      });
    }
  });

  it('treats a principal from an untrusted peer as anonymous', async () => {
    expect(await auth.identify(aRequest({ REMOTE_USER: 'alice@EXAMPLE.COM' }, '198.51.100.7'))).toBeNull();
    expect(await httpErrorOf(auth.authorize(aRequest({}, '198.51.100.7'), 'delete-compose'))).toEqual({
      status: 401,
      message: 'REMOTE_USER is not present in request.',
    });
  });
});

describe('AuthService under the ssl backend', () => {
  const auth = authServiceFor({ auth_backend: 'ssl', allowed_clients: { users: { 'CN=alice,O=Example': {} }, groups: {} } });
  const cert = (verify: string, dn?: string) => aRequest({ SSL_CLIENT_VERIFY: verify, ...(dn ? { SSL_CLIENT_S_DN: dn } : {}) });

  it('takes the full subject DN as the user name when the proxy verified the certificate', async () => {
    expect(await auth.authorize(cert('SUCCESS', 'CN=alice,O=Example'), 'new-compose')).toEqual({
      username: 'CN=alice,O=Example',
      groups: [],
      scopes: null,
    });
  });

  it('answers the contract messages for unverified clients and missing DNs', async () => {
    expect(await httpErrorOf(auth.identify(cert('FAILED:unable to get issuer')))).toEqual({
      status: 401,
      message: 'Cannot verify client: FAILED:unable to get issuer',
    });
    expect(await httpErrorOf(auth.identify(cert('SUCCESS')))).toEqual({
      status: 401,
      message: 'Unable to get user information (DN) from client certificate',
    });
    expect(await httpErrorOf(auth.authorize(aRequest(), 'new-compose'))).toEqual({ status: 401, message: 'Cannot verify client: None' });
    expect(await auth.identify(cert('NONE'))).toBeNull();
    expect(await httpErrorOf(auth.authorize(cert('NONE'), 'new-compose'))).toEqual({ status: 401, message: 'Cannot verify client: NONE' });
  });

  it('ignores certificate headers from an untrusted peer', async () => {
    const forged = aRequest({ SSL_CLIENT_VERIFY: 'SUCCESS', SSL_CLIENT_S_DN: 'CN=alice,O=Example' }, '192.0.2.1');
    expect(await auth.identify(forged)).toBeNull();
    expect(await httpErrorOf(auth.authorize(forged, 'new-compose'))).toEqual({ status: 401, message: 'Cannot verify client: None' });
  });

  it('reads the headers named by the configuration', async () => {
    const custom = authServiceFor({ auth_backend: 'ssl', auth_ssl_verify_header: 'X-Client-Verify', auth_ssl_dn_header: 'X-Client-DN' });
    expect((await custom.identify(aRequest({ 'X-Client-Verify': 'SUCCESS', 'X-Client-DN': 'CN=bob' })))?.username).toBe('CN=bob');
    expect(await custom.identify(cert('SUCCESS', 'CN=alice,O=Example'))).toBeNull();
  });
});

describe('AuthService under kerberos_or_ssl', () => {
  const auth = authServiceFor({ auth_backend: 'kerberos_or_ssl', ...LDAP }, new InMemoryGroupDirectory({ alice: ['qa'] }));

  it('uses Kerberos when the principal is present, else the certificate', async () => {
    const both = aRequest({ REMOTE_USER: 'alice@EXAMPLE.COM', SSL_CLIENT_VERIFY: 'SUCCESS', SSL_CLIENT_S_DN: 'CN=bob' });
    expect(await auth.identify(both)).toEqual({ username: 'alice', groups: ['qa'], scopes: null });
    expect((await auth.identify(aRequest({ SSL_CLIENT_VERIFY: 'SUCCESS', SSL_CLIENT_S_DN: 'CN=bob' })))?.username).toBe('CN=bob');
  });

  it('answers the ssl message when neither is present, as upstream', async () => {
    expect(await auth.identify(aRequest())).toBeNull();
    expect(await httpErrorOf(auth.authorize(aRequest(), 'renew-compose'))).toEqual({ status: 401, message: 'Cannot verify client: None' });
  });
});
