import type { OdcsMetrics } from './odcs-metrics.js';

/** The part of a Fastify instance the hooks need (libs stay free of the HTTP platform). */
export interface FastifyHooksLike {
  addHook(name: 'onResponse', hook: (request: RouteRequest, reply: TimedReply, done: () => void) => void): unknown;
}
interface RouteRequest {
  method: string;
  routeOptions: { url?: string };
  is404?: boolean;
}
interface TimedReply {
  statusCode: number;
  elapsedTime: number;
}

/**
 * On Fastify: observes every HTTP request's duration (from Fastify's own request timer) by route
 * pattern, as HttpMetricsMiddleware does on Express. Requests no route matched count as "unmatched".
 */
export function observeHttpRequests(fastify: FastifyHooksLike, metrics: OdcsMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.is404 ? undefined : request.routeOptions.url;
    metrics.httpDuration.observe(
      { method: request.method, route: route ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
