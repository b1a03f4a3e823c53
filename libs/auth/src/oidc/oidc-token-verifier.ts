import { ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { Claims, OidcProviderClient } from './oidc-provider.client.js';

/** Codes of jose errors that mean "this token is not good" (anything else: the provider is the problem). */
const BAD_TOKEN_CODES = new Set([
  errors.JWTExpired.code,
  errors.JWTClaimValidationFailed.code,
  errors.JWSSignatureVerificationFailed.code,
  errors.JWKSNoMatchingKey.code,
  errors.JWKSMultipleMatchingKeys.code,
  errors.JWSInvalid.code,
  errors.JWTInvalid.code,
  errors.JOSEAlgNotAllowed.code,
  errors.JOSENotSupported.code,
]);

export interface VerifiedToken {
  claims: Claims;
  /** How the token was checked: signature (JWT) or asking the provider. */
  via: 'jwt' | 'introspection';
}

/**
 * Checks a bearer access token: a JWT is verified locally against the provider's JWKS (signature,
 * issuer, audience, expiry) when audiences are configured; any other token is introspected.
 */
export class OidcTokenVerifier {
  constructor(
    private readonly provider: OidcProviderClient,
    private readonly audiences: readonly string[],
  ) {}

  async verify(token: string): Promise<VerifiedToken> {
    if (this.audiences.length > 0 && looksLikeJws(token)) return { claims: await this.verifyJwt(token), via: 'jwt' };
    if (!this.provider.canIntrospect) {
      throw new UnauthorizedException(
        'The OIDC access token is not a JWT for this service and cannot be introspected without a client secret.',
      );
    }
    const claims = await this.provider.introspect(token);
    if (claims.active !== true)
      throw new UnauthorizedException('The OIDC access token is not active (expired, revoked or unknown to the provider).');
    return { claims, via: 'introspection' };
  }

  private async verifyJwt(token: string): Promise<Claims> {
    const { issuer } = await this.provider.discovery();
    try {
      const { payload } = await jwtVerify(token, await this.provider.jwks(), {
        issuer,
        audience: [...this.audiences],
        requiredClaims: ['exp'],
      });
      return payload;
    } catch (e) {
      if (e instanceof errors.JOSEError && BAD_TOKEN_CODES.has(e.code)) {
        throw new UnauthorizedException(`Invalid OIDC access token: ${e.message}.`);
      }
      throw new ServiceUnavailableException(`Cannot verify the OIDC access token with the provider's keys: ${(e as Error).message}.`);
    }
  }
}

function looksLikeJws(token: string): boolean {
  if (token.split('.').length !== 3) return false;
  try {
    return typeof decodeProtectedHeader(token).alg === 'string';
  } catch {
    return false;
  }
}
