import { Controller, Get, Header, Res } from '@nestjs/common';
import { OdcsMetrics } from '@odcs/observability';
import type { FastifyReply } from 'fastify';

/** GET /api/1/metrics/: Prometheus text exposition of this process's registry (CONTRACT §11). */
@Controller('api/1/metrics')
export class MetricsController {
  constructor(private readonly metrics: OdcsMetrics) {}

  @Get()
  @Header('Access-Control-Allow-Origin', '*')
  async metricsText(@Res() res: FastifyReply): Promise<void> {
    const body = await this.metrics.exposition();
    void res.header('Content-Type', this.metrics.contentType).send(body);
  }
}
