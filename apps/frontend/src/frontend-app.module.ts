import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ComposeModule, type DatabaseSettings } from '@odcs/compose';
import { type OdcsConfig, OdcsConfigModule } from '@odcs/config';
import { loggingModuleFor } from '@odcs/observability';
import { FrontendModule } from './frontend.module.js';

/**
 * Root module of the frontend process: HTTP API over the shared database. What it writes reaches
 * the backends through the outbox, which their relays deliver (and publish on AMQP).
 */
@Module({})
export class FrontendAppModule {
  static forRoot(config: OdcsConfig, db: DatabaseSettings): DynamicModule {
    return {
      module: FrontendAppModule,
      imports: [
        OdcsConfigModule.forRoot(config),
        loggingModuleFor(config, { process: 'frontend' }, { http: 'fastify-hooks' }),
        CqrsModule.forRoot(),
        ComposeModule.forRoot(db),
        FrontendModule,
      ],
    };
  }
}
