import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../ports/clock.js';
import { COMPOSE_REPOSITORY, type ComposeRepository } from '../../ports/compose.repository.js';
import { finishAndPropagate } from '../finish-and-propagate.js';
import { FailGenerationCommand } from './fail-generation.command.js';

@CommandHandler(FailGenerationCommand)
export class FailGenerationHandler implements ICommandHandler<FailGenerationCommand> {
  constructor(
    @Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(cmd: FailGenerationCommand): Promise<void> {
    return this.composes.transaction((tx) =>
      finishAndPropagate(tx, cmd.composeId, (c, now) => c.failGeneration(cmd.reason, now), this.clock.now(), cmd.backendId),
    );
  }
}
