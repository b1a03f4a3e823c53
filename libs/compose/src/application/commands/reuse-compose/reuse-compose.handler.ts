import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { REASON_GENERATING } from '../../../domain/compose.js';
import type { ComposeProps } from '../../../domain/compose-props.js';
import { ConcurrentComposeUpdateError } from '../../../domain/compose.errors.js';
import { ReusePropagation } from '../../../domain/reuse-propagation.js';
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
      // Still a valid candidate now that it is locked: no chains, and a generating one must be running its engine.
      const o = older?.snapshot();
      if (!older || !o || o.reusedId !== null || (o.state === 'generating' && o.stateReason !== REASON_GENERATING)) {
        throw new ConcurrentComposeUpdateError(cmd.reusedId, 'done');
      }
      // Composes that were waiting on this one now wait on (or finish with) the older one: no chains.
      const waiting = await tx.findReusing(compose.id, { lock: true });
      await tx.save(...ReusePropagation.link(compose, older, waiting, this.clock.now()));
      return compose.snapshot();
    });
  }
}
