import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** A backend process as it announces itself. */
export interface BackendProcess {
  id: string;
  hostname: string;
  pid: number;
  startedAt: Date;
}

/** A backend in the backends table, and whether it was seen recently enough to count as alive. */
export interface SeenBackend {
  id: string;
  alive: boolean;
}

/**
 * The backends table: each backend upserts its row on a heartbeat; readers decide who is alive
 * by the database's clock (hosts' clocks may differ), so no two processes need to agree on time.
 */
@Injectable()
export class BackendRegistry {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async beat(b: BackendProcess): Promise<void> {
    await this.ds.query(
      `INSERT INTO backends (id, hostname, pid, started_at, seen_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (id) DO UPDATE SET seen_at = now()`,
      [b.id, b.hostname, b.pid, b.startedAt],
    );
  }

  /** Every known backend, alive when seen within `aliveSeconds`. */
  async seen(aliveSeconds: number): Promise<SeenBackend[]> {
    const rows = await this.ds.query<{ id: string; alive: boolean }[]>(
      `SELECT id, seen_at > now() - make_interval(secs => $1) AS alive FROM backends ORDER BY id`,
      [aliveSeconds],
    );
    return rows.map((r) => ({ id: r.id, alive: r.alive }));
  }

  /** Deletes backends not seen for `seconds` (idempotent: any number of backends may run it at once). */
  async forget(seconds: number): Promise<number> {
    const [, affected] = await this.ds.query<[unknown, number]>(`DELETE FROM backends WHERE seen_at < now() - make_interval(secs => $1)`, [
      seconds,
    ]);
    return affected;
  }
}
