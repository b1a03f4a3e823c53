import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OdcsConfig } from '@odcs/config';
import { startTestApp, type TestApp } from '../../support/app.js';
import { forceState } from '../../support/compose-rows.js';
import { freeClosedPort } from '../../support/auth/free-port.js';
import { ODCS_RESOURCE, startOidcProvider, type OidcProviderFixture } from '../../support/auth/oidc-provider.fixture.js';
import { expectRefused, expectUnchanged, requestFrom, snapshot, sqlOf, tagCompose } from './auth-e2e.helpers.js';

const NAMESPACE = 'https://odcs.example.com/';

/** oidc_base_namespace, auth_openidc_required_scopes, check order and openidc_or_kerberos through the frontend. */
describe('openidc scopes and combinations through the frontend', () => {
  let op: OidcProviderFixture;
  const apps: TestApp[] = [];
  const appFor = async (config: Partial<OdcsConfig>): Promise<TestApp> => {
    const t = await startTestApp({
      config: {
        auth_backend: 'openidc',
        auth_openidc_issuer: op.issuer,
        auth_openidc_audience: [ODCS_RESOURCE],
        allowed_clients: { users: { alice: { arches: ['x86_64'] } }, groups: {} },
        admins: { users: [], groups: [] },
        net_timeout: 5,
        ...config,
      },
    });
    apps.push(t);
    return t;
  };
  const token = (scope: string, sub = 'alice') =>
    op.signAsProvider({ iss: op.issuer, aud: ODCS_RESOURCE, sub, groups: [], scope, exp: Math.floor(Date.now() / 1000) + 300 });
  const bearer = async (scope: string, sub?: string) => ({ Authorization: `Bearer ${await token(scope, sub)}` });

  beforeAll(async () => {
    op = await startOidcProvider({ accounts: {} });
  });
  afterAll(async () => {
    await Promise.all(apps.map((t) => t.close()));
    await op?.stop();
  });

  it('takes the compose scopes under oidc_base_namespace and requires auth_openidc_required_scopes', async () => {
    const t = await appFor({ oidc_base_namespace: NAMESPACE, auth_openidc_required_scopes: ['openid'] });
    const post = (headers: Record<string, string>) => () => t.request('POST', '/api/1/composes/', tagCompose(), headers);
    const ok = await post(await bearer(`openid ${NAMESPACE}new-compose`))();
    expect(ok.status, ok.text).toBe(200);
    await expectRefused(
      t,
      post(await bearer('openid https://pagure.io/odcs/new-compose')),
      403,
      'Request does not have required scope new-compose',
    );
    await expectRefused(t, post(await bearer(`${NAMESPACE}new-compose`)), 401, 'Required OIDC scope openid not present.');
  });

  it('answers in the contract order: 401, scope, role, body, existence, permissions', async () => {
    const t = await appFor({});
    const all = 'https://pagure.io/odcs/new-compose https://pagure.io/odcs/renew-compose https://pagure.io/odcs/delete-compose';
    const post =
      (body: unknown, headers: Record<string, string> = {}) =>
      () =>
        t.request('POST', '/api/1/composes/', body, headers);
    await expectRefused(t, post('{not json'), 401, 'Missing token passed to ODCS.');
    await expectRefused(
      t,
      post('{not json', await bearer('https://pagure.io/odcs/renew-compose')),
      403,
      'Request does not have required scope new-compose',
    );
    await expectRefused(t, post('{not json', await bearer(all, 'mallory')), 403, 'User mallory is not in role allowed_clients.');
    const before = await snapshot(t);
    const invalid = await post('{not json', await bearer(all))();
    expect(invalid.status).toBe(400);
    await expectUnchanged(t, before);
    await expectRefused(
      t,
      post(tagCompose({ arches: ['aarch64'] }), await bearer(all)),
      403,
      'User alice not allowed to operate with compose with arches=aarch64.',
    );

    await expectRefused(t, () => t.request('PATCH', '/api/1/composes/424242', {}), 401, 'Missing token passed to ODCS.');
    await expectRefused(
      t,
      async () => t.request('PATCH', '/api/1/composes/424242', {}, await bearer(all, 'mallory')),
      403,
      'User mallory is not in role allowed_clients.',
    );
    expect((await t.request('PATCH', '/api/1/composes/424242', {}, await bearer(all))).status).toBe(404);
    await expectRefused(t, () => t.request('DELETE', '/api/1/composes/424242'), 401, 'Missing token passed to ODCS.');
    // DELETE has no role check: anyone with the scope learns that the compose does not exist.
    expect((await t.request('DELETE', '/api/1/composes/424242', undefined, await bearer(all, 'mallory'))).status).toBe(404);
  });

  it('answers 503 naming the provider when it is down, and writes nothing', async () => {
    const gone = await startOidcProvider({ accounts: {} });
    const jwt = await gone.signAsProvider({
      iss: gone.issuer,
      aud: ODCS_RESOURCE,
      sub: 'alice',
      scope: 'https://pagure.io/odcs/new-compose',
      exp: Math.floor(Date.now() / 1000) + 300,
    });
    await gone.stop();
    const t = await appFor({ auth_openidc_issuer: gone.issuer });
    const before = await snapshot(t);
    const res = await t.request('POST', '/api/1/composes/', tagCompose(), { Authorization: `Bearer ${jwt}` });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 503, error: 'Service Unavailable' });
    expect(res.body.message).toContain(`The OpenID provider at ${gone.issuer}/.well-known/openid-configuration is unreachable`);
    await expectUnchanged(t, before, true);
    // Reads do not need the provider.
    expect((await t.request('GET', '/api/1/composes/')).status).toBe(200);
  });

  it('openidc_or_kerberos: a token from anywhere, a principal only from a trusted proxy', async () => {
    const t = await appFor({
      auth_backend: 'openidc_or_kerberos',
      auth_trusted_proxies: ['127.0.0.1'],
      auth_ldap_server: `ldap://127.0.0.1:${await freeClosedPort()}`,
      auth_ldap_group_base: 'ou=groups,dc=odcs,dc=test',
      auth_ldap_timeout: 1,
      allowed_clients: { users: { alice: {}, carol: {} }, groups: {} },
    });
    const post = (from: string, headers: Record<string, string>) => () =>
      requestFrom(t, from, 'POST', '/api/1/composes/', tagCompose(), headers);
    const byToken = await post('127.0.0.2', {
      ...(await bearer('https://pagure.io/odcs/new-compose')),
      REMOTE_USER: 'carol@EXAMPLE.COM',
    })();
    expect(byToken.body.owner).toBe('alice');
    const byPrincipal = await post('127.0.0.1', { REMOTE_USER: 'carol@EXAMPLE.COM' })();
    expect(byPrincipal.body.owner).toBe('carol');
    await expectRefused(t, post('127.0.0.2', { REMOTE_USER: 'carol@EXAMPLE.COM' }), 401, 'REMOTE_USER is not present in request.');
    // A principal needs no scope; a token does.
    const id = byPrincipal.body.id as number;
    await forceState(sqlOf(t), id, 'done');
    await expectRefused(
      t,
      async () =>
        requestFrom(t, '127.0.0.1', 'PATCH', `/api/1/composes/${id}`, {}, await bearer('https://pagure.io/odcs/new-compose', 'carol')),
      403,
      'Request does not have required scope renew-compose',
    );
    expect((await requestFrom(t, '127.0.0.1', 'PATCH', `/api/1/composes/${id}`, {}, { REMOTE_USER: 'carol@EXAMPLE.COM' })).status).toBe(
      200,
    );
  });
});
