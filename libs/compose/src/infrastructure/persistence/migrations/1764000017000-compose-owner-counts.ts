import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exact compose counts per owner, kept by a trigger like compose_counts, so that the total of a
 * list filtered by owner alone (a user's or a CI system's composes, often most of the table) is
 * one row read, not a count of every compose of that owner on every request.
 */
export class ComposeOwnerCounts1764000017000 implements MigrationInterface {
  name = 'ComposeOwnerCounts1764000017000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE compose_owner_counts (owner varchar PRIMARY KEY, n bigint NOT NULL)`);
    await q.query(`INSERT INTO compose_owner_counts (owner, n) SELECT owner, count(*) FROM composes GROUP BY owner`);
    // Inserts and deletes per statement (a batch of creates is one statement: one update per owner,
    // not one per compose); an owner change, which odcs never makes, per row.
    await q.query(`CREATE FUNCTION odcs_count_inserted_owners() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO compose_owner_counts AS k (owner, n) SELECT owner, count(*) FROM new_rows GROUP BY owner ORDER BY owner
          ON CONFLICT (owner) DO UPDATE SET n = k.n + excluded.n;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE FUNCTION odcs_count_deleted_owners() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE compose_owner_counts k SET n = k.n - d.n FROM (SELECT owner, count(*) AS n FROM old_rows GROUP BY owner) d
          WHERE k.owner = d.owner;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE FUNCTION odcs_count_changed_owner() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE compose_owner_counts SET n = n - 1 WHERE owner = OLD.owner;
        INSERT INTO compose_owner_counts AS k (owner, n) VALUES (NEW.owner, 1) ON CONFLICT (owner) DO UPDATE SET n = k.n + 1;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER composes_owner_count_insert AFTER INSERT ON composes
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION odcs_count_inserted_owners()`);
    await q.query(`CREATE TRIGGER composes_owner_count_delete AFTER DELETE ON composes
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION odcs_count_deleted_owners()`);
    await q.query(`CREATE TRIGGER composes_owner_count_update AFTER UPDATE OF owner ON composes
      FOR EACH ROW WHEN (OLD.owner IS DISTINCT FROM NEW.owner) EXECUTE FUNCTION odcs_count_changed_owner()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER composes_owner_count_update ON composes`);
    await q.query(`DROP TRIGGER composes_owner_count_delete ON composes`);
    await q.query(`DROP TRIGGER composes_owner_count_insert ON composes`);
    await q.query(`DROP FUNCTION odcs_count_changed_owner()`);
    await q.query(`DROP FUNCTION odcs_count_deleted_owners()`);
    await q.query(`DROP FUNCTION odcs_count_inserted_owners()`);
    await q.query(`DROP TABLE compose_owner_counts`);
  }
}
