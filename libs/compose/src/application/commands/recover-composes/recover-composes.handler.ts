import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ReusePropagation } from '../../../domain/reuse-propagation.js';
import { CLOCK, type Clock } from '../../ports/clock.js';
import { followersOf } from '../finish-and-propagate.js';
import { COMPOSE_REPOSITORY, type ComposeRepository } from '../../ports/compose.repository.js';
import { RecoverComposesCommand, type RecoveryReport } from './recover-composes.command.js';

const humanDuration = (s: number): string => (s % 86400 === 0 ? `${s / 86400} days` : `${s} seconds`);

@CommandHandler(RecoverComposesCommand)
export class RecoverComposesHandler implements ICommandHandler<RecoverComposesCommand> {
  constructor(
    @Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(cmd: RecoverComposesCommand): Promise<RecoveryReport> {
    return this.composes.transaction(async (tx) => {
      const now = this.clock.now();
      const report: RecoveryReport = { requeued: [], failed: [], followed: [] };
      for (const c of await tx.claim({ kind: 'lease-lapsed', now }, cmd.limit)) {
        const { attempts, leaseOwner } = c.snapshot();
        const lost = `its backend (${leaseOwner ?? 'unknown'}) stopped renewing its lease`;
        if (attempts < cmd.maxAttempts) {
          c.requeueAfterLostLease(`Generation attempt ${attempts} of ${cmd.maxAttempts} was lost: ${lost}; retrying.`, now);
          report.requeued.push(c.id);
        } else {
          c.failGeneration(`Compose failed after ${attempts} attempts: ${lost} every time.`, now);
          report.failed.push(c.id);
        }
        const followers = await followersOf(tx, c, now);
        await tx.save(c, ...followers);
        report.followed.push(...followers.map((f) => f.id));
      }
      for (const c of await tx.claim({ kind: 'reusing-finished' }, cmd.limit)) {
        const reused = await tx.findById(c.snapshot().reusedId!);
        if (!reused) continue;
        // Missed when the reused compose ended (its transaction predates the reuse): follow it now.
        const followed = ReusePropagation.follow(reused, [c], now);
        await tx.save(...followed);
        report.followed.push(...followed.map((f) => f.id));
      }
      const before = new Date(now.getTime() - cmd.waitLimitSeconds * 1000);
      for (const c of await tx.claim({ kind: 'waiting-since', before }, cmd.limit)) {
        c.failGeneration(`Compose stuck in 'wait' state for longer than ${humanDuration(cmd.waitLimitSeconds)}.`, now);
        await tx.save(c);
        report.failed.push(c.id);
      }
      return report;
    });
  }
}
