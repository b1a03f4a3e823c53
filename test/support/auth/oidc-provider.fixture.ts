import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import Provider, { errors } from 'oidc-provider';

export const ODCS_RESOURCE = 'urn:odcs:api';
export const ODCS_SCOPES = ['new-compose', 'renew-compose', 'delete-compose'].map((s) => `https://pagure.io/odcs/${s}`);
export const SIGNING_KID = 'odcs-test-key';

export interface TestAccount {
  groups: string[];
  /** Whether access tokens (JWT and introspection) carry the groups claim; userinfo always does. */
  groupsInToken: boolean;
}

export interface OidcClientRegistration {
  id: string;
  secret: string;
  redirectUris: string[];
}

/** A real OpenID provider (oidc-provider) on 127.0.0.1 with the dev login pages enabled. */
export interface OidcProviderFixture {
  issuer: string;
  /** Confidential client that plays odcs (introspection, browser login). */
  odcs: OidcClientRegistration;
  /** Confidential client that plays a user's command-line tool getting tokens. */
  cli: OidcClientRegistration;
  /** Signs claims with the provider's own signing key, as the provider would (for expiry, issuer and audience cases). */
  signAsProvider(claims: JWTPayload): Promise<string>;
  /**
   * An access token for odcs signed as the provider: alice in packagers, for ODCS_RESOURCE, valid
   * 5 minutes, with `claims` on top (an undefined value leaves that claim out).
   */
  signAccessToken(claims?: JWTPayload): Promise<string>;
  stop(): Promise<void>;
}

export interface OidcProviderFixtureOptions {
  accounts: Record<string, TestAccount>;
  /** Redirect URIs of the odcs client (the browser login callback). */
  odcsRedirectUris?: string[];
  /** How the odcs client authenticates at the token and introspection endpoints (default client_secret_basic). */
  odcsAuthMethod?: 'client_secret_basic' | 'client_secret_post';
}

export async function startOidcProvider(options: OidcProviderFixtureOptions): Promise<OidcProviderFixture> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: SIGNING_KID, alg: 'RS256', use: 'sig' };
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const odcs = {
    id: 'odcs',
    secret: 'odcs-client-secret-for-tests',
    redirectUris: options.odcsRedirectUris ?? ['http://127.0.0.1/unused'],
  };
  const cli = { id: 'odcs-cli', secret: 'cli-client-secret-for-tests', redirectUris: ['http://127.0.0.1/cli-callback'] };
  const account = (id: string): TestAccount | undefined => (Object.hasOwn(options.accounts, id) ? options.accounts[id] : undefined);

  const provider = new Provider(issuer, {
    clients: [odcs, cli].map((c) => ({
      client_id: c.id,
      client_secret: c.secret,
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: c === odcs ? (options.odcsAuthMethod ?? 'client_secret_basic') : 'client_secret_basic',
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: ['odcs-test-cookie-key'] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    claims: { openid: ['sub'], groups: ['groups'], profile: ['name'] },
    scopes: ['openid', 'groups', 'profile', ...ODCS_SCOPES],
    findAccount: (_ctx, id) => {
      const found = account(id);
      if (!found) return undefined;
      return { accountId: id, claims: () => ({ sub: id, groups: found.groups, name: `Test user ${id}` }) };
    },
    extraTokenClaims: (_ctx, token) => {
      const found = 'accountId' in token && typeof token.accountId === 'string' ? account(token.accountId) : undefined;
      return found?.groupsInToken ? { groups: found.groups } : undefined;
    },
    features: {
      devInteractions: { enabled: true },
      introspection: { enabled: true, allowedPolicy: () => true },
      revocation: { enabled: true, allowedPolicy: () => true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, _client, oneOf) => oneOf ?? undefined,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== ODCS_RESOURCE) throw new errors.InvalidTarget();
          return { scope: ODCS_SCOPES.join(' '), audience: ODCS_RESOURCE, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
  });
  server.on('request', provider.callback());

  return {
    issuer,
    odcs,
    cli,
    signAsProvider: (claims) => signWith(privateKey, claims),
    signAccessToken: (claims = {}) =>
      signWith(privateKey, {
        iss: issuer,
        aud: ODCS_RESOURCE,
        sub: 'alice',
        groups: ['packagers'],
        exp: Math.floor(Date.now() / 1000) + 300,
        ...claims,
      }),
    stop: () => stopServer(server),
  };
}

function signWith(key: CryptoKey, claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: SIGNING_KID, typ: 'at+jwt' }).sign(key);
}

/** Signs claims with a key the provider never published, under the provider's key id. */
export async function forgeToken(claims: JWTPayload): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  return signWith(privateKey, claims);
}

function stopServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
}
