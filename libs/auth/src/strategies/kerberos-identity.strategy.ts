import { UnauthorizedException } from '@nestjs/common';
import type { GroupDirectory } from '../groups/group-directory.port.js';
import type { Identity, RequestLike } from '../identity.js';
import { headerValue } from '../proxy/request-headers.js';
import type { TrustedProxies } from '../proxy/trusted-proxies.js';
import type { IdentityStrategy } from './identity-strategy.js';

/**
 * kerberos: a trusted proxy that did the SPNEGO exchange (httpd mod_auth_gssapi) passes the
 * principal user@REALM in the user header; the user name is the part before "@", groups come
 * from the directory.
 */
export class KerberosIdentityStrategy implements IdentityStrategy {
  constructor(
    private readonly proxies: TrustedProxies,
    private readonly userHeader: string,
    private readonly directory: GroupDirectory,
  ) {}

  async identify(req: RequestLike): Promise<Identity | null> {
    if (!this.proxies.isTrusted(req.socket.remoteAddress)) return null;
    const principal = headerValue(req, this.userHeader)?.trim();
    if (!principal) return null;
    const parts = principal.split('@');
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      throw new UnauthorizedException(`${this.userHeader} "${principal}" is not a Kerberos principal of the form user@REALM.`);
    }
    const username = parts[0];
    return { username, groups: await this.directory.groupsOf(username), scopes: null };
  }

  /** The contract's text (§7.1), whichever header the proxy uses for the principal. */
  missingCredentials(): string {
    return 'REMOTE_USER is not present in request.';
  }
}
