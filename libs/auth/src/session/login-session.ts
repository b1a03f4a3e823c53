import type { Identity, RequestLike } from '../identity.js';
import { cookieValue } from '../proxy/request-headers.js';
import type { SealedCookieCodec } from './sealed-cookie.codec.js';

/** Cookie holding the identity of a browser login. */
export const SESSION_COOKIE = 'odcs_session';
const SESSION_PURPOSE = 'odcs-session';

/** The identity of a browser login, carried in an encrypted cookie. */
export class LoginSession {
  constructor(
    private readonly codec: SealedCookieCodec,
    /** Seconds a login stays valid. */
    readonly maxAge: number,
  ) {}

  /** Cookie value recording this identity. */
  seal(identity: Identity): Promise<string> {
    return this.codec.seal({ username: identity.username, groups: identity.groups, scopes: identity.scopes }, SESSION_PURPOSE, this.maxAge);
  }

  /** The identity of the request's session cookie, or null. */
  async read(req: RequestLike): Promise<Identity | null> {
    const value = cookieValue(req, SESSION_COOKIE);
    if (value === undefined) return null;
    const payload = await this.codec.open(value, SESSION_PURPOSE);
    if (!payload || typeof payload.username !== 'string') return null;
    return {
      username: payload.username,
      groups: strings(payload.groups),
      scopes: Array.isArray(payload.scopes) ? strings(payload.scopes) : null,
    };
  }
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
