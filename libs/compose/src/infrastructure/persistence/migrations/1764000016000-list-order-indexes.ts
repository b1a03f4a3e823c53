import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The composes of one owner, or of one source type and state, in id order straight from their index:
 * ix_composes_owner becomes (owner, id) and idx_source_type__state (source_type, state, id), so a
 * filtered page reads its 20 entries instead of walking the primary key and filtering. The names
 * stay; each index still serves everything its prefix did.
 */
export class ListOrderIndexes1764000016000 implements MigrationInterface {
  name = 'ListOrderIndexes1764000016000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_composes_owner`);
    await q.query(`CREATE INDEX ix_composes_owner ON composes (owner, id)`);
    await q.query(`DROP INDEX idx_source_type__state`);
    await q.query(`CREATE INDEX idx_source_type__state ON composes (source_type, state, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_composes_owner`);
    await q.query(`CREATE INDEX ix_composes_owner ON composes (owner)`);
    await q.query(`DROP INDEX idx_source_type__state`);
    await q.query(`CREATE INDEX idx_source_type__state ON composes (source_type, state)`);
  }
}
