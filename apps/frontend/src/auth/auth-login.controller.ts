import { Controller, type CookieSerializeOptions, Get, Req, Res, UnauthorizedException, UseGuards } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SESSION_COOKIE, type Identity } from '@odcs/auth';
import type { FastifyReply, FastifyRequest as Request } from 'fastify';
import { isLocalPath, LoginEnabledGuard, OidcLoginGuard } from './oidc-login.guards.js';
import { OidcLoginRegistry } from './oidc-login.registry.js';
import { expiringIn } from './sealed-cookie-state.store.js';

/**
 * Browser login for a dashboard: GET /auth/login[?next=/path] → provider → GET /auth/callback sets
 * the session cookie; GET /auth/me shows it; GET /auth/logout clears it. Scripts of the dashboard
 * send X-Requested-With with their API calls so the session counts there (CSRF defence).
 */
@Controller('auth')
@UseGuards(LoginEnabledGuard)
export class AuthLoginController {
  constructor(
    private readonly registry: OidcLoginRegistry,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** Never reached: the guard answers with the redirect to the provider. */
  @Get('login')
  @UseGuards(OidcLoginGuard)
  login(): void {}

  @Get('callback')
  @UseGuards(OidcLoginGuard)
  async callback(@Req() req: Request & { user?: Identity; authInfo?: { state?: unknown } }, @Res() res: FastifyReply): Promise<void> {
    const identity = req.user;
    if (!identity) throw new UnauthorizedException('Login failed.');
    const session = this.session();
    this.adapterHost.httpAdapter.setCookie(
      res,
      SESSION_COOKIE,
      await session.seal(identity),
      expiringIn(this.cookieOptions(), session.maxAge),
    );
    const next = req.authInfo?.state;
    void res.redirect(typeof next === 'string' && isLocalPath(next) ? next : '/', 302);
  }

  @Get('me')
  async me(@Req() req: Request): Promise<Identity> {
    const identity = await this.session().read(req);
    if (!identity) throw new UnauthorizedException('Not logged in.');
    return identity;
  }

  @Get('logout')
  logout(@Res() res: FastifyReply): void {
    this.adapterHost.httpAdapter.clearCookie(res, SESSION_COOKIE, this.cookieOptions());
    void res.redirect(this.registry.afterLogout, 302);
  }

  private session() {
    const session = this.registry.session;
    if (!session) throw new UnauthorizedException('The browser login is not enabled.');
    return session;
  }

  private cookieOptions(): CookieSerializeOptions {
    const secure = this.registry.callbackUrl.startsWith('https:');
    return { httpOnly: true, sameSite: 'lax', secure, path: '/' };
  }
}
