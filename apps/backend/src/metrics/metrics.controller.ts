import { Controller, Get, Res } from '@nestjs/common';
import { OdcsMetrics } from '@odcs/observability';
import type { Response } from 'express';

/** GET /metrics of a backend process: its own registry (generation histograms, reuses, retries). */
@Controller('metrics')
export class BackendMetricsController {
  constructor(private readonly metrics: OdcsMetrics) {}

  @Get()
  async metricsText(@Res() res: Response): Promise<void> {
    const body = await this.metrics.exposition();
    res.setHeader('Content-Type', this.metrics.contentType);
    res.send(body);
  }
}
