import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ComposeForbiddenError, ComposeNotRemovableError } from '../../../domain/compose.errors.js';
import { CLOCK, type Clock } from '../../ports/clock.js';
import { followersOf } from '../finish-and-propagate.js';
import { COMPOSE_REPOSITORY, type ComposeRepository } from '../../ports/compose.repository.js';
import { DeleteComposeCommand, type DeleteOutcome } from './delete-compose.command.js';

/**
 * CONTRACT §3.2. odcs also cancels a generating compose (the backend that runs it is told through
 * the ComposeCancelledEvent and kills its engine).
 */
@CommandHandler(DeleteComposeCommand)
export class DeleteComposeHandler implements ICommandHandler<DeleteComposeCommand> {
  constructor(
    @Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(cmd: DeleteComposeCommand): Promise<DeleteOutcome> {
    return this.composes.transaction(async (tx) => {
      const compose = await tx.getById(cmd.composeId, { lock: true });
      const { owner } = compose.snapshot();
      if (compose.state === 'wait' || compose.state === 'generating') {
        if (!cmd.isAdmin && owner !== cmd.username) {
          throw new ComposeForbiddenError(`Compose (id=${compose.id}) can not be canceled, it's owned by someone else.`);
        }
        const now = this.clock.now();
        compose.cancel(cmd.username, now);
        // Composes waiting on this one fail with it (CONTRACT §4.3 propagation).
        await tx.save(compose, ...(await followersOf(tx, compose, now)));
        return 'cancelled';
      }
      if (!cmd.isAdmin) throw new ComposeForbiddenError(`User ${cmd.username} is not in role admins.`);
      if (compose.state !== 'done' && compose.state !== 'failed') throw new ComposeNotRemovableError(compose.id);
      compose.requestRemoval(cmd.username, this.clock.now());
      await tx.save(compose);
      return 'removal-requested';
    });
  }
}
