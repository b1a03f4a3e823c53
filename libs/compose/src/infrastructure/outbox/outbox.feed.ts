import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** One stored domain event, as the events stream shows it. */
export interface OutboxEvent {
  id: number;
  type: string;
  compose_id: number | null;
  occurred_at: string;
  payload: Record<string, unknown>;
}

interface Row {
  id: string;
  type: string;
  compose_id: number | null;
  occurred_at: Date;
  payload: Record<string, unknown>;
}

/**
 * Reads the outbox in id order for live event streams (SSE). Whichever process wrote a message
 * (frontend or backend), it is in this table until the relay's retention removes it.
 */
@Injectable()
export class OutboxFeed {
  constructor(private readonly ds: DataSource) {}

  /** Messages with an id above `afterId`, oldest first, optionally of one compose. */
  async after(afterId: number, opts: { composeId?: number; limit?: number } = {}): Promise<OutboxEvent[]> {
    const params: unknown[] = [afterId, opts.limit ?? 500];
    let where = 'id > $1';
    if (opts.composeId !== undefined) {
      params.push(opts.composeId);
      where += ' AND compose_id = $3';
    }
    const rows: Row[] = await this.ds.query(
      `SELECT id, type, compose_id, occurred_at, payload FROM outbox_messages WHERE ${where} ORDER BY id LIMIT $2`,
      params,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      type: r.type,
      compose_id: r.compose_id,
      occurred_at: new Date(r.occurred_at).toISOString(),
      payload: r.payload,
    }));
  }

  /** The id of the newest message (0 when there is none): a stream of new events starts after it. */
  async latestId(): Promise<number> {
    const rows: { id: string | null }[] = await this.ds.query('SELECT max(id) AS id FROM outbox_messages');
    return Number(rows[0]?.id ?? 0);
  }
}
