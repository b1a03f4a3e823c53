import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FailGenerationCommand, ReleaseComposesCommand, RenewLeasesCommand, StartGenerationCommand } from '@odcs/compose';
import { ODCS_CONFIG, type OdcsConfig } from '@odcs/config';
import { OdcsMetrics } from '@odcs/observability';
import { BACKEND_ID } from '../backend-identity.js';
import { GenerateComposeRunner } from './generate-compose.runner.js';

/**
 * Runs at most num_concurrent_pungi generations in this backend. Claims composes from the
 * database (the truth), whether an event told it about them or the pick-up loop found them.
 */
@Injectable()
export class GenerationScheduler implements BeforeApplicationShutdown {
  private readonly log = new Logger('GenerationScheduler');
  private readonly running = new Map<number, { abort: AbortController; done: Promise<void>; renewedAt: number }>();
  private claiming: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly commands: CommandBus,
    private readonly runner: GenerateComposeRunner,
    @Inject(BACKEND_ID) private readonly backendId: string,
    @Inject(ODCS_CONFIG) private readonly config: OdcsConfig,
    private readonly metrics: OdcsMetrics,
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
    let lost: number[];
    try {
      lost = await this.commands.execute(new RenewLeasesCommand(this.backendId, ids, this.config.generation_lease_seconds));
    } catch (e) {
      // Cut off from the database: once a lease has surely lapsed another backend may take the compose, so stop.
      const deadline = Date.now() - this.config.generation_lease_seconds * 1000;
      const expired = ids.filter((id) => (this.running.get(id)?.renewedAt ?? 0) < deadline);
      this.log.error(`cannot renew leases: ${(e as Error).message}${expired.length ? `; stopping ${expired.join(', ')}` : ''}`);
      for (const id of expired) this.running.get(id)?.abort.abort();
      return;
    }
    const now = Date.now();
    for (const id of ids) {
      const entry = this.running.get(id);
      if (entry && !lost.includes(id)) entry.renewedAt = now;
    }
    for (const id of lost) {
      this.log.warn(`compose ${id} is no longer generating here (cancelled or taken over): stopping its engine`);
      this.running.get(id)?.abort.abort();
    }
  }

  /** Stops the engine of a compose this backend runs (cancelled); nothing when it runs elsewhere. */
  stop(id: number): void {
    const entry = this.running.get(id);
    if (!entry) return;
    this.log.warn(`compose ${id} was cancelled: stopping its engine`);
    entry.abort.abort();
  }

  /** Resolves when every running generation has finished (tests, shutdown). */
  async idle(): Promise<void> {
    await this.claiming;
    while (this.running.size) await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** Clean shutdown: stop the engines, then hand the composes back (before the database connection closes). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const ids = this.runningIds;
    for (const r of this.running.values()) r.abort.abort();
    await Promise.all([...this.running.values()].map((r) => r.done));
    try {
      const released = await this.commands.execute(new ReleaseComposesCommand(this.backendId, ids));
      if (released.length) this.log.log(`released composes ${released.join(', ')} for another backend`);
    } catch (e) {
      this.log.warn(`could not release composes ${ids.join(', ')}: ${(e as Error).message}; their leases will lapse`);
    }
  }

  /** Longer than any engine may take (CONTRACT §8.5: 2 × pungi_timeout). */
  private stuckAfterSeconds(): number {
    return 2 * this.config.pungi_timeout;
  }

  /** Watchdog: a generation that outlived every timeout is stopped and failed, never left generating. */
  private async giveUp(id: number, abort: AbortController): Promise<void> {
    const seconds = this.stuckAfterSeconds();
    this.log.error(`compose ${id} is still generating after ${seconds} s: stopping it`);
    abort.abort();
    const reason = `Compose stuck in 'generating' state for longer than ${seconds} seconds.`;
    await this.commands.execute(new FailGenerationCommand(id, reason, this.backendId)).catch((e: unknown) => {
      this.log.error(`could not fail stuck compose ${id}: ${(e as Error).message}`);
    });
  }

  private async claimWhileFree(ids?: number[]): Promise<void> {
    while (!this.stopping && this.running.size < this.config.num_concurrent_pungi) {
      const claimed = await this.commands.execute(
        new StartGenerationCommand(this.backendId, this.config.generation_lease_seconds, ids, this.runningIds),
      );
      if (!claimed) return;
      this.log.log({ compose_id: claimed.id, msg: `compose ${claimed.id} claimed by ${this.backendId} (attempt ${claimed.attempts})` });
      if (claimed.attempts > 1) this.metrics.leaseRetries.inc({ source_type: claimed.sourceType });
      else this.metrics.queueWait.observe({ source_type: claimed.sourceType }, (Date.now() - claimed.timeSubmitted.getTime()) / 1000);
      const abort = new AbortController();
      const watchdog = setTimeout(() => void this.giveUp(claimed.id, abort), this.stuckAfterSeconds() * 1000);
      const done = this.runner
        .run(claimed, abort.signal)
        .catch((e: unknown) => this.log.error(`compose ${claimed.id}: ${(e as Error).message}`))
        .finally(() => {
          clearTimeout(watchdog);
          if (this.running.get(claimed.id)?.abort === abort) this.running.delete(claimed.id);
          if (!this.stopping) void this.fill();
        });
      this.running.set(claimed.id, { abort, done, renewedAt: Date.now() });
    }
  }
}
