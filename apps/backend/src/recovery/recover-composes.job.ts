import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RecoverComposesCommand } from '@odcs/compose';
import { ODCS_CONFIG, type OdcsConfig } from '@odcs/config';
import { GenerationScheduler } from '../generation/generation.scheduler.js';

const THREE_DAYS = 3 * 24 * 3600;

/** Lost and stuck composes (CONTRACT §8.5, with leases instead of 2×pungi_timeout). */
@Injectable()
export class RecoverComposesJob {
  private readonly log = new Logger('Recovery');

  constructor(
    private readonly commands: CommandBus,
    private readonly scheduler: GenerationScheduler,
    @Inject(ODCS_CONFIG) private readonly config: OdcsConfig,
  ) {}

  async run(): Promise<void> {
    const report = await this.commands.execute(new RecoverComposesCommand(this.config.generation_max_attempts, THREE_DAYS));
    if (report.requeued.length) this.log.warn(`retrying composes whose backend was lost: ${report.requeued.join(', ')}`);
    if (report.failed.length) this.log.warn(`failed stuck composes: ${report.failed.join(', ')}`);
    if (report.followed.length) this.log.log(`composes following their reused compose: ${report.followed.join(', ')}`);
    if (report.requeued.length) await this.scheduler.fill();
  }
}
