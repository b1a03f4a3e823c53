import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';
import { forceState } from '../../support/compose-rows.js';
import { obtainAccessToken } from '../../support/auth/oidc-login-flow.js';
import {
  forgeToken,
  ODCS_RESOURCE,
  ODCS_SCOPES,
  startOidcProvider,
  type OidcProviderFixture,
} from '../../support/auth/oidc-provider.fixture.js';
import { expectRefused, sqlOf, tagCompose } from './auth-e2e.helpers.js';

const [NEW, RENEW, DELETE] = ODCS_SCOPES as [string, string, string];
const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

/** CONTRACT §7.1, §7.2 through the real frontend, with tokens of a real OpenID provider. */
describe('auth_backend=openidc through the frontend', () => {
  let op: OidcProviderFixture;
  let t: TestApp;

  beforeAll(async () => {
    op = await startOidcProvider({
      accounts: {
        alice: { groups: ['packagers'], groupsInToken: true },
        bob: { groups: ['releng'], groupsInToken: false },
        carol: { groups: [], groupsInToken: true },
        dave: { groups: ['outsiders'], groupsInToken: true },
      },
    });
    t = await startTestApp({
      config: {
        auth_backend: 'openidc',
        auth_openidc_issuer: op.issuer,
        auth_openidc_audience: [ODCS_RESOURCE],
        auth_openidc_client_id: op.odcs.id,
        auth_openidc_client_secret: op.odcs.secret,
        allowed_clients: { users: { carol: {} }, groups: { packagers: {}, releng: {} } },
        admins: { users: [], groups: ['releng'] },
        net_timeout: 5,
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await op?.stop();
  });

  /** A JWT access token as the provider issues it to odcs-cli through the login flow. */
  const loginToken = (user: string, scopes: string[], jwt = true) =>
    obtainAccessToken({ issuer: op.issuer, client: op.cli, user, scopes, jwt });
  /** A JWT signed with the provider's key, for claim combinations the login flow cannot produce. */
  const signed = (claims: Record<string, unknown>) => op.signAccessToken(claims);
  const create = async (token: string) => {
    const res = await t.request('POST', '/api/1/composes/', tagCompose(), bearer(token));
    expect(res.status, res.text).toBe(200);
    return res.body as { id: number; owner: string };
  };

  it('serves reads and the landing page without a token, and whatever token a client sends along', async () => {
    const created = await create(await signed({ scope: NEW }));
    const expired = await signed({ scope: NEW, exp: Math.floor(Date.now() / 1000) - 60 });
    for (const headers of [{}, bearer(expired), bearer('garbage')]) {
      for (const path of ['/', '/api/1/composes/', `/api/1/composes/${created.id}`, '/api/1/about/', '/api/1/metrics/']) {
        const res = await t.request('GET', path, undefined, headers);
        expect(res.status, `${path}: ${res.text}`).toBe(200);
      }
    }
    expect((await t.request('GET', `/api/1/composes/${created.id}`)).body.owner).toBe('alice');
    expect((await t.request('GET', '/api/1/about/')).body).toMatchObject({
      auth_backend: 'openidc',
      allowed_clients: { users: { carol: {} }, groups: { packagers: {}, releng: {} } },
    });
  });

  it('makes the owner of a created compose the user of the token', async () => {
    const token = await loginToken('alice', ['openid', ...ODCS_SCOPES]);
    const created = await create(token);
    expect(created.owner).toBe('alice');
    const [row] = await sqlOf(t).query<{ owner: string }>('SELECT owner FROM composes WHERE id = $1', [created.id]);
    expect(row?.owner).toBe('alice');
    expect(await sqlOf(t).query('SELECT username FROM users WHERE username = $1', ['alice'])).toEqual([{ username: 'alice' }]);
  });

  it('answers 401 to writes without a token, and changes nothing', async () => {
    const existing = await create(await signed({ scope: NEW }));
    await forceState(sqlOf(t), existing.id, 'done');
    const message = 'Missing token passed to ODCS.';
    await expectRefused(t, () => t.request('POST', '/api/1/composes/', tagCompose()), 401, message);
    await expectRefused(t, () => t.request('PATCH', `/api/1/composes/${existing.id}`, {}), 401, message);
    await expectRefused(t, () => t.request('DELETE', `/api/1/composes/${existing.id}`), 401, message);
    // Credentials of another kind are not a token.
    await expectRefused(
      t,
      () => t.request('POST', '/api/1/composes/', tagCompose(), { Authorization: 'Basic YWxpY2U6eA==' }),
      401,
      message,
    );
    await expectRefused(t, () => t.request('POST', '/api/1/composes/', tagCompose(), { REMOTE_USER: 'alice' }), 401, message);
  });

  it('answers 401 to expired, forged, wrong-audience, wrong-issuer and unknown tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, string][] = [
      [await signed({ scope: NEW, exp: now - 60 }), 'Invalid OIDC access token: "exp" claim timestamp check failed.'],
      [await signed({ scope: NEW, aud: 'urn:someone-else' }), 'Invalid OIDC access token: unexpected "aud" claim value.'],
      [await signed({ scope: NEW, iss: 'https://evil.example.com' }), 'Invalid OIDC access token: unexpected "iss" claim value.'],
      [
        await forgeToken({ iss: op.issuer, aud: ODCS_RESOURCE, sub: 'alice', scope: NEW, exp: now + 300 }),
        'Invalid OIDC access token: signature verification failed.',
      ],
      ['no-such-token', 'The OIDC access token is not active (expired, revoked or unknown to the provider).'],
      [await signed({ scope: undefined }), 'Missing OIDC_CLAIM_scope.'],
    ];
    for (const [token, message] of cases) {
      await expectRefused(t, () => t.request('POST', '/api/1/composes/', tagCompose(), bearer(token)), 401, message);
    }
    const existing = await create(await signed({ scope: NEW }));
    const [expired] = cases[0]!;
    await expectRefused(t, () => t.request('DELETE', `/api/1/composes/${existing.id}`, undefined, bearer(expired)), 401, cases[0]![1]);
  });

  it('needs the scope of each write, answering 403 naming the missing one', async () => {
    const onlyNew = await loginToken('alice', ['openid', NEW]);
    const renewAndDelete = await loginToken('alice', ['openid', RENEW, DELETE]);
    const done = await create(onlyNew);
    await forceState(sqlOf(t), done.id, 'done');
    const waiting = await create(onlyNew);

    await expectRefused(
      t,
      () => t.request('POST', '/api/1/composes/', tagCompose(), bearer(renewAndDelete)),
      403,
      'Request does not have required scope new-compose',
    );
    await expectRefused(
      t,
      () => t.request('PATCH', `/api/1/composes/${done.id}`, {}, bearer(onlyNew)),
      403,
      'Request does not have required scope renew-compose',
    );
    await expectRefused(
      t,
      () => t.request('DELETE', `/api/1/composes/${waiting.id}`, undefined, bearer(onlyNew)),
      403,
      'Request does not have required scope delete-compose',
    );

    const renewed = await t.request('PATCH', `/api/1/composes/${done.id}`, { seconds_to_live: 600 }, bearer(renewAndDelete));
    expect(renewed.status, renewed.text).toBe(200);
    const cancelled = await t.request('DELETE', `/api/1/composes/${waiting.id}`, undefined, bearer(renewAndDelete));
    expect(cancelled.status, cancelled.text).toBe(202);
    expect((await t.request('GET', `/api/1/composes/${waiting.id}`)).body).toMatchObject({
      state_name: 'failed',
      state_reason: 'Canceled by alice',
    });
  });

  it('checks the scope before the allowed_clients role', async () => {
    const dave = (scope: string) => signed({ sub: 'dave', groups: ['outsiders'], scope });
    const post = (token: string) => () => t.request('POST', '/api/1/composes/', tagCompose(), bearer(token));
    await expectRefused(t, post(await dave(NEW)), 403, 'User dave is not in role allowed_clients.');
    await expectRefused(t, post(await dave(RENEW)), 403, 'Request does not have required scope new-compose');
  });

  it('makes admins of the groups userinfo reports', async () => {
    const done = await create(await signed({ scope: NEW }));
    await forceState(sqlOf(t), done.id, 'done');
    const alice = await loginToken('alice', ['openid', DELETE]);
    await expectRefused(
      t,
      () => t.request('DELETE', `/api/1/composes/${done.id}`, undefined, bearer(alice)),
      403,
      'User alice is not in role admins.',
    );
    const bob = await loginToken('bob', ['openid', 'groups', DELETE], false);
    const res = await t.request('DELETE', `/api/1/composes/${done.id}`, undefined, bearer(bob));
    expect(res.status, res.text).toBe(202);
    expect((await t.request('GET', `/api/1/composes/${done.id}`)).body.removed_by).toBe('bob');
  });

  it('admits users through the groups of the token, of userinfo, or their own entry', async () => {
    // alice: group "packagers" from the JWT's groups claim.
    expect((await create(await loginToken('alice', ['openid', NEW]))).owner).toBe('alice');
    // bob: an opaque token without groups; odcs asks userinfo, which says "releng".
    expect((await create(await loginToken('bob', ['openid', 'groups', NEW], false))).owner).toBe('bob');
    // carol: no groups, but a users entry.
    expect((await create(await loginToken('carol', ['openid', NEW]))).owner).toBe('carol');
    // bob with a JWT for odcs: userinfo refuses that token, so no groups and no role.
    const bobJwt = await loginToken('bob', ['openid', NEW]);
    await expectRefused(
      t,
      () => t.request('POST', '/api/1/composes/', tagCompose(), bearer(bobJwt)),
      403,
      'User bob is not in role allowed_clients.',
    );
    // dave: a group claim that no allowed_clients entry names.
    const daveJwt = await loginToken('dave', ['openid', NEW]);
    await expectRefused(
      t,
      () => t.request('POST', '/api/1/composes/', tagCompose(), bearer(daveJwt)),
      403,
      'User dave is not in role allowed_clients.',
    );
  });
});
