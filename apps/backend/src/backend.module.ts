import { type DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import type { OdcsConfig } from '@odcs/config';
import { KojiModule } from '@odcs/koji';
import { ModulesModule } from '@odcs/modules';
import { HealthModule, MetricsModule } from '@odcs/observability';
import { BACKEND_ID, newBackendId } from './backend-identity.js';
import { RemoveComposeOnRemovalRequested } from './expiry/remove-compose-on-removal-requested.handler.js';
import { RemoveExpiredComposesJob } from './expiry/remove-expired-composes.job.js';
import { BackendTimers } from './generation/backend-timers.js';
import { GenerateComposeRunner } from './generation/generate-compose.runner.js';
import { GenerationScheduler } from './generation/generation.scheduler.js';
import { StartGenerationOnComposeCreated } from './generation/start-generation-on-compose-created.handler.js';
import { StopEngineOnComposeCancelled } from './generation/stop-engine-on-compose-cancelled.handler.js';
import { KojiHealthCheck } from './health/koji-health.check.js';
import { BackendHeartbeat } from './heartbeat/backend-heartbeat.js';
import { OutboxCounters } from './metrics/outbox-counters.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { RecoverComposesJob } from './recovery/recover-composes.job.js';
import { ComposeStorage } from './storage/compose-storage.js';

/**
 * Generation, expiry, recovery. Needs at the root: OdcsConfigModule, CqrsModule.forRoot(),
 * ComposeModule, OutboxRelayModule and a global MESSAGE_BUS. `engine` provides COMPOSE_ENGINE (EngineModule.forRoot(config)).
 */
@Module({})
export class BackendModule {
  static forRoot(config: OdcsConfig, engine: DynamicModule, backendId: string = newBackendId()): DynamicModule {
    const koji = {
      hubUrl: config.koji_hub_url,
      topUrl: /^[a-z]+:\/\//.test(config.koji_top_url) ? config.koji_top_url : `file://${config.koji_top_url}`,
      timeoutMs: config.net_timeout * 1000,
      retryDelayMs: config.net_retry_interval * 1000,
    };
    const kojiModule = KojiModule.forRoot(koji);
    return {
      module: BackendModule,
      imports: [
        ScheduleModule.forRoot(),
        kojiModule,
        ModulesModule.forRoot({
          mbsUrl: config.mbs_url,
          baseModuleNames: config.base_module_names,
          timeoutMs: config.net_timeout * 1000,
          retryDelayMs: config.net_retry_interval * 1000,
          koji,
        }),
        MetricsModule,
        HealthModule,
        engine,
        NotificationsModule,
      ],
      providers: [
        { provide: BACKEND_ID, useValue: backendId },
        ComposeStorage,
        GenerateComposeRunner,
        GenerationScheduler,
        StartGenerationOnComposeCreated,
        StopEngineOnComposeCancelled,
        RemoveExpiredComposesJob,
        RemoveComposeOnRemovalRequested,
        RecoverComposesJob,
        BackendTimers,
        OutboxCounters,
        BackendHeartbeat,
        KojiHealthCheck,
      ],
      exports: [GenerationScheduler, RemoveExpiredComposesJob, RecoverComposesJob, kojiModule],
    };
  }
}
