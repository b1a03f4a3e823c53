import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ComposeProps } from '../../../domain/compose-props.js';
import { ConcurrentComposeUpdateError } from '../../../domain/compose.errors.js';
import { CLOCK, type Clock } from '../../ports/clock.js';
import { COMPOSE_REPOSITORY, type ComposeRepository } from '../../ports/compose.repository.js';
import { ReuseComposeCommand } from './reuse-compose.command.js';

@CommandHandler(ReuseComposeCommand)
export class ReuseComposeHandler implements ICommandHandler<ReuseComposeCommand> {
  constructor(
    @Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(cmd: ReuseComposeCommand): Promise<ComposeProps> {
    return this.composes.transaction(async (tx) => {
      // Lock the older compose first (lower id): a fixed order avoids deadlocks between backends.
      const older = await tx.findById(cmd.reusedId, { lock: true, states: ['done', 'generating'] });
      const compose = await tx.getById(cmd.composeId, { lock: true });
      if (compose.state !== 'generating') throw new ConcurrentComposeUpdateError(compose.id, 'generating');
      if (!older) throw new ConcurrentComposeUpdateError(cmd.reusedId, 'done');
      compose.reuse(older);
      if (older.state === 'done') compose.completeGeneration(this.clock.now());
      await tx.save(older, compose);
      return compose.snapshot();
    });
  }
}
