import { type DynamicModule, RequestMethod } from '@nestjs/common';
import type { OdcsConfig } from '@odcs/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';

const PINO_LEVELS = { debug: 'debug', info: 'info', warning: 'warn', error: 'error' } as const;

/** What names this process in every log line. */
export interface LogIdentity {
  process: 'frontend' | 'backend' | 'standalone';
  backendId?: string;
}

/** Pretty lines in a terminal, JSON lines otherwise (log_format `auto`), or as configured. */
export function prettyLogs(config: OdcsConfig): boolean {
  return config.log_format === 'pretty' || (config.log_format === 'auto' && process.stdout.isTTY === true);
}

/** The request's id: the client's X-Request-Id when it is a plain token, else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

/**
 * pino-http's id (on Express; on Fastify the request arrives with Fastify's id, made by
 * requestIdOf, and the app sets the header).
 */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const id = requestIdOf(req);
  res.setHeader('X-Request-Id', id);
  return id;
}

/** Whether request lines are written: log_requests, at a level that writes info lines. */
export function logsRequests(config: OdcsConfig): boolean {
  return config.log_requests && (config.log_level === 'debug' || config.log_level === 'info');
}

/**
 * nestjs-pino for a process: JSON lines with `request_id` on HTTP requests and `backend_id` on a
 * backend; the app calls `app.useLogger(app.get(Logger))` so Nest's own logs go there too. On
 * Express (`http: 'middleware'`, the backend's health and metrics) nestjs-pino's middleware makes
 * the request context and lines; a Fastify app (`http: 'fastify-hooks'`) installs
 * logFastifyRequests instead.
 */
export function loggingModuleFor(
  config: OdcsConfig,
  identity: LogIdentity,
  opts: { http: 'middleware' | 'fastify-hooks' } = { http: 'middleware' },
): DynamicModule {
  return LoggerModule.forRoot({
    forRoutes: opts.http === 'middleware' ? [{ path: '{*splat}', method: RequestMethod.ALL }] : [],
    pinoHttp: {
      level: PINO_LEVELS[config.log_level],
      base: { process: identity.process, pid: process.pid, ...(identity.backendId ? { backend_id: identity.backendId } : {}) },
      messageKey: 'msg',
      genReqId: requestId,
      customProps: (req) => ({ request_id: req.id }),
      // No line per request when log_requests is off, or when the level is above info (request lines
      // are logged at info, so nothing would be written): the per-response completion handler, a
      // child logger and its bindings per response, is then not set up. Handlers' lines still carry request_id.
      autoLogging: logsRequests(config) ? { ignore: (req) => req.url === '/health/live' } : false,
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      ...(prettyLogs(config) ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss' } } } : {}),
    },
  });
}
