import type { Identity, RequestLike } from '../identity.js';

/** One way of telling who sent a request (one auth backend, or a combination). */
export interface IdentityStrategy {
  /**
   * The identity the request proves; null when it carries no credentials of this kind (an
   * anonymous caller). Throws UnauthorizedException when it carries credentials that are not good.
   */
  identify(req: RequestLike): Promise<Identity | null>;
  /** Text of the 401 answered to a write request that carries no credentials (CONTRACT §7.1). */
  missingCredentials(req: RequestLike): string;
}

export const IDENTITY_STRATEGY = Symbol('IDENTITY_STRATEGY');

/** noauth: everybody is "unknown" (Decision 14). */
export class NoAuthIdentityStrategy implements IdentityStrategy {
  identify(): Promise<Identity> {
    return Promise.resolve({ username: 'unknown', groups: [], scopes: null });
  }
  missingCredentials(): string {
    return 'Authentication is disabled (noauth).';
  }
}

/** Tries each strategy in turn; the first that finds credentials decides. */
export class FirstMatchIdentityStrategy implements IdentityStrategy {
  constructor(private readonly strategies: readonly [IdentityStrategy, ...IdentityStrategy[]]) {}

  async identify(req: RequestLike): Promise<Identity | null> {
    for (const strategy of this.strategies) {
      const identity = await strategy.identify(req);
      if (identity) return identity;
    }
    return null;
  }

  /** The last strategy is the fallback, so its message tells what is missing (upstream kerberos_or_ssl → ssl). */
  missingCredentials(req: RequestLike): string {
    return this.strategies[this.strategies.length - 1]!.missingCredentials(req);
  }
}
