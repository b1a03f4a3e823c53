import { Controller, Get, Res } from '@nestjs/common';
import { OdcsMetrics } from '@odcs/observability';

/** The reply of either HTTP platform (the backend's own Express, Fastify in the single-process mode). */
interface TextReply {
  header(name: string, value: string): { send(body: string): unknown };
}

/** GET /metrics of a backend process: its own registry (generation histograms, reuses, retries). */
@Controller('metrics')
export class BackendMetricsController {
  constructor(private readonly metrics: OdcsMetrics) {}

  @Get()
  async metricsText(@Res() res: TextReply): Promise<void> {
    const body = await this.metrics.exposition();
    res.header('Content-Type', this.metrics.contentType).send(body);
  }
}
