import type { Identity, RequestLike } from '../identity.js';
import { headerValue } from '../proxy/request-headers.js';
import type { TrustedProxies } from '../proxy/trusted-proxies.js';
import type { IdentityStrategy } from './identity-strategy.js';

export interface HeaderIdentityOptions {
  userHeader: string;
  /** Header with comma-separated groups; '' for none. */
  groupsHeader: string;
}

/** header (odcs extra): the user name, and optionally groups, set by a trusted front proxy. */
export class HeaderIdentityStrategy implements IdentityStrategy {
  constructor(
    private readonly proxies: TrustedProxies,
    private readonly options: HeaderIdentityOptions,
  ) {}

  identify(req: RequestLike): Promise<Identity | null> {
    if (!this.proxies.isTrusted(req.socket.remoteAddress)) return Promise.resolve(null);
    const username = headerValue(req, this.options.userHeader)?.trim();
    if (!username) return Promise.resolve(null);
    const groupsText = this.options.groupsHeader === '' ? undefined : headerValue(req, this.options.groupsHeader);
    const groups = (groupsText ?? '')
      .split(',')
      .map((g) => g.trim())
      .filter((g) => g !== '');
    return Promise.resolve({ username, groups, scopes: null });
  }

  missingCredentials(): string {
    return `${this.options.userHeader} is not present in request.`;
  }
}
