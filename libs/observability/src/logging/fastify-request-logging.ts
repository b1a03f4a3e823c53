import { PinoLogger } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The part of a Fastify instance the hooks need (libs stay free of the HTTP platform). */
export interface FastifyLoggingHooks {
  addHook(name: 'onRequest', hook: (request: LoggedRequest, reply: unknown, done: () => void) => void): unknown;
  addHook(name: 'onResponse', hook: (request: LoggedRequest, reply: LoggedReply, done: () => void) => void): unknown;
}
interface LoggedRequest {
  id: string;
  url: string;
  raw: IncomingMessage;
}
interface LoggedReply {
  statusCode: number;
  elapsedTime: number;
  raw: ServerResponse;
}

/**
 * On Fastify, in place of nestjs-pino's middleware (pino-http behind @fastify/middie): every
 * request runs in a logging context whose lines carry its `request_id`, and, with `requestLines`,
 * ends with one line as pino-http wrote it (req, res, responseTime in ms; /health/live, polled by
 * orchestrators, is not logged). Two Fastify hooks instead of a middleware layer and two child
 * loggers per request. A 5xx answer's line is at level error ("request errored").
 */
export function logFastifyRequests(fastify: FastifyLoggingHooks, logger: PinoLogger, opts: { requestLines: boolean }): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    logger.runInContext(done, { bindings: { request_id: request.id } });
  });
  if (!opts.requestLines) return;
  // From the root logger with request_id given: the response may finish outside the request's context.
  const root = PinoLogger.root;
  fastify.addHook('onResponse', (request, reply, done) => {
    if (request.url !== '/health/live') {
      const line = {
        request_id: request.id,
        // Node's request and response, as pino-http logs them: the logger's serializers make them {method, url} and {status}.
        req: request.raw,
        res: reply.raw,
        responseTime: Math.round(reply.elapsedTime),
      };
      if (reply.statusCode >= 500) root.error(line, 'request errored');
      else root.info(line, 'request completed');
    }
    done();
  });
}
