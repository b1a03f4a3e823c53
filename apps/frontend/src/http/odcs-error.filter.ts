import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError, type DomainErrorCode } from '@odcs/compose';
import type { FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';

const assertUnreachable = (x: never): never => {
  throw new Error(`Unhandled domain error code ${String(x)}`);
};

export function statusOfDomainError(code: DomainErrorCode): number {
  switch (code) {
    case 'COMPOSE.INVALID_INPUT':
    case 'COMPOSE.NOT_REMOVABLE':
      return 400;
    case 'COMPOSE.FORBIDDEN':
      return 403;
    case 'COMPOSE.NOT_FOUND':
    case 'COMPOSE.NOT_RENEWABLE':
      return 404;
    case 'COMPOSE.CONCURRENT_UPDATE':
    case 'COMPOSE.ILLEGAL_TRANSITION':
      return 409;
    default:
      return assertUnreachable(code);
  }
}

export function errorBody(status: number, message: string): { status: number; error: string; message: string } {
  return { status, error: STATUS_CODES[status] ?? 'Error', message };
}

/** Every error leaves as ODCS's JSON: {"status", "error", "message"} (CONTRACT §1.2). */
@Catch()
export class OdcsErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<FastifyReply>();
    const req = host.switchToHttp().getRequest<{ method: string; url: string }>();
    let status = 500;
    let message = 'Internal Server Error';
    if (exception instanceof DomainError) {
      status = statusOfDomainError(exception.code);
      message = exception.message;
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const body = exception.getResponse();
      const inner = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      message = typeof inner === 'string' ? inner : Array.isArray(inner) ? inner.join('; ') : exception.message;
    } else {
      this.log.error(`${req.method} ${req.url} failed: ${(exception as Error)?.stack ?? String(exception)}`);
      message = (exception as Error)?.message ?? message;
    }
    if (res.sent || res.raw.headersSent) return;
    res.removeHeader('Access-Control-Allow-Origin');
    void res.status(status).send(errorBody(status, message));
  }
}
