import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthModule, AuthService } from '@odcs/auth';
import { loadConfig, OdcsConfigModule, type OdcsConfig } from '@odcs/config';
import { aRequest, httpErrorOf } from '../../../libs/auth/src/testing/auth-test-helpers.js';
import { freeClosedPort } from '../../support/auth/free-port.js';
import { obtainAccessToken } from '../../support/auth/oidc-login-flow.js';
import {
  forgeToken,
  ODCS_RESOURCE,
  ODCS_SCOPES,
  startOidcProvider,
  type OidcProviderFixture,
} from '../../support/auth/oidc-provider.fixture.js';

const [NEW, RENEW, DELETE] = ODCS_SCOPES as [string, string, string];
const bearer = (token: string) => aRequest({ Authorization: `Bearer ${token}` }, '198.51.100.20');

describe('openidc backend against a real OpenID provider', () => {
  let op: OidcProviderFixture;
  let auth: AuthService;
  const services: { close(): Promise<void> }[] = [];

  async function authServiceFor(overrides: Partial<OdcsConfig>): Promise<AuthService> {
    const config = loadConfig(
      {},
      {
        auth_backend: 'openidc',
        auth_openidc_issuer: op.issuer,
        auth_openidc_audience: [ODCS_RESOURCE],
        auth_openidc_client_id: op.odcs.id,
        auth_openidc_client_secret: op.odcs.secret,
        allowed_clients: { users: {}, groups: { packagers: {} } },
        net_timeout: 5,
        ...overrides,
      },
    );
    const app = await Test.createTestingModule({ imports: [OdcsConfigModule.forRoot(config), AuthModule] }).compile();
    services.push(app);
    return app.get(AuthService);
  }

  const token = (user: string, scopes: string[], jwt: boolean) =>
    obtainAccessToken({ issuer: op.issuer, client: op.cli, user, scopes, jwt });
  const claims = (extra: Record<string, unknown> = {}) => ({
    iss: op.issuer,
    aud: ODCS_RESOURCE,
    sub: 'alice',
    scope: NEW,
    exp: Math.floor(Date.now() / 1000) + 300,
    ...extra,
  });

  beforeAll(async () => {
    op = await startOidcProvider({
      accounts: { alice: { groups: ['packagers'], groupsInToken: true }, bob: { groups: ['releng'], groupsInToken: false } },
    });
    auth = await authServiceFor({});
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.close()));
    await op?.stop();
  });

  describe('JWT access tokens', () => {
    it('authenticates the user with the groups and scopes of the token', async () => {
      const identity = await auth.authorize(bearer(await token('alice', ['openid', ...ODCS_SCOPES], true)), 'new-compose');
      expect(identity.username).toBe('alice');
      expect(identity.groups).toEqual(['packagers']);
      expect(identity.scopes?.sort()).toEqual([...ODCS_SCOPES].sort());
    });

    it('needs the scope of each action (403 naming it)', async () => {
      const onlyNew = bearer(await token('alice', ['openid', NEW], true));
      expect((await auth.authorize(onlyNew, 'new-compose')).username).toBe('alice');
      expect(await httpErrorOf(auth.authorize(onlyNew, 'renew-compose'))).toEqual({
        status: 403,
        message: 'Request does not have required scope renew-compose',
      });
      expect(await httpErrorOf(auth.authorize(onlyNew, 'delete-compose'))).toEqual({
        status: 403,
        message: 'Request does not have required scope delete-compose',
      });
      const renewAndDelete = bearer(await token('alice', ['openid', RENEW, DELETE], true));
      expect((await auth.authorize(renewAndDelete, 'delete-compose')).username).toBe('alice');
      expect(await httpErrorOf(auth.authorize(renewAndDelete, 'new-compose'))).toEqual({
        status: 403,
        message: 'Request does not have required scope new-compose',
      });
    });

    it('asks userinfo for groups the token lacks, and gets none when userinfo refuses the token', async () => {
      const bob = bearer(await token('bob', ['openid', 'groups', NEW], true));
      expect(await auth.identify(bob)).toEqual({ username: 'bob', groups: [], scopes: [NEW] });
      expect(await httpErrorOf(auth.authorize(bob, 'new-compose'))).toEqual({
        status: 403,
        message: 'User bob is not in role allowed_clients.',
      });
    });

    it('refuses expired, wrong-audience, wrong-issuer and forged tokens with 401', async () => {
      const cases: [string, string][] = [
        [await op.signAsProvider(claims({ exp: Math.floor(Date.now() / 1000) - 60 })), '"exp" claim timestamp check failed'],
        [await op.signAsProvider(claims({ aud: 'urn:someone-else' })), 'unexpected "aud" claim value'],
        [await op.signAsProvider(claims({ iss: 'https://evil.example.com' })), 'unexpected "iss" claim value'],
        [await op.signAsProvider(claims({ exp: undefined })), 'missing required "exp" claim'],
        [await forgeToken(claims()), 'signature verification failed'],
      ];
      for (const [jwt, reason] of cases) {
        expect(await httpErrorOf(auth.identify(bearer(jwt)))).toEqual({ status: 401, message: `Invalid OIDC access token: ${reason}.` });
      }
      expect((await auth.identify(bearer(await op.signAsProvider(claims()))))?.username).toBe('alice');
    });

    it('refuses tokens without scopes or without the required scopes (CONTRACT §7.1 messages)', async () => {
      expect(await httpErrorOf(auth.identify(bearer(await op.signAsProvider(claims({ scope: undefined })))))).toEqual({
        status: 401,
        message: 'Missing OIDC_CLAIM_scope.',
      });
      const strict = await authServiceFor({ auth_openidc_required_scopes: [NEW, 'https://id.fedoraproject.org/scope/groups'] });
      expect(await httpErrorOf(strict.identify(bearer(await op.signAsProvider(claims({ scope: `${NEW} ${RENEW}` })))))).toEqual({
        status: 401,
        message: 'Required OIDC scope https://id.fedoraproject.org/scope/groups not present.',
      });
    });

    it('takes the user name from the configured claim', async () => {
      const byName = await authServiceFor({ auth_openidc_username_claim: 'preferred_username' });
      const jwt = await op.signAsProvider(claims({ preferred_username: 'alice.smith' }));
      expect((await byName.identify(bearer(jwt)))?.username).toBe('alice.smith');
      expect(await httpErrorOf(byName.identify(bearer(await op.signAsProvider(claims()))))).toEqual({
        status: 401,
        message: 'The OIDC access token has no "preferred_username" claim to take the user name from.',
      });
    });
  });

  describe('opaque access tokens (introspection)', () => {
    it('authenticates through introspection, with groups from the introspection answer', async () => {
      const identity = await auth.authorize(bearer(await token('alice', ['openid', 'groups', NEW], false)), 'new-compose');
      expect(identity).toEqual({ username: 'alice', groups: ['packagers'], scopes: expect.arrayContaining(['openid', NEW]) as string[] });
    });

    it('takes groups from userinfo when the token carries none', async () => {
      expect((await auth.identify(bearer(await token('bob', ['openid', 'groups', NEW], false))))?.groups).toEqual(['releng']);
    });

    it('gives no groups when userinfo answers non-200 (no openid scope)', async () => {
      expect(await auth.identify(bearer(await token('bob', ['groups', NEW], false)))).toEqual({
        username: 'bob',
        groups: [],
        scopes: ['groups', NEW],
      });
    });

    it('refuses unknown and revoked tokens with 401', async () => {
      const inactive = { status: 401, message: 'The OIDC access token is not active (expired, revoked or unknown to the provider).' };
      expect(await httpErrorOf(auth.identify(bearer('no-such-token')))).toEqual(inactive);
      const opaque = await token('alice', ['openid', NEW], false);
      expect((await auth.identify(bearer(opaque)))?.username).toBe('alice');
      const revoked = await fetch(new URL('/token/revocation', op.issuer), {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${op.cli.id}:${op.cli.secret}`).toString('base64')}` },
        body: new URLSearchParams({ token: opaque }),
      });
      expect(revoked.status).toBe(200);
      expect(await httpErrorOf(auth.identify(bearer(opaque)))).toEqual(inactive);
    });

    it('refuses opaque tokens when only JWT verification is configured', async () => {
      const jwtOnly = await authServiceFor({ auth_openidc_client_id: '', auth_openidc_client_secret: '' });
      expect(await httpErrorOf(jwtOnly.identify(bearer(await token('alice', ['openid', NEW], false))))).toEqual({
        status: 401,
        message: 'The OIDC access token is not a JWT for this service and cannot be introspected without a client secret.',
      });
    });

    it('introspects JWTs too when no audience is configured', async () => {
      const introspectOnly = await authServiceFor({ auth_openidc_audience: [] });
      expect((await introspectOnly.identify(bearer(await token('alice', ['openid', NEW], false))))?.username).toBe('alice');
      expect(await httpErrorOf(introspectOnly.identify(bearer(await op.signAsProvider(claims()))))).toEqual({
        status: 401,
        message:
          'The OpenID provider refused to introspect the OIDC access token: Structured JWT Tokens cannot be introspected via the introspection_endpoint.',
      });
    });
  });

  it('answers 401 "Missing token passed to ODCS." to a write without a token, and treats reads as anonymous', async () => {
    expect(await auth.identify(aRequest())).toBeNull();
    expect(await auth.identify(aRequest({ Authorization: 'Basic YWxpY2U6eA==' }))).toBeNull();
    expect(await httpErrorOf(auth.authorize(aRequest(), 'new-compose'))).toEqual({ status: 401, message: 'Missing token passed to ODCS.' });
  });

  it('answers 503 naming the provider when it cannot be reached', async () => {
    const port = await freeClosedPort();
    const down = await authServiceFor({ auth_openidc_issuer: `http://127.0.0.1:${port}` });
    const failure = await httpErrorOf(down.identify(bearer(await op.signAsProvider(claims()))));
    expect(failure.status).toBe(503);
    expect(failure.message).toContain(`The OpenID provider at http://127.0.0.1:${port}/.well-known/openid-configuration is unreachable`);
  });

  it('openidc_or_kerberos takes a bearer token first, else the Kerberos principal of a trusted proxy', async () => {
    const either = await authServiceFor({
      auth_backend: 'openidc_or_kerberos',
      auth_ldap_server: `ldap://127.0.0.1:${await freeClosedPort()}`,
      auth_ldap_group_base: 'ou=groups,dc=odcs,dc=test',
    });
    const jwt = await op.signAsProvider(claims());
    expect((await either.identify(aRequest({ Authorization: `Bearer ${jwt}`, REMOTE_USER: 'carol@EXAMPLE.COM' })))?.username).toBe('alice');
    expect(await either.authorize(aRequest({ REMOTE_USER: 'carol@EXAMPLE.COM' }), 'delete-compose')).toEqual({
      username: 'carol',
      groups: [],
      scopes: null,
    });
    expect(await httpErrorOf(either.authorize(aRequest({}), 'delete-compose'))).toEqual({
      status: 401,
      message: 'REMOTE_USER is not present in request.',
    });
  });
});
