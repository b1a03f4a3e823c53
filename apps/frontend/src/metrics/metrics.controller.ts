import { Controller, Get, Header, Inject } from '@nestjs/common';
import { COMPOSE_REPOSITORY, type ComposeRepository, COMPOSE_STATES, SOURCE_TYPES } from '@odcs/compose';
import { rawConfigMetricLines } from './raw-config-metrics.js';

/** GET /api/1/metrics/: Prometheus text exposition (CONTRACT §11). */
@Controller('api/1/metrics')
export class MetricsController {
  constructor(@Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository) {}

  @Get()
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async metrics(): Promise<string> {
    const counts = await this.composes.countByTypeAndState();
    const lines = ['# HELP composes_total Total number of composes', '# TYPE composes_total gauge'];
    for (const sourceType of Object.keys(SOURCE_TYPES)) {
      for (const state of COMPOSE_STATES) {
        const n = counts.find((c) => c.sourceType === sourceType && c.state === state)?.count ?? 0;
        lines.push(`composes_total{source_type="${sourceType}",state="${state}"} ${n}`);
      }
    }
    lines.push(...rawConfigMetricLines(await this.composes.countRawConfigBySourceAndState()));
    return lines.join('\n') + '\n';
  }
}
