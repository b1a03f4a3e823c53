import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { CLOCK } from '../application/ports/clock.js';
import { COMPOSE_REPOSITORY } from '../application/ports/compose.repository.js';
import { CompleteGenerationCommand } from '../application/commands/complete-generation/complete-generation.command.js';
import { CreateComposeCommand } from '../application/commands/create-compose/create-compose.command.js';
import { FailGenerationCommand } from '../application/commands/fail-generation/fail-generation.command.js';
import { StartGenerationCommand } from '../application/commands/start-generation/start-generation.command.js';
import type { ComposeProps, NewComposeProps } from '../domain/compose-props.js';
import { COMPOSE_COMMAND_HANDLERS } from '../compose.module.js';
import { BASE_COMPOSE_FIELDS, T0 } from './compose.builder.js';
import { FixedClock } from './fixed-clock.js';
import { InMemoryComposeRepository } from './in-memory-compose.repository.js';

export interface InMemoryComposeContext {
  commands: CommandBus;
  repo: InMemoryComposeRepository;
  clock: FixedClock;
  close(): Promise<void>;
  /** A compose submitted through CreateComposeCommand (time to live 1000 s unless given); its id. */
  create(fields?: Partial<NewComposeProps>, ttl?: number): Promise<number>;
  /** Created and claimed by `backend` (StartGenerationCommand). */
  generating(fields?: Partial<NewComposeProps>, backend?: string): Promise<number>;
  /** Created, claimed by backend-a and completed by it. */
  done(fields?: Partial<NewComposeProps>): Promise<number>;
  /** Created, claimed by backend-a and failed by it with `reason`. */
  failed(reason: string, fields?: Partial<NewComposeProps>): Promise<number>;
  /** The stored compose (throws when there is none). */
  get(id: number): Promise<ComposeProps>;
  /** Types of the events written to the outbox for compose `id`, in order. */
  events(id: number): string[];
}

/** The compose command handlers on the real CommandBus, with the in-memory repository and a fixed clock at T0. */
export async function startInMemoryCompose(): Promise<InMemoryComposeContext> {
  const repo = new InMemoryComposeRepository();
  const clock = new FixedClock(T0);
  @Module({
    imports: [CqrsModule.forRoot()],
    providers: [...COMPOSE_COMMAND_HANDLERS, { provide: COMPOSE_REPOSITORY, useValue: repo }, { provide: CLOCK, useValue: clock }],
  })
  class InMemoryComposeModule {}
  const app = await NestFactory.createApplicationContext(InMemoryComposeModule, { logger: false });
  const commands = app.get(CommandBus);
  const create = async (fields: Partial<NewComposeProps> = {}, ttl = 1000) =>
    (await commands.execute(new CreateComposeCommand({ ...BASE_COMPOSE_FIELDS, ...fields }, ttl))).id;
  const generating = async (fields: Partial<NewComposeProps> = {}, backend = 'backend-a') => {
    const id = await create(fields);
    if (!(await commands.execute(new StartGenerationCommand(backend, 60, [id])))) throw new Error(`compose ${id} was not claimed`);
    return id;
  };
  return {
    commands,
    repo,
    clock,
    close: () => app.close(),
    create,
    generating,
    done: async (fields) => {
      const id = await generating(fields);
      await commands.execute(new CompleteGenerationCommand(id, `odcs-${id}-1-20260101.t.0`, 'backend-a'));
      return id;
    },
    failed: async (reason, fields) => {
      const id = await generating(fields);
      await commands.execute(new FailGenerationCommand(id, reason, 'backend-a'));
      return id;
    },
    get: async (id) => {
      const found = await repo.findById(id);
      if (!found) throw new Error(`no compose ${id}`);
      return found;
    },
    events: (id) => repo.outbox.filter((m) => m.composeId === id).map((m) => m.type),
  };
}
