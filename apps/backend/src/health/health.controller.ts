import { Controller, Get, Res } from '@nestjs/common';
import { HealthCheckService } from '@nestjs/terminus';
import { CoreHealthIndicators, type JsonReply, sendHealth } from '@odcs/observability';
import { GenerationScheduler } from '../generation/generation.scheduler.js';

/** Health of a backend process: /health (alive, and which composes it generates), /health/live, /health/ready. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly scheduler: GenerationScheduler,
    private readonly health: HealthCheckService,
    private readonly core: CoreHealthIndicators,
  ) {}

  @Get()
  status(): { status: 'ok'; generating: number[] } {
    return { status: 'ok', generating: this.scheduler.runningIds };
  }

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** PostgreSQL, RabbitMQ, target dirs, and the Koji hub answering getLastEvent (KojiHealthCheck). */
  @Get('ready')
  ready(@Res() res: JsonReply): Promise<void> {
    return sendHealth(res, this.health, this.core.checks());
  }
}
