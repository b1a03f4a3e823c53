// Domain
export * from './domain/compose.js';
export * from './domain/compose-props.js';
export * from './domain/compose-state.js';
export * from './domain/compose-enums.js';
export * from './domain/compose.errors.js';
export * from './domain/domain.error.js';
export * from './domain/events/index.js';
// Application
export * from './application/ports/clock.js';
export * from './application/ports/compose.repository.js';
export * from './application/presenters/compose-json.presenter.js';
export * from './application/request/parse-create-request.js';
export * from './application/request/validate-request-structure.js';
export * from './application/request/seconds-to-live.js';
export * from './application/commands/create-compose/create-compose.command.js';
export * from './application/commands/renew-compose/renew-compose.command.js';
export { needsCopy } from './application/commands/renew-compose/renew-compose.handler.js';
export * from './application/commands/extend-ttl/extend-ttl.command.js';
export * from './application/commands/delete-compose/delete-compose.command.js';
export * from './application/queries/get-compose/get-compose.query.js';
export * from './application/queries/list-composes/list-composes.query.js';
// Infrastructure entry points
export * from './compose.module.js';
export { dataSourceOptions, ENTITIES } from './infrastructure/persistence/data-source.options.js';
export { runMigrations } from './infrastructure/persistence/run-migrations.js';
export { startEmbeddedPostgres, type EmbeddedPostgres } from './infrastructure/persistence/embedded-postgres.js';
export { MIGRATIONS } from './infrastructure/persistence/migrations/index.js';
export { OutboxMessageOrmEntity } from './infrastructure/persistence/outbox-message.orm-entity.js';
export { ComposeOrmEntity } from './infrastructure/persistence/compose.orm-entity.js';
