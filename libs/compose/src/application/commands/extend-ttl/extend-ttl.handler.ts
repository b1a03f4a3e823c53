import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Compose } from '../../../domain/compose.js';
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
      const compose = await tx.findById(cmd.composeId, { lock: true, states: ['done'] });
      if (!compose) throw new ComposeNotRenewableError(cmd.composeId);
      const { reusedId } = compose.snapshot();
      const reused = reusedId !== null ? await tx.findById(reusedId, { lock: true }) : null;
      const reusing = await tx.findReusing(compose.id, { lock: true });
      const now = this.clock.now();
      const related = [reused, ...reusing].filter((c): c is Compose => c !== null && c.state !== 'removed');
      const changed = [compose, ...related].filter((c) => c.extendTtl(cmd.secondsToLive, now));
      await tx.save(...changed);
      return compose.snapshot();
    });
  }
}
