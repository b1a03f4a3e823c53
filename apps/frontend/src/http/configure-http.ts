import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OdcsConfig } from '@odcs/config';
import { logFastifyRequests, logsRequests, OdcsMetrics, observeHttpRequests } from '@odcs/observability';
import { PinoLogger } from 'nestjs-pino';
import cluster from 'node:cluster';
import { serveComposeFiles } from '../files/compose-files.js';
import { setupOpenApi } from '../openapi/openapi.setup.js';
import { errorBody, OdcsErrorFilter } from './odcs-error.filter.js';

/**
 * HTTP behaviour shared by the frontend process, the single-process mode and the tests (see
 * createHttpApp). Bodies are read as text and parsed as JSON whatever their Content-Type, as
 * upstream does; no ETag is computed (no ODCS client revalidates) and no X-Powered-By is sent.
 */
export async function configureHttp(app: NestFastifyApplication, config: OdcsConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // Which process answered: "<cluster worker id, 0 without workers>:<pid>" (frontend_workers), and
  // the request's id (the client's X-Request-Id or a new one; createHttpApp). On the raw response,
  // so that replies written directly (files, event streams) carry them too.
  const worker = `${cluster.worker?.id ?? 0}:${process.pid}`;
  // Once the server is closing, a request that still arrives (on a busy keep-alive connection) is
  // refused in ODCS's error JSON, with Connection: close (createHttpApp turns Fastify's own 503 off).
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.raw.setHeader('X-ODCS-Worker', worker);
    reply.raw.setHeader('X-Request-Id', request.id);
    if (!closing) return done();
    void reply
      .code(503)
      .header('connection', 'close')
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify(errorBody(503, 'The server is shutting down; send the request again.')));
  });
  // Request context (request_id on every line) and request lines, where the app logs through pino.
  const logger = await app.resolve<PinoLogger<never>>(PinoLogger).catch(() => undefined);
  if (logger) logFastifyRequests(fastify, logger, { requestLines: logsRequests(config) });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  if (config.http_metrics) observeHttpRequests(fastify, app.get(OdcsMetrics));
  serveComposeFiles(app, config);
  setupOpenApi(app);
  app.useGlobalFilters(new OdcsErrorFilter());
  app.enableShutdownHooks();
}
