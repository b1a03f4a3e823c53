import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../ports/clock.js';
import { COMPOSE_REPOSITORY, type ComposeRepository } from '../../ports/compose.repository.js';
import { RenewLeasesCommand } from './renew-leases.command.js';

@CommandHandler(RenewLeasesCommand)
export class RenewLeasesHandler implements ICommandHandler<RenewLeasesCommand> {
  constructor(
    @Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(cmd: RenewLeasesCommand): Promise<number[]> {
    if (cmd.composeIds.length === 0) return Promise.resolve([]);
    return this.composes.transaction(async (tx) => {
      const lost: number[] = [];
      for (const id of cmd.composeIds) {
        const compose = await tx.findById(id, { lock: true, states: ['generating'] });
        if (!compose || compose.snapshot().leaseOwner !== cmd.backendId) {
          lost.push(id);
          continue;
        }
        compose.renewLease(cmd.backendId, cmd.leaseSeconds, this.clock.now());
        await tx.save(compose);
      }
      return lost;
    });
  }
}
