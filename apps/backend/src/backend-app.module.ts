import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ComposeModule, type DatabaseSettings, OutboxRelayModule } from '@odcs/compose';
import { type OdcsConfig, OdcsConfigModule } from '@odcs/config';
import { messagingModuleFor } from '@odcs/messaging';
import { HealthModule, loggingModuleFor } from '@odcs/observability';
import { newBackendId } from './backend-identity.js';
import { BackendModule } from './backend.module.js';
import { HealthController } from './health/health.controller.js';
import { BackendMetricsController } from './metrics/metrics.controller.js';

/** Root module of a backend process (several may run against one database and broker). */
@Module({})
export class BackendAppModule {
  static forRoot(config: OdcsConfig, db: DatabaseSettings, engine: DynamicModule): DynamicModule {
    const backendId = newBackendId();
    return {
      module: BackendAppModule,
      controllers: [HealthController, BackendMetricsController],
      imports: [
        OdcsConfigModule.forRoot(config),
        loggingModuleFor(config, { process: 'backend', backendId }),
        HealthModule,
        CqrsModule.forRoot(),
        ComposeModule.forRoot(db),
        messagingModuleFor(config, 'backend'),
        // Delivers the outbox to this backend's event handlers; woken by NOTIFY, the poll is the safety net.
        OutboxRelayModule.forRoot({
          pollIntervalMs: 1000,
          batchSize: 200,
          retentionHours: config.outbox_retention_hours,
          singleConnection: db.embedded,
        }),
        BackendModule.forRoot(config, engine, backendId),
      ],
    };
  }
}
