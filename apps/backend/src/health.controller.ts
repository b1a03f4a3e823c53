import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { KojiClient } from '@odcs/koji';
import { CoreHealthIndicators } from '@odcs/observability';
import { GenerationScheduler } from './generation/generation.scheduler.js';

const KOJI_TIMEOUT_MS = 5000;

/** Health of a backend process: /health (alive, and which composes it generates), /health/live, /health/ready. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly scheduler: GenerationScheduler,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly core: CoreHealthIndicators,
    private readonly koji: KojiClient,
  ) {}

  @Get()
  status(): { status: 'ok'; generating: number[] } {
    return { status: 'ok', generating: this.scheduler.runningIds };
  }

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** PostgreSQL, RabbitMQ, target dirs, and the Koji hub answering getAPIVersion. */
  @Get('ready')
  @HealthCheck()
  ready() {
    const koji = () =>
      this.indicators
        .check('koji')
        .attempt(async () => {
          const version = await this.koji.call<number>('getAPIVersion').catch((e: Error) => {
            throw new Error(`Koji hub ${this.koji.options.hubUrl} is unreachable: ${e.message}`);
          });
          return { api_version: version };
        })
        .withTimeout(KOJI_TIMEOUT_MS);
    return this.health.check([...this.core.checks(), koji]);
  }
}
