import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Compose } from '../../../domain/compose.js';
import type { ComposeProps } from '../../../domain/compose-props.js';
import { CLOCK, type Clock } from '../../ports/clock.js';
import { COMPOSE_REPOSITORY, type ComposeRepository } from '../../ports/compose.repository.js';
import { CreateComposeCommand } from './create-compose.command.js';

@CommandHandler(CreateComposeCommand)
export class CreateComposeHandler implements ICommandHandler<CreateComposeCommand> {
  constructor(
    @Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(cmd: CreateComposeCommand): Promise<ComposeProps> {
    return this.composes.transaction(async (tx) => {
      const compose = Compose.submit(cmd.fields, cmd.secondsToLive, this.clock.now());
      await tx.insert(compose);
      return compose.snapshot();
    });
  }
}
