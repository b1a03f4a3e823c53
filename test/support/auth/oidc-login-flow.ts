import { CookieJar, redirectTarget } from './cookie-jar.js';
import { ODCS_RESOURCE, type OidcClientRegistration } from './oidc-provider.fixture.js';

/**
 * Completes the provider's dev login and consent pages for a login that starts at `url` (an
 * authorization request, or an app route that redirects to one). Returns the URL the provider
 * finally redirects the browser to: the client's redirect URI with code and state.
 */
export async function loginAtProvider(jar: CookieJar, url: string, user: string, issuer: string): Promise<string> {
  let next = url;
  for (let hop = 0; hop < 20; hop++) {
    const target = new URL(next);
    if (target.origin === issuer && /^\/interaction\/[^/]+$/.test(target.pathname)) {
      const page = await jar.fetch(next);
      const html = await page.text();
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      if (prompt !== 'login' && prompt !== 'consent') throw new Error(`unexpected interaction page at ${next}: ${html.slice(0, 200)}`);
      const form: Record<string, string> = prompt === 'login' ? { prompt, login: user, password: 'any' } : { prompt };
      const res = await jar.fetch(next, { method: 'POST', body: new URLSearchParams(form) });
      next = redirectTarget(res, next);
      continue;
    }
    if (target.origin !== issuer && hop > 0) return next;
    const res = await jar.fetch(next);
    next = redirectTarget(res, next);
  }
  throw new Error(`login starting at ${url} did not finish within 20 redirects`);
}

export interface TokenRequest {
  issuer: string;
  client: OidcClientRegistration;
  user: string;
  scopes: string[];
  /** true: a JWT access token for the odcs resource; false: an opaque token (userinfo audience). */
  jwt: boolean;
}

/** An access token obtained the way a user's tool would: authorization code flow with the dev login. */
export async function obtainAccessToken(req: TokenRequest): Promise<string> {
  const redirectUri = req.client.redirectUris[0] ?? '';
  const authorize = new URL('/auth', req.issuer);
  authorize.search = new URLSearchParams({
    client_id: req.client.id,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: req.scopes.join(' '),
    state: 'test-state',
    ...(req.jwt ? { resource: ODCS_RESOURCE } : {}),
  }).toString();
  const callback = new URL(await loginAtProvider(new CookieJar(), authorize.toString(), req.user, req.issuer));
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code in ${callback.toString()}`);
  const res = await fetch(new URL('/token', req.issuer), {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${req.client.id}:${req.client.secret}`).toString('base64')}` },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      ...(req.jwt ? { resource: ODCS_RESOURCE } : {}),
    }),
  });
  const body = (await res.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`token endpoint answered ${res.status}: ${JSON.stringify(body)}`);
  return body.access_token;
}
