import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OdcsConfig } from '@odcs/config';
import express from 'express';
import cluster from 'node:cluster';
import { serveComposeFiles } from '../files/compose-files.js';
import { setupOpenApi } from '../openapi/openapi.setup.js';
import { answerClientErrors } from './client-error.handler.js';
import { OdcsErrorFilter } from './odcs-error.filter.js';

/**
 * HTTP behaviour shared by the frontend process and the single-process mode. The app must be
 * created with `bodyParser: false`: bodies are read as text and parsed as JSON whatever their
 * Content-Type, as upstream does.
 */
export function configureHttp(app: NestExpressApplication, config: OdcsConfig): void {
  app.disable('x-powered-by');
  // Which process answered: "<cluster worker id, 0 without workers>:<pid>" (frontend_workers).
  const worker = `${cluster.worker?.id ?? 0}:${process.pid}`;
  app.use((_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
    res.setHeader('X-ODCS-Worker', worker);
    next();
  });
  app.set('etag', false); // hashing every JSON body costs CPU and no ODCS client revalidates
  app.set('query parser', 'simple'); // repeated keys become arrays; no nested objects from ?a[b]=c
  app.use(express.text({ type: () => true, limit: '2mb' }));
  serveComposeFiles(app, config);
  setupOpenApi(app);
  app.useGlobalFilters(new OdcsErrorFilter());
  answerClientErrors(app.getHttpServer());
  app.enableShutdownHooks();
}
