import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { CoreHealthIndicators } from '@odcs/observability';

/** /health/live (the process answers) and /health/ready (PostgreSQL, RabbitMQ, target dirs); 503 JSON naming what is down. */
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
  @HealthCheck()
  ready() {
    return this.health.check(this.core.checks());
  }
}
