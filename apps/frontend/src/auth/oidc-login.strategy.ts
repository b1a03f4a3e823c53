import { UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Identity, OidcProviderClient } from '@odcs/auth';
import { jwtVerify } from 'jose';
import { Strategy, type StrategyOptions } from 'passport-openidconnect';

export interface OidcLoginClaims {
  clientId: string;
  usernameClaim: string;
  groupsClaim: string;
  requiredScopes: readonly string[];
  /** Scopes asked for, used when the token response does not repeat them (RFC 6749 §5.1). */
  requestedScopes: readonly string[];
}

/**
 * Browser login through the provider's authorization code flow (passport-openidconnect, strategy
 * "oidc"). Arity 9 makes passport-openidconnect load userinfo; it does not check the ID token's
 * signature, so validate() does, against the provider's JWKS.
 */
export class OidcLoginStrategy extends PassportStrategy(Strategy, 'oidc', 9) {
  constructor(
    options: StrategyOptions,
    private readonly provider: OidcProviderClient,
    private readonly claims: OidcLoginClaims,
  ) {
    super(options);
  }

  async validate(
    issuer: string,
    uiProfile: { _json?: Record<string, unknown> } | undefined,
    _idProfile: unknown,
    _context: unknown,
    idToken: string,
    _accessToken: string,
    _refreshToken: string,
    params: { scope?: unknown },
  ): Promise<Identity> {
    const idClaims = await this.verifyIdToken(idToken, issuer);
    const claims = { ...idClaims, ...(uiProfile?._json ?? {}) };
    const username = claims[this.claims.usernameClaim];
    if (typeof username !== 'string' || username === '') {
      throw new UnauthorizedException(
        `Login failed: the provider gave no "${this.claims.usernameClaim}" claim to take the user name from.`,
      );
    }
    const groupsValue = claims[this.claims.groupsClaim];
    const groups = Array.isArray(groupsValue) ? groupsValue.filter((g): g is string => typeof g === 'string') : [];
    const scopes = typeof params.scope === 'string' ? params.scope.split(/\s+/).filter((s) => s !== '') : [...this.claims.requestedScopes];
    const missing = this.claims.requiredScopes.find((s) => !scopes.includes(s));
    if (missing !== undefined) throw new UnauthorizedException(`Required OIDC scope ${missing} not present.`);
    return { username, groups, scopes };
  }

  private async verifyIdToken(idToken: string, issuer: string): Promise<Record<string, unknown>> {
    const discovered = await this.provider.discovery();
    if (issuer !== discovered.issuer)
      throw new UnauthorizedException(`Login failed: the ID token comes from ${issuer}, not ${discovered.issuer}.`);
    try {
      const { payload } = await jwtVerify(idToken, await this.provider.jwks(), {
        issuer: discovered.issuer,
        audience: this.claims.clientId,
      });
      return payload;
    } catch (e) {
      throw new UnauthorizedException(`Login failed: the ID token is not valid: ${(e as Error).message}.`);
    }
  }
}
