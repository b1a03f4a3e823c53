import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Observable, Subject, type Subscription } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import { UndeliverableEventError } from '../../application/events/awaited-event-handler.js';
import { OutboxEventDispatcher } from './outbox-event.dispatcher.js';
import { type OutboxRow, domainEventOf, RETIRED_EVENT_TYPES } from './outbox-event.mapper.js';
import { OutboxNotifier } from './outbox.notifier.js';
import { OutboxWakeUpListener } from './outbox-wake-up.listener.js';

export const OUTBOX_RELAY_OPTIONS = Symbol('OUTBOX_RELAY_OPTIONS');
export interface OutboxRelayOptions {
  pollIntervalMs: number;
  batchSize: number;
  /** Published rows older than this are deleted. */
  retentionHours: number;
  /**
   * One database connection (embedded PGlite, one process): rows are delivered outside a transaction,
   * since the handlers need the connection for their own; the relay of this process is the only one.
   */
  singleConnection?: boolean;
}

const PRUNE_EVERY_MS = 10 * 60 * 1000;

const RELAY_LOCK = 'odcs.outbox-relay';

/** What one committed batch did: rows published to their handlers, rows set aside as never deliverable. */
export interface OutboxDelivery {
  published: number;
  setAside: number;
}

type BatchOutcome = 'more' | 'idle' | 'busy' | 'blocked';

/**
 * Rebuilds outbox rows into their domain events, in id order, publishes each on the EventBus of this
 * process and marks it done only after its handlers succeeded (they send the AMQP notification,
 * start generation, stop engines). One relay
 * runs at a time across all processes (transaction advisory lock), which keeps the order per compose;
 * a failed handler stops the batch, so later rows wait for the earlier ones. Rows of different composes
 * may become visible out of id order, but a compose's own rows cannot: each is written after an update
 * of the compose's row, whose lock orders them by commit. Runs after every local
 * commit (nudge), on a NOTIFY from another process's commit (LISTEN), and on a poll as the safety net.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly log = new Logger('OutboxRelay');
  private timer: NodeJS.Timeout | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private nudges: Subscription | null = null;
  private wakeUps: OutboxWakeUpListener | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly deliveries = new Subject<OutboxDelivery>();
  /** Emits after each committed batch that published or set aside rows (the backend counts them in its metrics). */
  readonly delivered$: Observable<OutboxDelivery> = this.deliveries.asObservable();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly dispatcher: OutboxEventDispatcher,
    private readonly notifier: OutboxNotifier,
    @Inject(OUTBOX_RELAY_OPTIONS) private readonly options: OutboxRelayOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.nudges = this.notifier.written$.subscribe(() => this.kick());
    // The embedded database has one process: local commits nudge the relay directly.
    const url = (this.ds.options as { url?: string }).url;
    if (!this.options.singleConnection && url) {
      this.wakeUps = new OutboxWakeUpListener(url, () => this.kick());
      await this.wakeUps.start();
    }
    this.timer = setInterval(() => this.kick(), this.options.pollIntervalMs);
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
    this.kick();
  }

  /** Deletes published messages past the retention (any relay may do it; the delete is idempotent). */
  async prune(): Promise<number> {
    try {
      const [, affected] = await this.ds.query<[unknown, number]>(
        `DELETE FROM outbox_messages WHERE published_at IS NOT NULL AND published_at < now() - make_interval(hours => $1)`,
        [this.options.retentionHours],
      );
      return affected;
    } catch (e) {
      this.log.warn(`pruning the outbox failed: ${(e as Error).message}`);
      return 0;
    }
  }

  /** No new batches once the application starts shutting down (the EventBus drops its handlers). */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.wakeUps?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.nudges?.unsubscribe();
    await this.running;
  }

  /** Publishes everything pending (used by tests to drive the relay synchronously). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
    while ((await this.relayBatch()) === 'more');
  }

  private kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while (!this.stopped && (await this.relayBatch()) === 'more');
        } while (this.again && !this.stopped);
      } catch (e) {
        this.log.error(`relay failed: ${(e as Error).message}`);
      } finally {
        this.running = null;
      }
    })();
  }

  private async relayBatch(): Promise<BatchOutcome> {
    const done = { published: 0, setAside: 0 };
    const outcome = this.options.singleConnection
      ? await this.deliverBatch(this.ds.manager, done)
      : await this.ds.transaction(async (m): Promise<BatchOutcome> => {
          const [{ locked }] = await m.query<[{ locked: boolean }]>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
            RELAY_LOCK,
          ]);
          if (!locked) return 'busy';
          return this.deliverBatch(m, done);
        });
    if (done.published + done.setAside > 0) this.deliveries.next(done); // committed
    return outcome;
  }

  /** Sets a row aside at once: it can never be delivered, so it must not block the rows after it. */
  private async setAside(m: EntityManager, row: OutboxRow, why: string): Promise<void> {
    this.log.error(`outbox message ${row.id} (${row.type}, compose ${row.compose_id}) can never be delivered: ${why}`);
    await m.query('UPDATE outbox_messages SET attempts = attempts + 1, last_error = $2 WHERE id = $1', [row.id, `not deliverable: ${why}`]);
  }

  private async deliverBatch(m: EntityManager, done: OutboxDelivery): Promise<'more' | 'idle' | 'blocked'> {
    const rows = await m.query<OutboxRow[]>(
      // Ordered by the bigint column: `ORDER BY id` would sort by the text alias ("10" before "9").
      'SELECT o.id::text AS id, o.compose_id, o.type, o.payload FROM outbox_messages o WHERE o.published_at IS NULL ORDER BY o.id LIMIT $1',
      [this.options.batchSize],
    );
    const sent: string[] = [];
    let blocked = false;
    for (const row of rows) {
      const event = domainEventOf(row);
      if (!event && RETIRED_EVENT_TYPES.includes(row.type)) {
        sent.push(row.id);
        continue;
      }
      if (!event) {
        await this.setAside(m, row, `unknown event type ${row.type}`);
        sent.push(row.id);
        done.setAside++;
        continue;
      }
      try {
        await this.dispatcher.dispatch(event, row.id);
        sent.push(row.id);
        done.published++;
      } catch (e) {
        const error = (e as Error).message;
        if (e instanceof UndeliverableEventError) {
          // Never publishable: set it aside (kept with the reason) instead of blocking every later message.
          await this.setAside(m, row, error);
          sent.push(row.id);
          done.setAside++;
          continue;
        }
        this.log.warn(`outbox message ${row.id} (${row.type}, compose ${row.compose_id}) not delivered yet: ${error}`);
        await m.query('UPDATE outbox_messages SET attempts = attempts + 1, last_error = $2 WHERE id = $1', [row.id, error]);
        blocked = true;
        break;
      }
    }
    if (sent.length) await m.query('UPDATE outbox_messages SET published_at = now() WHERE id = ANY($1::bigint[])', [sent]);
    if (blocked) return 'blocked';
    return rows.length === this.options.batchSize ? 'more' : 'idle';
  }
}
