import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { OdcsMetrics } from './odcs-metrics.js';

/** Observes every HTTP request's duration by route pattern (not raw path: bounded labels) and status. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: OdcsMetrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      this.metrics.httpDuration.observe(
        { method: req.method, route: route ? `${req.baseUrl}${route}` : 'unmatched', status: String(res.statusCode) },
        seconds,
      );
    });
    next();
  }
}
