import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SOURCE_TYPES } from '../../domain/compose-enums.js';
import { type ComposeState, stateFromCode, STATE_CODES } from '../../domain/compose-state.js';

/** A compose whose directory could be removed to free disk space. */
export interface RemovableCompose {
  id: number;
  targetDir: string | null;
  sizeBytes: number;
  timeDone: Date;
}

/** Aggregates for metrics, /about and operators, read straight from PostgreSQL. */
@Injectable()
export class ComposeStatsReader {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** raw_config composes per source and state. */
  async rawConfigCounts(): Promise<{ source: string; state: ComposeState; count: number }[]> {
    const rows = await this.ds.query<{ source: string; state: number; n: number }[]>(
      `SELECT source, state, count(*)::int AS n FROM composes WHERE source_type = $1 GROUP BY 1, 2`,
      [SOURCE_TYPES.raw_config],
    );
    return rows.map((r) => ({ source: r.source, state: stateFromCode(r.state), count: r.n }));
  }

  /** Bytes of done composes per target dir (null: the default target_dir). */
  async diskUsage(): Promise<{ targetDir: string | null; bytes: number }[]> {
    const rows = await this.ds.query<{ target_dir: string | null; bytes: string }[]>(
      `SELECT target_dir, sum(size_bytes)::text AS bytes FROM composes WHERE state = $1 AND size_bytes IS NOT NULL GROUP BY 1`,
      [STATE_CODES.done],
    );
    return rows.map((r) => ({ targetDir: r.target_dir, bytes: Number(r.bytes) }));
  }

  /** Outbox messages no relay has published (or set aside) yet. */
  async pendingOutboxMessages(): Promise<number> {
    const [row] = await this.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox_messages WHERE published_at IS NULL`);
    return row?.n ?? 0;
  }

  /** Done composes with a measured size that no live compose reuses, oldest first. */
  async removableOldestFirst(limit: number): Promise<RemovableCompose[]> {
    const rows = await this.ds.query<{ id: number; target_dir: string | null; size_bytes: string; time_done: Date }[]>(
      `SELECT c.id, c.target_dir, c.size_bytes::text AS size_bytes, c.time_done FROM composes c
       WHERE c.state = $1 AND c.size_bytes IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM composes r WHERE r.reused_id = c.id AND r.state IN ($2, $3, $1))
       ORDER BY c.time_done, c.id LIMIT $4`,
      [STATE_CODES.done, STATE_CODES.wait, STATE_CODES.generating, limit],
    );
    return rows.map((r) => ({ id: r.id, targetDir: r.target_dir, sizeBytes: Number(r.size_bytes), timeDone: r.time_done }));
  }
}
