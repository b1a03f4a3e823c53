import { type DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import type { OdcsConfig } from '@odcs/config';
import { KojiModule } from '@odcs/koji';
import { MetricsModule } from '@odcs/observability';
import { BACKEND_ID, newBackendId } from './backend-identity.js';
import { RemoveExpiredComposesJob } from './expiry/remove-expired-composes.job.js';
import { BackendTimers } from './generation/backend-timers.js';
import { GenerateComposeRunner } from './generation/generate-compose.runner.js';
import { GenerationScheduler } from './generation/generation.scheduler.js';
import { StartGenerationOnWorkSignal } from './generation/start-generation-on-work-signal.subscriber.js';
import { RecoverComposesJob } from './recovery/recover-composes.job.js';
import { ComposeStorage } from './storage/compose-storage.js';

/**
 * Generation, expiry, recovery. Needs at the root: OdcsConfigModule, CqrsModule.forRoot(),
 * ComposeModule and a global MESSAGE_BUS. `engine` provides COMPOSE_ENGINE (EngineModule.forRoot(config)).
 */
@Module({})
export class BackendModule {
  static forRoot(config: OdcsConfig, engine: DynamicModule, backendId: string = newBackendId()): DynamicModule {
    const koji = KojiModule.forRoot({
      hubUrl: config.koji_hub_url,
      topUrl: /^[a-z]+:\/\//.test(config.koji_top_url) ? config.koji_top_url : `file://${config.koji_top_url}`,
      timeoutMs: config.net_timeout * 1000,
      retryDelayMs: config.net_retry_interval * 1000,
    });
    return {
      module: BackendModule,
      imports: [ScheduleModule.forRoot(), koji, MetricsModule, engine],
      providers: [
        { provide: BACKEND_ID, useValue: backendId },
        ComposeStorage,
        GenerateComposeRunner,
        GenerationScheduler,
        StartGenerationOnWorkSignal,
        RemoveExpiredComposesJob,
        RecoverComposesJob,
        BackendTimers,
      ],
      exports: [GenerationScheduler, RemoveExpiredComposesJob, RecoverComposesJob, koji],
    };
  }
}
