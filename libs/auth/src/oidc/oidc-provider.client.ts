import { Logger, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';

export interface OidcProviderOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  clientAuthMethod: 'client_secret_basic' | 'client_secret_post';
  /** Overrides of the discovered endpoints ('' = discovered). */
  introspectionUri: string;
  userinfoUri: string;
  timeoutMs: number;
}

/** The parts of the provider's discovery document odcs uses. */
export interface OidcDiscovery {
  issuer: string;
  jwks_uri: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint?: string;
  introspection_endpoint?: string;
  end_session_endpoint?: string;
}

export type Claims = Record<string, unknown>;

/** Every HTTP call odcs makes to the OpenID provider: discovery, JWKS, introspection, userinfo. */
export class OidcProviderClient {
  private readonly logger = new Logger(OidcProviderClient.name);
  private discovered?: Promise<OidcDiscovery>;
  private keys?: JWTVerifyGetKey;

  constructor(readonly options: OidcProviderOptions) {}

  /** True when opaque tokens can be introspected (RFC 7662 needs client credentials). */
  get canIntrospect(): boolean {
    return this.options.clientId !== '' && this.options.clientSecret !== '';
  }

  /** The discovery document, fetched once (a failed fetch is retried on the next call). */
  discovery(): Promise<OidcDiscovery> {
    this.discovered ??= this.fetchDiscovery().catch((e: unknown) => {
      this.discovered = undefined;
      throw e;
    });
    return this.discovered;
  }

  async jwks(): Promise<JWTVerifyGetKey> {
    if (!this.keys) {
      const { jwks_uri } = await this.discovery();
      this.keys = createRemoteJWKSet(new URL(jwks_uri), { timeoutDuration: this.options.timeoutMs });
    }
    return this.keys;
  }

  /** RFC 7662 introspection with client_secret_basic. */
  async introspect(token: string): Promise<Claims> {
    const url = this.options.introspectionUri || (await this.discovery()).introspection_endpoint;
    if (!url) {
      throw new ServiceUnavailableException('The OpenID provider has no introspection endpoint; set auth_openidc_introspection_uri.');
    }
    const form = new URLSearchParams({ token, token_type_hint: 'access_token' });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (this.options.clientAuthMethod === 'client_secret_post') {
      form.set('client_id', this.options.clientId);
      form.set('client_secret', this.options.clientSecret);
    } else {
      const basic = `${encodeURIComponent(this.options.clientId)}:${encodeURIComponent(this.options.clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
    }
    const res = await this.call(url, { method: 'POST', headers, body: form.toString() });
    if (res.status === 400) {
      // The provider will not introspect this token (oidc-provider: structured JWTs); it is not good here.
      throw new UnauthorizedException(`The OpenID provider refused to introspect the OIDC access token: ${await errorText(res)}.`);
    }
    if (res.status !== 200) {
      const hint = res.status === 401 ? ' (check auth_openidc_client_id and auth_openidc_client_secret)' : '';
      throw new ServiceUnavailableException(`Token introspection at ${url} answered HTTP ${res.status}${hint}.`);
    }
    return asClaims(await res.json(), url);
  }

  /** Userinfo claims for the token, or null when the endpoint is unknown, unreachable or answers non-200. */
  async userinfo(token: string): Promise<Claims | null> {
    try {
      const url = this.options.userinfoUri || (await this.discovery()).userinfo_endpoint;
      if (!url) return null;
      const res = await this.call(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
      if (res.status !== 200) return null;
      return asClaims(await res.json(), url);
    } catch (e) {
      this.logger.warn(`Userinfo not available: ${(e as Error).message}`);
      return null;
    }
  }

  private async fetchDiscovery(): Promise<OidcDiscovery> {
    const url = `${this.options.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const res = await this.call(url, { headers: { accept: 'application/json' } });
    if (res.status !== 200) throw new ServiceUnavailableException(`OpenID discovery at ${url} answered HTTP ${res.status}.`);
    const doc = asClaims(await res.json(), url);
    for (const key of ['issuer', 'jwks_uri', 'authorization_endpoint', 'token_endpoint']) {
      if (typeof doc[key] !== 'string') throw new ServiceUnavailableException(`OpenID discovery at ${url} has no "${key}".`);
    }
    return doc as unknown as OidcDiscovery;
  }

  private async call(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (e) {
      const reason = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
      throw new ServiceUnavailableException(`The OpenID provider at ${url} is unreachable: ${reason}.`);
    }
  }
}

function asClaims(body: unknown, url: string): Claims {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ServiceUnavailableException(`${url} did not answer a JSON object.`);
  }
  return body as Claims;
}

/** error_description (or error) of an OAuth error answer, else the HTTP status. */
async function errorText(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: unknown; error_description?: unknown } | null;
  const text = body?.error_description ?? body?.error;
  return typeof text === 'string' && text !== '' ? text : `HTTP ${res.status}`;
}
