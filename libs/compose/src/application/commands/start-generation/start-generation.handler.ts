import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ComposeProps } from '../../../domain/compose-props.js';
import { CLOCK, type Clock } from '../../ports/clock.js';
import { COMPOSE_REPOSITORY, type ComposeRepository } from '../../ports/compose.repository.js';
import { StartGenerationCommand } from './start-generation.command.js';

/** Claims with FOR UPDATE SKIP LOCKED and a guarded update, so two backends never take the same compose. */
@CommandHandler(StartGenerationCommand)
export class StartGenerationHandler implements ICommandHandler<StartGenerationCommand> {
  constructor(
    @Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(cmd: StartGenerationCommand): Promise<ComposeProps | null> {
    return this.composes.transaction(async (tx) => {
      const [compose] = await tx.claim({ kind: 'waiting', ids: cmd.onlyIds, excludeIds: cmd.excludeIds }, 1);
      if (!compose) return null;
      compose.startGeneration(this.clock.now(), cmd.backendId, cmd.leaseSeconds);
      await tx.save(compose);
      return compose.snapshot();
    });
  }
}
