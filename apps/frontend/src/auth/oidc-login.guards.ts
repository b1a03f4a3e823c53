import {
  type CanActivate,
  type ExecutionContext,
  HttpException,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { OidcLoginRegistry } from './oidc-login.registry.js';

/** 404 unless the browser login is enabled. */
@Injectable()
export class LoginEnabledGuard implements CanActivate {
  constructor(private readonly registry: OidcLoginRegistry) {}

  canActivate(): boolean {
    if (!this.registry.enabled) {
      throw new NotFoundException('The browser login is not enabled (needs an openidc auth_backend and auth_openidc_callback_url).');
    }
    return true;
  }
}

/** Runs the passport "oidc" strategy: redirects to the provider, or completes the callback. */
@Injectable()
export class OidcLoginGuard extends AuthGuard('oidc') {
  constructor(private readonly registry: OidcLoginRegistry) {
    super();
  }

  /** The strategy needs the provider's discovery document: registered on first use. */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.registry.ensureStrategy();
    return (await super.canActivate(context)) as boolean;
  }

  /** The login's app state is where to go afterwards: /auth/login?next=/path (local paths only). */
  override getAuthenticateOptions(context: ExecutionContext): { session: false; state: string } {
    const next = context.switchToHttp().getRequest<Request>().query.next;
    return { session: false, state: typeof next === 'string' && isLocalPath(next) ? next : '/' };
  }

  override handleRequest<TUser>(err: unknown, user: TUser, info: unknown): TUser {
    if (err instanceof HttpException) throw err;
    if (err) throw new UnauthorizedException(`Login failed: ${(err as Error).message}`);
    if (!user) throw new UnauthorizedException(`Login failed: ${messageOf(info) ?? 'the provider did not authenticate the user'}`);
    return user;
  }
}

/** "/x" but not "//host" or "/\host" (which browsers treat as another site). */
export function isLocalPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');
}

function messageOf(info: unknown): string | undefined {
  const message = (info as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}
