import {
  type CanActivate,
  type ExecutionContext,
  HttpException,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OidcLoginRegistry } from './oidc-login.registry.js';
import { attachReply } from './sealed-cookie-state.store.js';

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

  /** The request, carrying its reply for the state store's cookie (passport hands the store only the request). */
  override getRequest(context: ExecutionContext): FastifyRequest {
    const http = context.switchToHttp();
    return attachReply(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }

  /**
   * What passport writes its redirect to the provider on (statusCode, setHeader, end: Node's
   * response API), forwarded to Fastify's reply so that it is sent with the reply's headers (the
   * state cookie) through Fastify.
   */
  getResponse(context: ExecutionContext): PassportResponse {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return {
      set statusCode(code: number) {
        void reply.code(code);
      },
      get statusCode(): number {
        return reply.statusCode;
      },
      setHeader: (name, value) => void reply.header(name, value),
      end: () => void reply.send(),
    };
  }

  /** The login's app state is where to go afterwards: /auth/login?next=/path (local paths only). */
  override getAuthenticateOptions(context: ExecutionContext): { session: false; state: string } {
    const next = (context.switchToHttp().getRequest<FastifyRequest>().query as Record<string, unknown>)['next'];
    return { session: false, state: typeof next === 'string' && isLocalPath(next) ? next : '/' };
  }

  override handleRequest<TUser>(err: unknown, user: TUser, info: unknown): TUser {
    if (err instanceof HttpException) throw err;
    if (err) throw new UnauthorizedException(`Login failed: ${(err as Error).message}`);
    if (!user) throw new UnauthorizedException(`Login failed: ${messageOf(info) ?? 'the provider did not authenticate the user'}`);
    return user;
  }
}

/** The part of Node's response API passport uses to redirect. */
interface PassportResponse {
  statusCode: number;
  setHeader(name: string, value: string): void;
  end(): void;
}

/** "/x" but not "//host" or "/\host" (which browsers treat as another site). */
export function isLocalPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');
}

function messageOf(info: unknown): string | undefined {
  const message = (info as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}
