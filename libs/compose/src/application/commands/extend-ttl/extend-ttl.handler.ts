import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ComposeProps } from '../../../domain/compose-props.js';
import { ComposeNotRenewableError } from '../../../domain/compose.errors.js';
import { CLOCK, type Clock } from '../../ports/clock.js';
import { COMPOSE_REPOSITORY, type ComposeRepository } from '../../ports/compose.repository.js';
import { ExtendTtlCommand } from './extend-ttl.command.js';

/** CONTRACT §3.1 "extend": max(current, now + ttl) on the compose, the compose it reuses and those reusing it. */
@CommandHandler(ExtendTtlCommand)
export class ExtendTtlHandler implements ICommandHandler<ExtendTtlCommand> {
  constructor(
    @Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(cmd: ExtendTtlCommand): Promise<ComposeProps> {
    return this.composes.transaction(async (tx) => {
      const group = await tx.lockReuseGroup(cmd.composeId);
      const compose = group.find((c) => c.id === cmd.composeId);
      if (!compose || compose.state !== 'done') throw new ComposeNotRenewableError(cmd.composeId);
      const now = this.clock.now();
      const related = group.filter((c) => c !== compose && c.state !== 'removed');
      const changed = [compose, ...related].filter((c) => c.extendTtl(cmd.secondsToLive, now));
      await tx.save(...changed);
      return compose.snapshot();
    });
  }
}
