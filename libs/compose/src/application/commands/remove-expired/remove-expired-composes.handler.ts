import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ComposeProps } from '../../../domain/compose-props.js';
import { CLOCK, type Clock } from '../../ports/clock.js';
import { COMPOSE_REPOSITORY, type ComposeRepository } from '../../ports/compose.repository.js';
import { RemoveExpiredComposesCommand } from './remove-expired-composes.command.js';

export const EXPIRY_LOCK = 'odcs.expiry-sweep';

@CommandHandler(RemoveExpiredComposesCommand)
export class RemoveExpiredComposesHandler implements ICommandHandler<RemoveExpiredComposesCommand> {
  constructor(
    @Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(cmd: RemoveExpiredComposesCommand): Promise<ComposeProps[] | null> {
    return this.composes.transaction(async (tx) => {
      if (cmd.onlyIds === undefined && !(await tx.tryAdvisoryLock(EXPIRY_LOCK))) return null;
      const now = this.clock.now();
      const due = await tx.claim({ kind: 'expired', now, ids: cmd.onlyIds }, cmd.limit + cmd.protectedIds.length);
      const removed = [];
      for (const compose of due) {
        if (cmd.protectedIds.includes(compose.id)) continue;
        if (cmd.unavailableTargetDirs.includes(compose.snapshot().targetDir)) continue;
        // Files shared with a compose that still lives stay until that one goes too.
        const users = await tx.findReusing(compose.id);
        if (users.some((u) => u.state !== 'removed')) continue;
        compose.markRemoved(now);
        removed.push(compose);
        if (removed.length >= cmd.limit) break;
      }
      await tx.save(...removed);
      return removed.map((c) => c.snapshot());
    });
  }
}
