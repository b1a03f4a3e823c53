import { Global, Inject, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { ODCS_CONFIG, type OdcsConfig } from '@odcs/config';
import { HttpMetricsMiddleware } from './http-metrics.middleware.js';
import { OdcsMetrics } from './odcs-metrics.js';

/** One OdcsMetrics (one registry) per process, and the HTTP duration histogram on every route (unless http_metrics is off). */
@Global()
@Module({ providers: [OdcsMetrics, HttpMetricsMiddleware], exports: [OdcsMetrics] })
export class MetricsModule implements NestModule {
  constructor(@Inject(ODCS_CONFIG) private readonly config: OdcsConfig) {}

  configure(consumer: MiddlewareConsumer): void {
    if (this.config.http_metrics) consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
