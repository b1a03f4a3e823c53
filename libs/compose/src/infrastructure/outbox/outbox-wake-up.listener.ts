import { Logger } from '@nestjs/common';
import pg from 'pg';

/** The channel every transaction that writes outbox rows notifies (see OutboxWriter). */
export const OUTBOX_CHANNEL = 'odcs_outbox';

const RECONNECT_MS = 1000;

/**
 * LISTENs on {@link OUTBOX_CHANNEL} on a connection of its own and calls `wake` on every
 * notification, so a relay starts as soon as another process commits outbox rows. A lost
 * connection is re-made; meanwhile the relay's poll is the safety net.
 */
export class OutboxWakeUpListener {
  private readonly log = new Logger('OutboxWakeUp');
  private client: pg.Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly wake: () => void,
  ) {}

  async start(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', () => this.wake());
    client.on('error', (e) => this.lost(client, e));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.wake(); // rows committed while not listening
    } catch (e) {
      this.lost(client, e as Error);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.client !== client || this.stopped) return;
    this.client = null;
    client.end().catch(() => undefined);
    this.log.warn(`outbox wake-ups paused (${error.message}); polling until the connection is back`);
    this.retry = setTimeout(() => void this.start(), RECONNECT_MS);
  }
}
