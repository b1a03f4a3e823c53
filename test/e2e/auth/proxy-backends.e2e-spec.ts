import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OdcsConfig } from '@odcs/config';
import { startTestApp, type TestApp } from '../../support/app.js';
import { forceState } from '../../support/compose-rows.js';
import { freeClosedPort } from '../../support/auth/free-port.js';
import { startSlapd, type SlapdFixture } from '../../support/auth/slapd.fixture.js';
import { expectRefused, requestFrom, sqlOf, tagCompose } from './auth-e2e.helpers.js';

const PROXY = '127.0.0.1';
const STRANGER = '127.0.0.2';

/** CONTRACT §7.1: identities set by a front proxy (httpd with mod_auth_gssapi or mod_ssl), through the real frontend. */
describe('proxy-header backends through the frontend', () => {
  let slapd: SlapdFixture;
  const apps: TestApp[] = [];
  const appFor = async (config: Partial<OdcsConfig>): Promise<TestApp> => {
    const t = await startTestApp({ config: { auth_trusted_proxies: [PROXY], ...config } });
    apps.push(t);
    return t;
  };
  const kerberosConfig = (): Partial<OdcsConfig> => ({
    auth_ldap_server: slapd.url,
    auth_ldap_group_base: slapd.groupBase,
    allowed_clients: { users: { carol: {} }, groups: { packagers: { arches: ['x86_64', 'aarch64'] } } },
    // "deep" sits one level below the group base: the one-level search must not find it.
    admins: { users: [], groups: ['sysadmins', 'deep'] },
  });

  beforeAll(async () => {
    slapd = await startSlapd([
      { cn: 'packagers', members: ['alice', 'bob'] },
      { cn: 'sysadmins', members: ['root'] },
    ]);
  });
  const silent: Server[] = [];
  const sockets: Socket[] = [];
  /** An LDAP URL whose server accepts connections and never says a word. */
  const blackhole = async (): Promise<string> => {
    const server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    silent.push(server);
    return `ldap://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  afterAll(async () => {
    await Promise.all(apps.map((t) => t.close()));
    sockets.forEach((s) => s.destroy());
    await Promise.all(silent.map((server) => new Promise((r) => server.close(r))));
    await slapd?.stop();
  });

  describe('kerberos', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await appFor({ auth_backend: 'kerberos', ...kerberosConfig() });
    });
    const from = (address: string, principal: string | null) => (method: string, path: string, body?: unknown) =>
      requestFrom(t, address, method, path, body, principal === null ? {} : { REMOTE_USER: principal });
    const proxied = (principal: string) => from(PROXY, principal);

    it('takes the user from the principal and the groups from LDAP', async () => {
      const res = await proxied('alice@EXAMPLE.COM')('POST', '/api/1/composes/', tagCompose({ arches: ['aarch64'] }));
      expect(res.status, res.text).toBe(200);
      expect(res.body.owner).toBe('alice');
      // carol is in no LDAP group, but has a user entry.
      expect((await proxied('carol@EXAMPLE.COM')('POST', '/api/1/composes/', tagCompose())).body.owner).toBe('carol');
      // The packagers grant is what allowed aarch64: carol's own entry does not.
      await expectRefused(
        t,
        () => proxied('carol@EXAMPLE.COM')('POST', '/api/1/composes/', tagCompose({ arches: ['aarch64'] })),
        403,
        'User carol not allowed to operate with compose with arches=aarch64.',
      );
      await expectRefused(
        t,
        () => proxied('erin@EXAMPLE.COM')('POST', '/api/1/composes/', tagCompose()),
        403,
        'User erin is not in role allowed_clients.',
      );
    });

    it('ignores the principal header from a peer that is not a trusted proxy', async () => {
      const post = () => from(STRANGER, 'alice@EXAMPLE.COM')('POST', '/api/1/composes/', tagCompose());
      await expectRefused(t, post, 401, 'REMOTE_USER is not present in request.');
      await expectRefused(
        t,
        () => from(PROXY, null)('POST', '/api/1/composes/', tagCompose()),
        401,
        'REMOTE_USER is not present in request.',
      );
      // Reads need nobody.
      expect((await from(STRANGER, 'alice@EXAMPLE.COM')('GET', '/api/1/composes/')).status).toBe(200);
    });

    it('does not let a user name act as an LDAP filter', async () => {
      for (const principal of ['*@EXAMPLE.COM', 'x)(memberUid=alice@EXAMPLE.COM', 'alice\\2a@EXAMPLE.COM']) {
        const user = principal.split('@')[0]!;
        await expectRefused(
          t,
          () => proxied(principal)('POST', '/api/1/composes/', tagCompose()),
          403,
          `User ${user} is not in role allowed_clients.`,
        );
      }
    });

    it('does not take the peer address from X-Forwarded-For', async () => {
      const spoofed = () =>
        requestFrom(t, STRANGER, 'POST', '/api/1/composes/', tagCompose(), {
          REMOTE_USER: 'alice@EXAMPLE.COM',
          'X-Forwarded-For': PROXY,
          'X-Real-IP': PROXY,
        });
      await expectRefused(t, spoofed, 401, 'REMOTE_USER is not present in request.');
    });

    it('refuses a principal without exactly one "@"', async () => {
      for (const principal of ['alice', 'alice@A@B']) {
        await expectRefused(
          t,
          () => proxied(principal)('POST', '/api/1/composes/', tagCompose()),
          401,
          `REMOTE_USER "${principal}" is not a Kerberos principal of the form user@REALM.`,
        );
      }
    });

    it('makes LDAP group members admins, one level under the group base only', async () => {
      const waiting = (await proxied('alice@EXAMPLE.COM')('POST', '/api/1/composes/', tagCompose())).body.id as number;
      const done = (await proxied('alice@EXAMPLE.COM')('POST', '/api/1/composes/', tagCompose())).body.id as number;
      await forceState(sqlOf(t), done, 'done');
      // bob shares alice's group but is no admin.
      await expectRefused(
        t,
        () => proxied('bob@EXAMPLE.COM')('DELETE', `/api/1/composes/${waiting}`),
        403,
        `Compose (id=${waiting}) can not be canceled, it's owned by someone else.`,
      );
      // alice is a member of the nested "deep" group only.
      await expectRefused(
        t,
        () => proxied('alice@EXAMPLE.COM')('DELETE', `/api/1/composes/${done}`),
        403,
        'User alice is not in role admins.',
      );
      expect((await proxied('root@EXAMPLE.COM')('DELETE', `/api/1/composes/${waiting}`)).status).toBe(202);
      expect((await proxied('root@EXAMPLE.COM')('DELETE', `/api/1/composes/${done}`)).status).toBe(202);
      const rows = await sqlOf(t).query<{ id: number; state_reason: string | null; removed_by: string | null }>(
        'SELECT id, state_reason, removed_by FROM composes WHERE id = ANY($1) ORDER BY id',
        [[waiting, done]],
      );
      expect(rows).toEqual([
        { id: waiting, state_reason: 'Canceled by root', removed_by: null },
        { id: done, state_reason: null, removed_by: 'root' },
      ]);
    });

    it('reports the backend in /api/1/about/', async () => {
      expect((await t.request('GET', '/api/1/about/')).body.auth_backend).toBe('kerberos');
    });
  });

  it.each([
    ['refuses connections', async () => `ldap://127.0.0.1:${await freeClosedPort()}`],
    ['accepts connections but never answers', async () => blackhole()],
  ])('kerberos when LDAP %s: authenticated, without groups', async (_case, url) => {
    const t = await appFor({ auth_backend: 'kerberos', ...kerberosConfig(), auth_ldap_server: await url(), auth_ldap_timeout: 1 });
    const post = (principal: string) => () => requestFrom(t, PROXY, 'POST', '/api/1/composes/', tagCompose(), { REMOTE_USER: principal });
    await expectRefused(t, post('alice@EXAMPLE.COM'), 403, 'User alice is not in role allowed_clients.');
    expect((await post('carol@EXAMPLE.COM')()).body.owner).toBe('carol');
  });

  it('kerberos with the principal in another header: the 401 without identity still names REMOTE_USER (§7.1)', async () => {
    const t = await appFor({ auth_backend: 'kerberos', ...kerberosConfig(), auth_user_header: 'X-Remote-User' });
    const post = (headers: Record<string, string>) => () => requestFrom(t, PROXY, 'POST', '/api/1/composes/', tagCompose(), headers);
    expect((await post({ 'X-Remote-User': 'carol@EXAMPLE.COM' })()).body.owner).toBe('carol');
    await expectRefused(t, post({}), 401, 'REMOTE_USER is not present in request.');
    await expectRefused(t, post({ REMOTE_USER: 'carol@EXAMPLE.COM' }), 401, 'REMOTE_USER is not present in request.');
  });

  describe('ssl', () => {
    const ALICE = 'CN=alice,OU=people,O=Example';
    let t: TestApp;
    beforeAll(async () => {
      t = await appFor({ auth_backend: 'ssl', allowed_clients: { users: { [ALICE]: {} }, groups: {} }, admins: { users: [], groups: [] } });
    });
    const post = (from: string, headers: Record<string, string>) => () =>
      requestFrom(t, from, 'POST', '/api/1/composes/', tagCompose(), headers);

    it('takes the subject DN of a verified certificate as the user name', async () => {
      const res = await post(PROXY, { SSL_CLIENT_VERIFY: 'SUCCESS', SSL_CLIENT_S_DN: ALICE })();
      expect(res.status, res.text).toBe(200);
      expect(res.body.owner).toBe(ALICE);
      await expectRefused(
        t,
        post(PROXY, { SSL_CLIENT_VERIFY: 'SUCCESS', SSL_CLIENT_S_DN: 'CN=mallory' }),
        403,
        'User CN=mallory is not in role allowed_clients.',
      );
    });

    it('refuses unverified or missing certificates with the contract texts', async () => {
      await expectRefused(
        t,
        post(PROXY, { SSL_CLIENT_VERIFY: 'FAILED:certificate has expired', SSL_CLIENT_S_DN: ALICE }),
        401,
        'Cannot verify client: FAILED:certificate has expired',
      );
      await expectRefused(t, post(PROXY, { SSL_CLIENT_VERIFY: 'NONE' }), 401, 'Cannot verify client: NONE');
      await expectRefused(t, post(PROXY, {}), 401, 'Cannot verify client: None');
      await expectRefused(
        t,
        post(PROXY, { SSL_CLIENT_VERIFY: 'SUCCESS' }),
        401,
        'Unable to get user information (DN) from client certificate',
      );
    });

    it('ignores certificate headers from an untrusted peer', async () => {
      await expectRefused(t, post(STRANGER, { SSL_CLIENT_VERIFY: 'SUCCESS', SSL_CLIENT_S_DN: ALICE }), 401, 'Cannot verify client: None');
    });
  });

  it('kerberos_or_ssl: the principal if present, else the certificate', async () => {
    const dn = 'CN=svc,O=Example';
    const t = await appFor({
      auth_backend: 'kerberos_or_ssl',
      ...kerberosConfig(),
      allowed_clients: { users: { carol: {}, [dn]: {} }, groups: {} },
    });
    const post = (headers: Record<string, string>) => requestFrom(t, PROXY, 'POST', '/api/1/composes/', tagCompose(), headers);
    expect((await post({ REMOTE_USER: 'carol@EXAMPLE.COM', SSL_CLIENT_VERIFY: 'SUCCESS', SSL_CLIENT_S_DN: dn })).body.owner).toBe('carol');
    expect((await post({ SSL_CLIENT_VERIFY: 'SUCCESS', SSL_CLIENT_S_DN: dn })).body.owner).toBe(dn);
    await expectRefused(t, () => post({}), 401, 'Cannot verify client: None');
  });

  it('header: an untrusted peer cannot name itself (trusted proxies 10.0.0.1 only)', async () => {
    const t = await appFor({
      auth_backend: 'header',
      auth_trusted_proxies: ['10.0.0.1'],
      auth_groups_header: 'X-Remote-Groups',
      allowed_clients: { users: { alice: {} }, groups: { packagers: {} } },
      admins: { users: ['alice'], groups: [] },
    });
    await expectRefused(
      t,
      () => t.request('POST', '/api/1/composes/', tagCompose(), { REMOTE_USER: 'alice' }),
      401,
      'REMOTE_USER is not present in request.',
    );
    await expectRefused(
      t,
      () => t.request('POST', '/api/1/composes/', tagCompose(), { REMOTE_USER: 'x', 'X-Remote-Groups': 'packagers' }),
      401,
      'REMOTE_USER is not present in request.',
    );
    await expectRefused(
      t,
      () => t.request('DELETE', '/api/1/composes/1', undefined, { REMOTE_USER: 'alice' }),
      401,
      'REMOTE_USER is not present in request.',
    );
    expect((await t.request('GET', '/api/1/composes/', undefined, { REMOTE_USER: 'alice' })).status).toBe(200);
  });
});
