import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CreateComposeHandler } from './application/commands/create-compose/create-compose.handler.js';
import { DeleteComposeHandler } from './application/commands/delete-compose/delete-compose.handler.js';
import { ExtendTtlHandler } from './application/commands/extend-ttl/extend-ttl.handler.js';
import { RenewComposeHandler } from './application/commands/renew-compose/renew-compose.handler.js';
import { CLOCK, SystemClock } from './application/ports/clock.js';
import { COMPOSE_REPOSITORY } from './application/ports/compose.repository.js';
import { USER_DIRECTORY } from './application/ports/user-directory.js';
import { TypeOrmUserDirectory } from './infrastructure/persistence/typeorm-user-directory.js';
import { ComposeJsonPresenter } from './application/presenters/compose-json.presenter.js';
import { ListedComposeJson } from './application/presenters/listed-compose-json.js';
import { GetComposeHandler } from './application/queries/get-compose/get-compose.handler.js';
import { ListComposesHandler } from './application/queries/list-composes/list-composes.handler.js';
import { OutboxFeed } from './infrastructure/outbox/outbox.feed.js';
import { OutboxNotifier } from './infrastructure/outbox/outbox.notifier.js';
import { OutboxWriter } from './infrastructure/outbox/outbox.writer.js';
import { StartGenerationHandler } from './application/commands/start-generation/start-generation.handler.js';
import { RecordProgressHandler } from './application/commands/record-progress/record-progress.handler.js';
import { RenewLeasesHandler } from './application/commands/renew-leases/renew-leases.handler.js';
import { ReuseComposeHandler } from './application/commands/reuse-compose/reuse-compose.handler.js';
import { CompleteGenerationHandler } from './application/commands/complete-generation/complete-generation.handler.js';
import { FailGenerationHandler } from './application/commands/fail-generation/fail-generation.handler.js';
import { RemoveExpiredComposesHandler } from './application/commands/remove-expired/remove-expired-composes.handler.js';
import { ReleaseComposesHandler } from './application/commands/release-composes/release-composes.handler.js';
import { RecoverComposesHandler } from './application/commands/recover-composes/recover-composes.handler.js';
import { FindReuseCandidatesHandler } from './application/queries/find-reuse-candidates/find-reuse-candidates.handler.js';
import { dataSourceOptions } from './infrastructure/persistence/data-source.options.js';
import { runMigrations } from './infrastructure/persistence/run-migrations.js';
import { OutboxEventDispatcher } from './infrastructure/outbox/outbox-event.dispatcher.js';
import { OUTBOX_RELAY_OPTIONS, OutboxRelay, type OutboxRelayOptions } from './infrastructure/outbox/outbox.relay.js';
import { TypeOrmComposeRepository } from './infrastructure/persistence/typeorm-compose.repository.js';
import { ComposeStatsReader } from './infrastructure/persistence/compose-stats.reader.js';
import { BackendRegistry } from './infrastructure/persistence/backend-registry.js';

export interface DatabaseSettings {
  url: string;
  /** PGlite behind a socket: a single connection. */
  embedded: boolean;
  migrate: boolean;
  /** database_generic_plans (default true); see dataSourceOptions. */
  genericPlans?: boolean;
}

/** The command handlers: they need COMPOSE_REPOSITORY and CLOCK only (unit tests run them on the in-memory repository). */
export const COMPOSE_COMMAND_HANDLERS = [
  CreateComposeHandler,
  RenewComposeHandler,
  ExtendTtlHandler,
  DeleteComposeHandler,
  StartGenerationHandler,
  RecordProgressHandler,
  RenewLeasesHandler,
  ReuseComposeHandler,
  CompleteGenerationHandler,
  FailGenerationHandler,
  RemoveExpiredComposesHandler,
  RecoverComposesHandler,
  ReleaseComposesHandler,
];

const HANDLERS = [...COMPOSE_COMMAND_HANDLERS, GetComposeHandler, ListComposesHandler, FindReuseCandidatesHandler];

/** The compose domain with its persistence. Apps add their own handlers on top. Needs CqrsModule.forRoot() at the root. */
@Module({})
export class ComposeModule {
  static forRoot(db: DatabaseSettings): DynamicModule {
    return {
      module: ComposeModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(db.url, { embedded: db.embedded, genericPlans: db.genericPlans }),
          dataSourceFactory: async (options) => {
            const ds = await new DataSource(options!).initialize();
            if (db.migrate) await runMigrations(ds, { embedded: db.embedded });
            return ds;
          },
        }),
      ],
      providers: [
        { provide: COMPOSE_REPOSITORY, useClass: TypeOrmComposeRepository },
        { provide: CLOCK, useClass: SystemClock },
        { provide: USER_DIRECTORY, useClass: TypeOrmUserDirectory },
        ComposeJsonPresenter,
        ListedComposeJson,
        OutboxWriter,
        OutboxNotifier,
        OutboxFeed,
        ComposeStatsReader,
        BackendRegistry,
        ...HANDLERS,
      ],
      exports: [
        COMPOSE_REPOSITORY,
        CLOCK,
        USER_DIRECTORY,
        ComposeJsonPresenter,
        OutboxNotifier,
        OutboxFeed,
        ComposeStatsReader,
        BackendRegistry,
      ],
    };
  }
}

/** The outbox relay of a backend process: delivers stored domain events to this process's event handlers (global: the backend counts its deliveries). */
@Module({})
export class OutboxRelayModule {
  static forRoot(options: OutboxRelayOptions): DynamicModule {
    return {
      module: OutboxRelayModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [{ provide: OUTBOX_RELAY_OPTIONS, useValue: options }, OutboxEventDispatcher, OutboxRelay],
      exports: [OutboxRelay],
    };
  }
}
