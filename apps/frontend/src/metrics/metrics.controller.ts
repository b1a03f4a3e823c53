import { Controller, Get, Header, Res } from '@nestjs/common';
import { OdcsMetrics } from '@odcs/observability';
import type { Response } from 'express';

/** GET /api/1/metrics/: Prometheus text exposition of this process's registry (CONTRACT §11). */
@Controller('api/1/metrics')
export class MetricsController {
  constructor(private readonly metrics: OdcsMetrics) {}

  @Get()
  @Header('Access-Control-Allow-Origin', '*')
  async metricsText(@Res() res: Response): Promise<void> {
    const body = await this.metrics.exposition();
    res.setHeader('Content-Type', this.metrics.contentType);
    res.send(body);
  }
}
