import { randomBytes } from 'node:crypto';
import { cookieValue, type SealedCookieCodec } from '@odcs/auth';
import type { Request, Response } from 'express';
import type { SessionStoreContext } from 'passport-openidconnect';

/** Cookie holding the state of a login between /auth/login and /auth/callback. */
export const LOGIN_STATE_COOKIE = 'odcs_login';
const PURPOSE = 'odcs-login-state';
const MAX_AGE_SECONDS = 600;

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
  ) {}

  store(req: Request, ctx: SessionStoreContext, appState: unknown, _meta: unknown, cb: StoreCallback): void {
    const handle = randomBytes(24).toString('base64url');
    const payload = { handle, nonce: ctx.nonce, maxAge: ctx.maxAge, issued: ctx.issued, appState };
    this.codec.seal(JSON.parse(JSON.stringify(payload)) as Record<string, unknown>, PURPOSE, MAX_AGE_SECONDS).then(
      (value) => {
        responseOf(req).cookie(LOGIN_STATE_COOKIE, value, this.cookieOptions(MAX_AGE_SECONDS * 1000));
        cb(null, handle);
      },
      (e: Error) => cb(e),
    );
  }

  verify(req: Request, handle: string, cb: VerifyCallback): void {
    const value = cookieValue(req, LOGIN_STATE_COOKIE);
    responseOf(req).clearCookie(LOGIN_STATE_COOKIE, this.cookieOptions());
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

  private cookieOptions(maxAge?: number) {
    return { httpOnly: true, sameSite: 'lax' as const, secure: this.secure, path: '/auth', ...(maxAge ? { maxAge } : {}) };
  }
}

function responseOf(req: Request): Response {
  if (!req.res) throw new Error('The OpenID login needs an Express request with its response');
  return req.res;
}
