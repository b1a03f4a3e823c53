import { UnauthorizedException } from '@nestjs/common';
import type { Identity, RequestLike } from '../identity.js';
import { headerValue } from '../proxy/request-headers.js';
import type { TrustedProxies } from '../proxy/trusted-proxies.js';
import type { IdentityStrategy } from './identity-strategy.js';

export interface SslIdentityOptions {
  verifyHeader: string;
  dnHeader: string;
}

/**
 * ssl: a trusted TLS-terminating proxy checks the client certificate and passes the result
 * (SUCCESS) and the subject DN, which is the user name. "NONE" (no certificate offered, httpd's
 * SSLVerifyClient optional) counts as no credentials.
 */
export class SslIdentityStrategy implements IdentityStrategy {
  constructor(
    private readonly proxies: TrustedProxies,
    private readonly options: SslIdentityOptions,
  ) {}

  identify(req: RequestLike): Promise<Identity | null> {
    const verify = this.verifyResult(req);
    if (verify === undefined || verify === 'NONE') return Promise.resolve(null);
    if (verify !== 'SUCCESS') return Promise.reject(new UnauthorizedException(`Cannot verify client: ${verify}`));
    const dn = headerValue(req, this.options.dnHeader)?.trim();
    if (!dn) return Promise.reject(new UnauthorizedException('Unable to get user information (DN) from client certificate'));
    return Promise.resolve({ username: dn, groups: [], scopes: null });
  }

  missingCredentials(req: RequestLike): string {
    return `Cannot verify client: ${this.verifyResult(req) ?? 'None'}`;
  }

  private verifyResult(req: RequestLike): string | undefined {
    if (!this.proxies.isTrusted(req.socket.remoteAddress)) return undefined;
    return headerValue(req, this.options.verifyHeader)?.trim();
  }
}
