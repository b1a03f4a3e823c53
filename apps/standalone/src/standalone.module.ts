import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BackendModule, newBackendId } from '@odcs/backend';
import { messagingModuleFor } from '@odcs/messaging';
import { loggingModuleFor } from '@odcs/observability';
import { ComposeModule, type DatabaseSettings, OutboxRelayModule } from '@odcs/compose';
import { type OdcsConfig, OdcsConfigModule } from '@odcs/config';
import { FrontendModule } from '@odcs/frontend';

/** Frontend and backend in one process (the embedded default, and the e2e tests). */
@Module({})
export class StandaloneModule {
  static forRoot(config: OdcsConfig, db: DatabaseSettings, engine: DynamicModule): DynamicModule {
    const backendId = newBackendId();
    return {
      module: StandaloneModule,
      imports: [
        OdcsConfigModule.forRoot(config),
        loggingModuleFor(config, { process: 'standalone', backendId }, { http: 'fastify-hooks' }),
        CqrsModule.forRoot(),
        ComposeModule.forRoot(db),
        messagingModuleFor(config, 'standalone'),
        OutboxRelayModule.forRoot({
          pollIntervalMs: 1000,
          batchSize: 200,
          retentionHours: config.outbox_retention_hours,
          singleConnection: db.embedded,
        }),
        FrontendModule,
        BackendModule.forRoot(config, engine, backendId),
      ],
    };
  }
}
