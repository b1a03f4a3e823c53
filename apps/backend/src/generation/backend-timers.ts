import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ODCS_CONFIG, type OdcsConfig } from '@odcs/config';
import { RemoveExpiredComposesJob } from '../expiry/remove-expired-composes.job.js';
import { RecoverComposesJob } from '../recovery/recover-composes.job.js';
import { GenerationScheduler } from './generation.scheduler.js';

/**
 * The backend's periodic work, registered with @nestjs/schedule: pick up waiting composes it was
 * not told about, renew leases, recover lost composes, remove expired ones. Each job is safe with
 * many backends (claims with SKIP LOCKED, sweeps under advisory locks).
 */
@Injectable()
export class BackendTimers implements OnApplicationBootstrap {
  private readonly log = new Logger('BackendTimers');

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly scheduler: GenerationScheduler,
    private readonly expiry: RemoveExpiredComposesJob,
    private readonly recovery: RecoverComposesJob,
    @Inject(ODCS_CONFIG) private readonly config: OdcsConfig,
  ) {}

  onApplicationBootstrap(): void {
    const c = this.config;
    // Frequent enough that a cancelled compose stops its engine within seconds, and a lease never lapses while alive.
    const heartbeatMs = Math.max(1000, Math.min(5000, Math.floor((c.generation_lease_seconds * 1000) / 4)));
    this.every('pick-up-waiting-composes', c.pickup_interval_seconds * 1000, () => this.scheduler.fill());
    this.every('renew-generation-leases', heartbeatMs, () => this.scheduler.heartbeat());
    this.every('recover-composes', Math.min(c.cleanup_interval_seconds, c.generation_lease_seconds) * 1000, () => this.recovery.run());
    this.every('remove-expired-composes', c.cleanup_interval_seconds * 1000, () => this.expiry.run());
    void this.scheduler.fill();
  }

  private every(name: string, ms: number, job: () => Promise<unknown>): void {
    let busy = false;
    const tick = () => {
      if (busy) return;
      busy = true;
      job()
        .catch((e: unknown) => this.log.error(`${name} failed: ${(e as Error).message}`))
        .finally(() => (busy = false));
    };
    this.registry.addInterval(name, setInterval(tick, ms));
  }
}
