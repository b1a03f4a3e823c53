import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { BackendRegistry, type BackendProcess } from '@odcs/compose';
import { ODCS_CONFIG, type OdcsConfig } from '@odcs/config';
import { hostname } from 'node:os';
import { BACKEND_ID } from '../backend-identity.js';

/**
 * Records this backend in the backends table at start and every backend_heartbeat_seconds, busy
 * or idle: the frontend's celery_workers gauges read it instead of Celery pings.
 */
@Injectable()
export class BackendHeartbeat implements OnApplicationBootstrap {
  private readonly log = new Logger('BackendHeartbeat');
  private readonly self: BackendProcess;

  constructor(
    private readonly backends: BackendRegistry,
    private readonly schedule: SchedulerRegistry,
    @Inject(BACKEND_ID) backendId: string,
    @Inject(ODCS_CONFIG) private readonly config: OdcsConfig,
  ) {
    this.self = { id: backendId, hostname: hostname(), pid: process.pid, startedAt: new Date() };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.schedule.addInterval(
      'backend-heartbeat',
      setInterval(() => void this.beat(), this.config.backend_heartbeat_seconds * 1000),
    );
  }

  private async beat(): Promise<void> {
    try {
      await this.backends.beat(this.self);
    } catch (e) {
      this.log.warn(`heartbeat failed: ${(e as Error).message}`);
    }
  }
}
