import { Global, Inject, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ODCS_CONFIG, type OdcsConfig } from '@odcs/config';
import { HttpMetricsMiddleware } from './http-metrics.middleware.js';
import { OdcsMetrics } from './odcs-metrics.js';

/**
 * One OdcsMetrics (one registry) per process, and the HTTP duration histogram on every route (unless
 * http_metrics is off): by this middleware on Express; a Fastify app adds observeHttpRequests' hook.
 */
@Global()
@Module({ providers: [OdcsMetrics, HttpMetricsMiddleware], exports: [OdcsMetrics] })
export class MetricsModule implements NestModule {
  constructor(
    @Inject(ODCS_CONFIG) private readonly config: OdcsConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    const express = this.adapterHost.httpAdapter?.getType() !== 'fastify';
    if (this.config.http_metrics && express) consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
