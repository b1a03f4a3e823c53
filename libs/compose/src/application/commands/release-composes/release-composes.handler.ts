import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../ports/clock.js';
import { COMPOSE_REPOSITORY, type ComposeRepository } from '../../ports/compose.repository.js';
import { ReleaseComposesCommand } from './release-composes.command.js';

@CommandHandler(ReleaseComposesCommand)
export class ReleaseComposesHandler implements ICommandHandler<ReleaseComposesCommand> {
  constructor(
    @Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(cmd: ReleaseComposesCommand): Promise<number[]> {
    if (cmd.composeIds.length === 0) return Promise.resolve([]);
    return this.composes.transaction(async (tx) => {
      const released: number[] = [];
      for (const id of cmd.composeIds) {
        const c = await tx.findById(id, { lock: true, states: ['generating'] });
        if (!c || c.snapshot().leaseOwner !== cmd.backendId) continue;
        c.release(`Backend ${cmd.backendId} shut down during generation; the compose waits for another backend.`, this.clock.now());
        await tx.save(c);
        released.push(id);
      }
      return released;
    });
  }
}
