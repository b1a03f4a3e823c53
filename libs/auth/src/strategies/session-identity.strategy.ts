import type { Identity, RequestLike } from '../identity.js';
import { headerValue } from '../proxy/request-headers.js';
import type { LoginSession } from '../session/login-session.js';
import type { IdentityStrategy } from './identity-strategy.js';

/** Header a browser script must send for its session cookie to count (see below). */
export const SESSION_REQUEST_HEADER = 'X-Requested-With';

/**
 * A browser login (session cookie). The cookie counts only when the request also carries
 * X-Requested-With: a cross-site page can make a browser send the cookie, but cannot add that
 * header without a CORS preflight, which the API never approves. This is the CSRF defence.
 */
export class SessionIdentityStrategy implements IdentityStrategy {
  constructor(private readonly session: LoginSession) {}

  identify(req: RequestLike): Promise<Identity | null> {
    if (headerValue(req, SESSION_REQUEST_HEADER) === undefined) return Promise.resolve(null);
    return this.session.read(req);
  }

  missingCredentials(): string {
    return 'Not logged in.';
  }
}
