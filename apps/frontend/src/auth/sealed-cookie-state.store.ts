import { randomBytes } from 'node:crypto';
import { cookieValue, type SealedCookieCodec } from '@odcs/auth';
import type { CookieSerializeOptions } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionStoreContext } from 'passport-openidconnect';

/** Cookie holding the state of a login between /auth/login and /auth/callback. */
export const LOGIN_STATE_COOKIE = 'odcs_login';
const PURPOSE = 'odcs-login-state';
const MAX_AGE_SECONDS = 600;

/** Cookies on a reply: Nest's HTTP adapter (setCookie/clearCookie, the same on every platform). */
export interface ReplyCookies {
  setCookie(reply: FastifyReply, name: string, value: string, options: CookieSerializeOptions): unknown;
  clearCookie(reply: FastifyReply, name: string, options: CookieSerializeOptions): unknown;
}

/** Cookie options with Max-Age and, as Express's res.cookie wrote, Expires. */
export function expiringIn(options: CookieSerializeOptions, seconds: number): CookieSerializeOptions {
  return { ...options, maxAge: seconds, expires: new Date(Date.now() + seconds * 1000) };
}

type StoreCallback = (err: Error | null, handle?: string) => void;
type VerifyCallback = (err: Error | null, ctx?: false | SessionStoreContext, state?: unknown) => void;

/**
 * passport-openidconnect state store that keeps the state (handle, nonce, where to go next) in an
 * encrypted cookie instead of express-session: no server-side store, works across frontends.
 */
export class SealedCookieStateStore {
  constructor(
    private readonly codec: SealedCookieCodec,
    private readonly secure: boolean,
    private readonly cookies: ReplyCookies,
  ) {}

  store(req: FastifyRequest, ctx: SessionStoreContext, appState: unknown, _meta: unknown, cb: StoreCallback): void {
    const handle = randomBytes(24).toString('base64url');
    const payload = { handle, nonce: ctx.nonce, maxAge: ctx.maxAge, issued: ctx.issued, appState };
    this.codec.seal(JSON.parse(JSON.stringify(payload)) as Record<string, unknown>, PURPOSE, MAX_AGE_SECONDS).then(
      (value) => {
        this.cookies.setCookie(replyOf(req), LOGIN_STATE_COOKIE, value, expiringIn(this.cookieOptions(), MAX_AGE_SECONDS));
        cb(null, handle);
      },
      (e: Error) => cb(e),
    );
  }

  verify(req: FastifyRequest, handle: string, cb: VerifyCallback): void {
    const value = cookieValue(req, LOGIN_STATE_COOKIE);
    this.cookies.clearCookie(replyOf(req), LOGIN_STATE_COOKIE, this.cookieOptions());
    if (value === undefined) {
      cb(null, false, { message: 'Unable to verify authorization request state (no login in progress in this browser).' });
      return;
    }
    this.codec.open(value, PURPOSE).then(
      (state) => {
        if (!state) return cb(null, false, { message: 'Unable to verify authorization request state (expired or foreign).' });
        if (state.handle !== handle) return cb(null, false, { message: 'Invalid authorization request state.' });
        const ctx: SessionStoreContext = {
          nonce: typeof state.nonce === 'string' ? state.nonce : undefined,
          maxAge: typeof state.maxAge === 'number' ? state.maxAge : undefined,
          issued: typeof state.issued === 'string' ? state.issued : undefined,
        };
        cb(null, ctx, state.appState);
      },
      (e: Error) => cb(e),
    );
  }

  private cookieOptions(): CookieSerializeOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.secure, path: '/auth' };
  }
}

const REPLY = Symbol('odcs.reply');

/** Links a request to its reply (see OidcLoginGuard.getRequest): passport gives the store only the request. */
export function attachReply(req: FastifyRequest, reply: FastifyReply): FastifyRequest {
  (req as FastifyRequest & { [REPLY]?: FastifyReply })[REPLY] = reply;
  return req;
}

function replyOf(req: FastifyRequest): FastifyReply {
  const reply = (req as FastifyRequest & { [REPLY]?: FastifyReply })[REPLY];
  if (!reply) throw new Error('The OpenID login state store needs the request linked to its reply (OidcLoginGuard)');
  return reply;
}
