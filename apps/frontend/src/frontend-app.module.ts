import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ComposeModule, type DatabaseSettings, OutboxRelayModule } from '@odcs/compose';
import { type OdcsConfig, OdcsConfigModule } from '@odcs/config';
import { messagingModuleFor } from '@odcs/messaging';
import { loggingModuleFor } from '@odcs/observability';
import { FrontendModule } from './frontend.module.js';

/**
 * Root module of the frontend process: HTTP API over the shared database. Without a broker the
 * backends find new composes by polling the database.
 */
@Module({})
export class FrontendAppModule {
  static forRoot(config: OdcsConfig, db: DatabaseSettings): DynamicModule {
    return {
      module: FrontendAppModule,
      imports: [
        OdcsConfigModule.forRoot(config),
        loggingModuleFor(config, { process: 'frontend' }),
        CqrsModule.forRoot(),
        ComposeModule.forRoot(db),
        // With a broker, the frontend relays its own outbox right after each commit, so backends start at once.
        ...(config.amqp_url
          ? [
              messagingModuleFor(config, 'frontend'),
              OutboxRelayModule.forRoot({ pollIntervalMs: 1000, batchSize: 200, retentionHours: config.outbox_retention_hours }),
            ]
          : []),
        FrontendModule,
      ],
    };
  }
}
