import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RenewLeasesCommand, StartGenerationCommand } from '@odcs/compose';
import { ODCS_CONFIG, type OdcsConfig } from '@odcs/config';
import { BACKEND_ID } from '../backend-identity.js';
import { GenerateComposeRunner } from './generate-compose.runner.js';

/**
 * Runs at most num_concurrent_pungi generations in this backend. Claims composes from the
 * database (the truth), whether it was told about them by a work signal or found them itself.
 */
@Injectable()
export class GenerationScheduler implements OnApplicationShutdown {
  private readonly log = new Logger('GenerationScheduler');
  private readonly running = new Map<number, { abort: AbortController; done: Promise<void> }>();
  private claiming: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly commands: CommandBus,
    private readonly runner: GenerateComposeRunner,
    @Inject(BACKEND_ID) private readonly backendId: string,
    @Inject(ODCS_CONFIG) private readonly config: OdcsConfig,
  ) {}

  get runningIds(): number[] {
    return [...this.running.keys()];
  }

  /** Claims waiting composes (only `ids` when given) while there is capacity. Claims are serialised per process. */
  fill(ids?: number[]): Promise<void> {
    this.claiming = this.claiming
      .then(() => this.claimWhileFree(ids))
      .catch((e: unknown) => {
        this.log.error(`claiming composes failed: ${(e as Error).message}`);
      });
    return this.claiming;
  }

  /** Heartbeat: renew the leases of running composes; stop the ones this backend no longer owns (cancelled). */
  async heartbeat(): Promise<void> {
    const ids = this.runningIds;
    if (ids.length === 0) return;
    const lost = await this.commands.execute(new RenewLeasesCommand(this.backendId, ids, this.config.generation_lease_seconds));
    for (const id of lost) {
      this.log.warn(`compose ${id} is no longer generating here (cancelled or taken over): stopping its engine`);
      this.running.get(id)?.abort.abort();
    }
  }

  /** Resolves when every running generation has finished (tests, shutdown). */
  async idle(): Promise<void> {
    await this.claiming;
    while (this.running.size) await Promise.all([...this.running.values()].map((r) => r.done));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const r of this.running.values()) r.abort.abort();
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  private async claimWhileFree(ids?: number[]): Promise<void> {
    while (!this.stopping && this.running.size < this.config.num_concurrent_pungi) {
      const claimed = await this.commands.execute(new StartGenerationCommand(this.backendId, this.config.generation_lease_seconds, ids));
      if (!claimed) return;
      this.log.log(`compose ${claimed.id} claimed by ${this.backendId} (attempt ${claimed.attempts})`);
      const abort = new AbortController();
      const done = this.runner
        .run(claimed, abort.signal)
        .catch((e: unknown) => this.log.error(`compose ${claimed.id}: ${(e as Error).message}`))
        .finally(() => {
          this.running.delete(claimed.id);
          if (!this.stopping) void this.fill();
        });
      this.running.set(claimed.id, { abort, done });
    }
  }
}
