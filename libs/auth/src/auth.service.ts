import { ForbiddenException, type HttpException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { ODCS_CONFIG, type AllowedClients, type AuthBackend, type OdcsConfig } from '@odcs/config';
import type { ComposeAction, Identity, PermissionInput, RequestLike } from './identity.js';
import { findPermissionErrors, permissionDefaults, type PermissionDefaults } from './permissions/permission-check.js';
import { isAdminOf, isAllowedClient } from './permissions/roles.js';
import { IDENTITY_STRATEGY, type IdentityStrategy } from './strategies/identity-strategy.js';

/** The auth part of GET /api/1/about/ (CONTRACT §1.6). */
export interface AuthAboutInfo {
  auth_backend: AuthBackend;
  /** Left out when about_hide_permissions is set. */
  allowed_clients?: AllowedClients;
}

/** Which write requests the caller would pass the login, scope and role checks of (GET /api/1/whoami/). */
export interface CallerRights {
  new_compose: boolean;
  renew_compose: boolean;
  /** Cancel own waiting or generating composes; admins also others' and remove finished ones. */
  delete_compose: boolean;
}

const ACTIONS: Record<keyof CallerRights, ComposeAction> = {
  new_compose: 'new-compose',
  renew_compose: 'renew-compose',
  delete_compose: 'delete-compose',
};

/**
 * Resolves identities and answers permission questions (CONTRACT §7). Errors are Nest HTTP
 * exceptions (401/403) whose message is the contract's text.
 */
@Injectable()
export class AuthService {
  private readonly defaults: PermissionDefaults;

  constructor(
    @Inject(ODCS_CONFIG) private readonly config: OdcsConfig,
    @Inject(IDENTITY_STRATEGY) private readonly strategy: IdentityStrategy,
  ) {
    this.defaults = permissionDefaults(config);
  }

  private get noauth(): boolean {
    return this.config.auth_backend === 'noauth';
  }

  /**
   * The caller's identity, or null for an anonymous caller (no credentials). Under noauth the
   * caller is "unknown". Throws UnauthorizedException when credentials are present but bad.
   */
  identify(req: RequestLike): Promise<Identity | null> {
    return this.strategy.identify(req);
  }

  /** Login, scope and (for new/renew) allowed_clients role checks, in the contract's order (§7.2). */
  async authorize(req: RequestLike, action: ComposeAction): Promise<Identity> {
    const identity = await this.identify(req);
    if (!identity) throw new UnauthorizedException(this.strategy.missingCredentials(req));
    const refused = this.refusal(identity, action);
    if (refused) throw refused;
    return identity;
  }

  /** What authorize() would answer for each action, for a caller already identified (null: anonymous). */
  rights(identity: Identity | null): CallerRights {
    const rights = {} as CallerRights;
    for (const [key, action] of Object.entries(ACTIONS) as [keyof CallerRights, ComposeAction][]) {
      rights[key] = identity !== null && this.refusal(identity, action) === null;
    }
    return rights;
  }

  private refusal(identity: Identity, action: ComposeAction): HttpException | null {
    if (this.noauth) return null;
    // Only token-based identities have scopes (openidc); other backends have no scope check.
    if (identity.scopes !== null && !identity.scopes.includes(`${this.config.oidc_base_namespace}${action}`)) {
      return new ForbiddenException(`Request does not have required scope ${action}`);
    }
    if (action !== 'delete-compose' && !isAllowedClient(identity, this.config.allowed_clients)) {
      return new ForbiddenException(`User ${identity.username} is not in role allowed_clients.`);
    }
    return null;
  }

  /** Admin role; under noauth everybody is admin. */
  isAdmin(identity: Identity): boolean {
    return this.noauth || isAdminOf(identity, this.config.admins);
  }

  /** Fine-grained permission check (CONTRACT §7.3, Decision 6); a no-op under noauth. */
  assertInputAllowed(identity: Identity, input: PermissionInput): void {
    if (this.noauth) return;
    const errors = findPermissionErrors(identity, input, this.config.allowed_clients, this.defaults);
    if (errors.length > 0) throw new ForbiddenException(errors.join(' '));
  }

  /** auth_backend and allowed_clients for /api/1/about/; allowed_clients is left out when about_hide_permissions is set. */
  aboutInfo(): AuthAboutInfo {
    if (this.config.about_hide_permissions) return { auth_backend: this.config.auth_backend };
    return { auth_backend: this.config.auth_backend, allowed_clients: this.config.allowed_clients };
  }
}
