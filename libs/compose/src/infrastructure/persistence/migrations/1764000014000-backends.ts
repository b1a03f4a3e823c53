import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Backend processes and when each was last seen (its heartbeat), so an idle backend is visible too.
 * started_at is the process's clock, seen_at the database's.
 */
export class Backends1764000014000 implements MigrationInterface {
  name = 'Backends1764000014000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE backends (
      id varchar PRIMARY KEY,
      hostname varchar NOT NULL,
      pid integer NOT NULL,
      started_at timestamptz NOT NULL,
      seen_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX ix_backends_seen_at ON backends (seen_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE backends`);
  }
}
