import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Disk bytes of a finished compose's directory, measured once when it is done (null before, or when reused). */
export class ComposeSizeBytes1764000012000 implements MigrationInterface {
  name = 'ComposeSizeBytes1764000012000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE composes ADD COLUMN size_bytes bigint`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE composes DROP COLUMN size_bytes`);
  }
}
