import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  BackendRegistry,
  COMPOSE_REPOSITORY,
  type ComposeProps,
  type ComposeRepository,
  RemoveExpiredComposesCommand,
} from '@odcs/compose';
import { ODCS_CONFIG, type OdcsConfig } from '@odcs/config';
import { ComposeStorage } from '../storage/compose-storage.js';

const BATCH = 100;

/**
 * Expiry sweep (CONTRACT §8.6): due composes → removed with their files, in batches, one backend
 * at a time (advisory lock in RemoveExpiredComposesCommand); then stray odcs-* entries whose
 * compose is unknown or removed (and not needed by a live compose reusing it) are deleted.
 * {@link removeNow} removes composes an admin asked to remove at once. In one process the two take
 * turns, so a compose's files are gone once either returns.
 * Backends not seen for backend_forget_seconds are deleted from the backends table first.
 */
@Injectable()
export class RemoveExpiredComposesJob {
  private readonly log = new Logger('Expiry');
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly commands: CommandBus,
    private readonly storage: ComposeStorage,
    @Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository,
    @Inject(ODCS_CONFIG) private readonly config: OdcsConfig,
    private readonly backends: BackendRegistry,
  ) {}

  run(): Promise<void> {
    return this.inTurn(() => this.sweep());
  }

  /** Removes these composes now if they are due (an admin DELETE made them due); others are left alone. */
  removeNow(ids: number[]): Promise<void> {
    return this.inTurn(async () => {
      const removed = await this.removeBatch(ids);
      if (removed !== null) await this.removeFiles(removed);
    });
  }

  private inTurn(work: () => Promise<void>): Promise<void> {
    const next = this.turn.then(work);
    this.turn = next.catch(() => undefined);
    return next;
  }

  private async sweep(): Promise<void> {
    // Backends gone for backend_forget_seconds leave the backends table (a plain DELETE: any number of sweepers is safe).
    const forgotten = await this.backends.forget(this.config.backend_forget_seconds);
    if (forgotten) this.log.log(`forgot ${forgotten} backend(s) not seen for ${this.config.backend_forget_seconds} s`);
    for (;;) {
      const removed = await this.removeBatch();
      if (removed === null) return; // another backend is sweeping
      await this.removeFiles(removed);
      if (removed.length < BATCH) break;
    }
    await this.removeStrays();
  }

  private async removeBatch(onlyIds?: number[]): Promise<ComposeProps[] | null> {
    const protectedIds = await this.storage.latestLinkTargets();
    const unavailable = await this.storage.unavailableTargetDirs();
    return this.commands.execute(new RemoveExpiredComposesCommand(BATCH, protectedIds, unavailable, onlyIds));
  }

  private async removeFiles(removed: ComposeProps[]): Promise<void> {
    for (const c of removed) {
      this.log.log(`compose ${c.id} removed: ${(c.stateReason ?? '').split('\n').pop()}`);
      if (c.reusedId !== null) continue;
      await this.storage.removeComposeDir(c.targetDir ?? this.config.target_dir, c.id);
      if (c.sourceType === 'raw_config') await this.storage.removeComposeLinks(c.targetDir ?? this.config.target_dir, c.id);
    }
  }

  private async removeStrays(): Promise<void> {
    const entries = await this.storage.composeEntries();
    if (entries.length === 0) return;
    const live = await this.composes.liveComposeIds([...new Set(entries.map((e) => e.id))]);
    for (const e of entries) if (!live.has(e.id)) await this.storage.removeEntry(e.targetDir, e.name);
  }
}
