import { createHash } from 'node:crypto';
import type { Compose } from '../../domain/compose.js';
import type { OutboxWriter } from '../outbox/outbox.writer.js';
import { OUTBOX_CHANNEL } from '../outbox/outbox-wake-up.listener.js';

interface Pool {
  query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
}

/** One compose to create: its columns (database names, with SQL types) and values, and its events on `draft`. */
export interface ComposeInsert {
  columns: readonly { name: string; type: string }[];
  values: readonly unknown[];
  /** A new copy of the compose with its creation events, holding `placeholderId` as its id (one per attempt). */
  draft: () => Compose;
  placeholderId: number;
}

interface Pending extends ComposeInsert {
  resolve(id: number): void;
  reject(error: unknown): void;
}

const MAX_BATCH = 64;

/**
 * Group commit of creates: a create that is a unit of work of its own goes to PostgreSQL at once when
 * no other is on its way; those arriving meanwhile are sent together, as one statement (ids, rows,
 * outbox rows, one NOTIFY), when it returns. Each caller learns its id only after the statement of
 * its batch committed, so nothing acknowledged can be lost; a failed batch is retried one compose at
 * a time, so one compose's error stays its own.
 */
export class ComposeInsertBatcher {
  private readonly queues = new Map<string, Pending[]>();
  private readonly inFlight = new Set<string>();
  private readonly statementNames = new Map<string, string>();

  constructor(
    private readonly pool: Pool,
    private readonly outbox: OutboxWriter,
  ) {}

  insert(item: ComposeInsert): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      // Only composes with the same columns set share a statement.
      const shape = item.columns.map((c) => c.name).join(',');
      const queue = this.queues.get(shape) ?? [];
      this.queues.set(shape, queue);
      queue.push({ ...item, resolve, reject });
      if (!this.inFlight.has(shape)) void this.drain(shape);
    });
  }

  private async drain(shape: string): Promise<void> {
    this.inFlight.add(shape);
    try {
      for (;;) {
        const queue = this.queues.get(shape) ?? [];
        if (queue.length === 0) break;
        const batch = queue.splice(0, MAX_BATCH);
        try {
          const ids = await this.run(batch);
          batch.forEach((p, i) => p.resolve(ids[i]!));
        } catch (error) {
          if (batch.length === 1) batch[0]!.reject(error);
          else
            for (const p of batch) {
              await this.run([p]).then(
                ([id]) => p.resolve(id!),
                (e: unknown) => p.reject(e),
              );
            }
        }
      }
    } finally {
      this.inFlight.delete(shape);
      if (this.queues.get(shape)?.length) void this.drain(shape);
    }
  }

  /** Inserts `batch` in one statement; the ids in batch order. */
  private async run(batch: Pending[]): Promise<number[]> {
    const columns = batch[0]!.columns;
    const params: unknown[] = [];
    const rows = batch.map((item, i) => {
      params.push(i);
      const ord = `$${params.length}::int`;
      const cells = item.columns.map((c, k) => {
        params.push(item.values[k]);
        return `$${params.length}::${c.type}`;
      });
      return `(${[ord, ...cells].join(', ')})`;
    });
    const outboxRows = batch
      .map((item, i) => this.outbox.rowsOfInsert(item.draft(), item.placeholderId, 'ids.id', `ids WHERE ids.ord = ${i}`, params))
      .join(' UNION ALL ');
    const names = columns.map((c) => `"${c.name}"`).join(', ');
    const text =
      `WITH v (odcs_ord, ${names}) AS (VALUES ${rows.join(', ')}), ` +
      `ids AS (SELECT odcs_ord AS ord, nextval('composes_id_seq')::int AS id FROM v ORDER BY odcs_ord), ` +
      `c AS (INSERT INTO composes (id, ${names}) SELECT ids.id, ${columns.map((c) => `v."${c.name}"`).join(', ')} FROM v JOIN ids ON ids.ord = v.odcs_ord ORDER BY v.odcs_ord RETURNING id), ` +
      `o AS (INSERT INTO outbox_messages (compose_id, type, payload, occurred_at) ${outboxRows}) ` +
      `SELECT ids.ord, ids.id, (SELECT pg_notify('${OUTBOX_CHANNEL}', '')) AS notified FROM ids ORDER BY ids.ord`;
    let name = this.statementNames.get(text);
    if (!name) this.statementNames.set(text, (name = `odcs_create_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`));
    const { rows: out } = await this.pool.query({ name, text, values: params });
    return out.map((r) => Number(r['id']));
  }
}
