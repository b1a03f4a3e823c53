import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../ports/clock.js';
import { COMPOSE_REPOSITORY, type ComposeRepository } from '../../ports/compose.repository.js';
import { finishAndPropagate } from '../finish-and-propagate.js';
import { CompleteGenerationCommand } from './complete-generation.command.js';

@CommandHandler(CompleteGenerationCommand)
export class CompleteGenerationHandler implements ICommandHandler<CompleteGenerationCommand> {
  constructor(
    @Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(cmd: CompleteGenerationCommand): Promise<void> {
    return this.composes.transaction((tx) =>
      finishAndPropagate(
        tx,
        cmd.composeId,
        (c, now) => {
          if (cmd.pungiComposeId !== null) c.setPungiComposeId(cmd.pungiComposeId);
          c.setSizeBytes(cmd.sizeBytes);
          if (cmd.pungiConfigDump !== undefined) c.setPungiConfigDump(cmd.pungiConfigDump);
          c.completeGeneration(now);
        },
        this.clock.now(),
        cmd.backendId,
      ),
    );
  }
}
