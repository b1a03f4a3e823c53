import { Controller, Get } from '@nestjs/common';
import { GenerationScheduler } from './generation/generation.scheduler.js';

/** GET /health of a backend process: alive, and which composes it generates. */
@Controller('health')
export class HealthController {
  constructor(private readonly scheduler: GenerationScheduler) {}

  @Get()
  health(): { status: 'ok'; generating: number[] } {
    return { status: 'ok', generating: this.scheduler.runningIds };
  }
}
