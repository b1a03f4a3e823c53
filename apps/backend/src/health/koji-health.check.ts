import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { KojiClient } from '@odcs/koji';
import { CoreHealthIndicators } from '@odcs/observability';

const KOJI_TIMEOUT_MS = 5000;

/** Adds "the Koji hub answers getLastEvent" to /health/ready of every process running a backend (npm start too). */
@Injectable()
export class KojiHealthCheck implements OnModuleInit {
  constructor(
    private readonly core: CoreHealthIndicators,
    private readonly indicators: HealthIndicatorService,
    private readonly koji: KojiClient,
  ) {}

  onModuleInit(): void {
    this.core.add(() => this.check());
  }

  private check() {
    return this.indicators
      .check('koji')
      .attempt(async () => {
        const event = await this.koji.call<{ id: number }>('getLastEvent').catch((e: Error) => {
          throw new Error(`Koji hub ${this.koji.options.hubUrl} is unreachable: ${e.message}`);
        });
        return { last_event: event.id };
      })
      .withTimeout(KOJI_TIMEOUT_MS);
  }
}
