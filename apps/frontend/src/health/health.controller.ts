import { Controller, Get, Res } from '@nestjs/common';
import { HealthCheckService } from '@nestjs/terminus';
import { CoreHealthIndicators, sendHealth } from '@odcs/observability';
import type { FastifyReply } from 'fastify';

/**
 * /health/live (the process answers) and /health/ready (PostgreSQL, RabbitMQ, target dirs, and the
 * checks other modules add: Koji when a backend runs in this process); 503 JSON naming what is down.
 */
@Controller('health')
export class FrontendHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly core: CoreHealthIndicators,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  ready(@Res() res: FastifyReply): Promise<void> {
    return sendHealth(res, this.health, this.core.checks());
  }
}
