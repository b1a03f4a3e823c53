import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Compose } from '../../../domain/compose.js';
import type { ComposeProps } from '../../../domain/compose-props.js';
import { ComposeNotRenewableError } from '../../../domain/compose.errors.js';
import { CLOCK, type Clock } from '../../ports/clock.js';
import { COMPOSE_REPOSITORY, type ComposeRepository } from '../../ports/compose.repository.js';
import { ExtendTtlCommand } from '../extend-ttl/extend-ttl.command.js';
import { RenewComposeCommand, type RenewOverrides } from './renew-compose.command.js';

/** Copy when the old compose is gone or failed, or when the request changes its content; else extend. */
export function needsCopy(old: Readonly<ComposeProps>, o: RenewOverrides): boolean {
  if (old.state === 'removed' || old.state === 'failed') return true;
  if (o.sigkeys !== undefined && o.sigkeys !== (old.sigkeys ?? '')) return true;
  return o.modules !== undefined || o.builds !== undefined;
}

@CommandHandler(RenewComposeCommand)
export class RenewComposeHandler implements ICommandHandler<RenewComposeCommand> {
  constructor(
    @Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly commands: CommandBus,
  ) {}

  async execute(cmd: RenewComposeCommand, retried = false): Promise<ComposeProps> {
    const copied = await this.composes.transaction(async (tx): Promise<Compose | null> => {
      const old = await tx.findById(cmd.composeId, { states: ['removed', 'done', 'failed'] });
      if (!old) throw new ComposeNotRenewableError(cmd.composeId);
      if (!needsCopy(old.snapshot(), cmd.overrides)) return null;
      const copy = old.copyForRenewal(cmd.requestedBy, cmd.overrides, cmd.secondsToLive, this.clock.now());
      await tx.insert(copy, old.id);
      return copy;
    });
    if (copied) return copied.snapshot();
    try {
      return await this.commands.execute(new ExtendTtlCommand(cmd.composeId, cmd.secondsToLive));
    } catch (e) {
      // Removed by the expiry sweep in between: now it is a copy (once; a missing compose stays a 404).
      if (e instanceof ComposeNotRenewableError && !retried) return this.execute(cmd, true);
      throw e;
    }
  }
}
