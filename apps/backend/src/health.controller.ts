import { Controller, Get, Res } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Response } from 'express';
import { KojiClient } from '@odcs/koji';
import { CoreHealthIndicators, sendHealth } from '@odcs/observability';
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

  /** PostgreSQL, RabbitMQ, target dirs, and the Koji hub answering getLastEvent. */
  @Get('ready')
  ready(@Res() res: Response): Promise<void> {
    const koji = () =>
      this.indicators
        .check('koji')
        .attempt(async () => {
          const event = await this.koji.call<{ id: number }>('getLastEvent').catch((e: Error) => {
            throw new Error(`Koji hub ${this.koji.options.hubUrl} is unreachable: ${e.message}`);
          });
          return { last_event: event.id };
        })
        .withTimeout(KOJI_TIMEOUT_MS);
    return sendHealth(res, this.health, [...this.core.checks(), koji]);
  }
}
