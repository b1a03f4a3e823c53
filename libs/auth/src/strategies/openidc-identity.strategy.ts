import { UnauthorizedException } from '@nestjs/common';
import type { Identity, RequestLike } from '../identity.js';
import type { Claims, OidcProviderClient } from '../oidc/oidc-provider.client.js';
import type { OidcTokenVerifier } from '../oidc/oidc-token-verifier.js';
import { headerValue } from '../proxy/request-headers.js';
import type { IdentityStrategy } from './identity-strategy.js';

export interface OpenIdcIdentityOptions {
  usernameClaim: string;
  groupsClaim: string;
  requiredScopes: readonly string[];
}

/**
 * openidc: "Authorization: Bearer <access token>". The user name and groups come from claims of
 * the token (or its introspection); groups the token does not carry come from userinfo, as in
 * upstream (non-200: no groups). Scopes come from the token's "scope".
 */
export class OpenIdcIdentityStrategy implements IdentityStrategy {
  constructor(
    private readonly verifier: OidcTokenVerifier,
    private readonly provider: OidcProviderClient,
    private readonly options: OpenIdcIdentityOptions,
  ) {}

  async identify(req: RequestLike): Promise<Identity | null> {
    const token = bearerToken(req);
    if (token === undefined) return null;
    const { claims } = await this.verifier.verify(token);
    const username = claims[this.options.usernameClaim];
    if (typeof username !== 'string' || username === '') {
      throw new UnauthorizedException(`The OIDC access token has no "${this.options.usernameClaim}" claim to take the user name from.`);
    }
    const scopes = scopesOf(claims);
    if (scopes.length === 0) throw new UnauthorizedException('Missing OIDC_CLAIM_scope.');
    const missing = this.options.requiredScopes.find((s) => !scopes.includes(s));
    if (missing !== undefined) throw new UnauthorizedException(`Required OIDC scope ${missing} not present.`);
    return { username, groups: await this.groupsOf(claims, token), scopes };
  }

  missingCredentials(): string {
    return 'Missing token passed to ODCS.';
  }

  private async groupsOf(claims: Claims, token: string): Promise<string[]> {
    const own = stringList(claims[this.options.groupsClaim]);
    if (own !== null) return own;
    const userinfo = await this.provider.userinfo(token);
    return (userinfo && stringList(userinfo[this.options.groupsClaim])) ?? [];
  }
}

function bearerToken(req: RequestLike): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(headerValue(req, 'authorization') ?? '');
  return m?.[1];
}

/** "scope" as a space-separated string (RFC 9068, RFC 7662) or a list ("scp" of some providers). */
function scopesOf(claims: Claims): string[] {
  const raw = claims.scope ?? claims.scp;
  if (typeof raw === 'string') return raw.split(/\s+/).filter((s) => s !== '');
  return stringList(raw) ?? [];
}

function stringList(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  return value.filter((v): v is string => typeof v === 'string');
}
