import type { DynamicModule, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OdcsConfig } from '@odcs/config';
import { requestIdOf } from '@odcs/observability';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { answerClientError } from './client-error.handler.js';
import { configureHttp } from './configure-http.js';
import { errorBody } from './odcs-error.filter.js';

/** Largest request body taken, as before on Express (`express.text({ limit: '2mb' })`). */
const BODY_LIMIT = 2 * 1024 * 1024;

export interface HttpAppOptions {
  /** Nest's log levels until a logger is set (tests); default Nest's own. */
  logger?: LogLevel[];
  /** Buffer Nest's start-up logs until `app.useLogger()` (the processes, which log through pino). */
  bufferLogs?: boolean;
}

/**
 * Errors the router answers before any hook or handler runs leave in ODCS's error JSON like every
 * other refusal: a path that does not percent-decode names nothing (404, as a file path under
 * target_dir_url that does not decode always did).
 */
function refuseRequest(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const known = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500;
  const status = error.code === 'FST_ERR_BAD_URL' || !known ? 404 : error.statusCode!;
  const path = request.url.split('?')[0];
  const message = status === 404 ? `${path} was not found on the server.` : error.message;
  void reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify(errorBody(status, message)));
}

/**
 * The Nest application of a process that serves the REST API (the frontend, the single-process
 * mode, the tests): Nest on Fastify (its router, request and reply are several times cheaper per
 * request than Express's), configured by configureHttp. Not listening yet.
 */
export async function createHttpApp(
  root: DynamicModule,
  config: OdcsConfig,
  options: HttpAppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    // /api/1/composes and /api/1/composes/ are the same resource, as on Express and in ODCS (Flask's strict_slashes=False).
    // No limit of its own on a path parameter's length (Fastify's is 100): file paths under target_dir_url are long.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 16_384 },
    frameworkErrors: refuseRequest,
    clientErrorHandler: answerClientError,
    // request_id of the log lines (logFastifyRequests) and X-Request-Id (configureHttp).
    genReqId: requestIdOf,
    // Node's own HTTP server timeouts, as on Express: idle keep-alive connections close after 5 s.
    keepAliveTimeout: 5000,
    requestTimeout: 300_000,
    // While closing, configureHttp answers in ODCS's error JSON instead of Fastify's own 503 body.
    return503OnClosing: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    bodyParser: false,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.bufferLogs ? { bufferLogs: true } : {}),
  });
  await configureHttp(app, config);
  return app;
}
