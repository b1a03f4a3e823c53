import { Global, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { HttpMetricsMiddleware } from './http-metrics.middleware.js';
import { OdcsMetrics } from './odcs-metrics.js';

/** One OdcsMetrics (one registry) per process, and the HTTP duration histogram on every route. */
@Global()
@Module({ providers: [OdcsMetrics, HttpMetricsMiddleware], exports: [OdcsMetrics] })
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
