import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exact compose counts per (source_type, state), kept by a trigger, so that the list's total and
 * the metrics do not count 150,000 rows on every request.
 */
export class ComposeCounts1764000000001 implements MigrationInterface {
  name = 'ComposeCounts1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE compose_counts (
      source_type integer NOT NULL,
      state integer NOT NULL,
      n bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (source_type, state)
    )`);
    await q.query(`INSERT INTO compose_counts (source_type, state, n)
      SELECT t, s, 0 FROM generate_series(1, 7) t, generate_series(0, 4) s`);
    await q.query(`UPDATE compose_counts k SET n = c.n
      FROM (SELECT source_type, state, count(*) AS n FROM composes GROUP BY 1, 2) c
      WHERE k.source_type = c.source_type AND k.state = c.state`);
    await q.query(`CREATE FUNCTION odcs_count_composes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          UPDATE compose_counts SET n = n - 1 WHERE source_type = OLD.source_type AND state = OLD.state;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
          UPDATE compose_counts SET n = n + 1 WHERE source_type = NEW.source_type AND state = NEW.state;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER composes_count_insert_delete AFTER INSERT OR DELETE ON composes
      FOR EACH ROW EXECUTE FUNCTION odcs_count_composes()`);
    await q.query(`CREATE TRIGGER composes_count_update AFTER UPDATE OF state, source_type ON composes
      FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.source_type IS DISTINCT FROM NEW.source_type)
      EXECUTE FUNCTION odcs_count_composes()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER composes_count_update ON composes`);
    await q.query(`DROP TRIGGER composes_count_insert_delete ON composes`);
    await q.query(`DROP FUNCTION odcs_count_composes()`);
    await q.query(`DROP TABLE compose_counts`);
  }
}
