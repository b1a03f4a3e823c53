import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables of upstream ODCS (composes, users), odcs's lease/progress columns and the outbox. */
export class CreateComposes1764000000000 implements MigrationInterface {
  name = 'CreateComposes1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE users (
      id serial PRIMARY KEY,
      username varchar(200) NOT NULL UNIQUE
    )`);
    await q.query(`CREATE TABLE composes (
      id integer PRIMARY KEY,
      owner varchar NOT NULL,
      source_type integer NOT NULL CHECK (source_type BETWEEN 1 AND 7),
      source varchar NOT NULL,
      modular_koji_tags varchar,
      module_defaults_url varchar,
      koji_event integer,
      sigkeys varchar,
      state integer NOT NULL CHECK (state BETWEEN 0 AND 4),
      state_reason varchar,
      results integer NOT NULL CHECK (results & 1 = 1),
      packages varchar,
      builds varchar,
      flags integer,
      time_to_expire timestamptz NOT NULL,
      time_submitted timestamptz NOT NULL,
      time_started timestamptz,
      time_done timestamptz,
      time_removed timestamptz,
      removed_by varchar,
      reused_id integer,
      koji_task_id integer,
      arches varchar,
      multilib_arches varchar,
      multilib_method integer,
      lookaside_repos varchar,
      label varchar,
      compose_type varchar,
      pungi_compose_id varchar,
      pungi_config_dump varchar,
      celery_task_id varchar,
      target_dir varchar,
      scratch_modules varchar,
      parent_pungi_compose_ids varchar,
      scratch_build_tasks varchar,
      modules varchar,
      respin_of varchar,
      base_module_br_name varchar,
      base_module_br_stream varchar,
      base_module_br_stream_version_lte integer,
      base_module_br_stream_version_gte integer,
      progress varchar,
      attempts integer NOT NULL DEFAULT 0,
      lease_owner varchar,
      lease_expires_at timestamptz,
      CONSTRAINT chk_generating_started CHECK (state <> 1 OR time_started IS NOT NULL),
      CONSTRAINT chk_done_time CHECK (state <> 2 OR time_done IS NOT NULL),
      CONSTRAINT chk_removed_time CHECK (state <> 3 OR time_removed IS NOT NULL),
      CONSTRAINT chk_no_self_reuse CHECK (reused_id IS NULL OR reused_id < id),
      CONSTRAINT chk_lease_only_generating CHECK (state = 1 OR lease_expires_at IS NULL)
    )`);
    await q.query(`CREATE SEQUENCE composes_id_seq OWNED BY composes.id`);
    await q.query(`ALTER TABLE composes ALTER COLUMN id SET DEFAULT nextval('composes_id_seq')`);
    await q.query(`CREATE INDEX ix_composes_state ON composes (state)`);
    await q.query(`CREATE INDEX ix_composes_owner ON composes (owner)`);
    await q.query(`CREATE INDEX ix_composes_time_to_expire ON composes (time_to_expire)`);
    await q.query(`CREATE INDEX ix_composes_reused_id ON composes (reused_id)`);
    await q.query(`CREATE INDEX ix_composes_koji_task_id ON composes (koji_task_id)`);
    await q.query(`CREATE INDEX ix_composes_pungi_compose_id ON composes (pungi_compose_id)`);
    await q.query(`CREATE INDEX idx_source_type__state ON composes (source_type, state)`);
    // Work queues of the backends: small partial indexes, so their cost follows the due rows, not the table.
    await q.query(`CREATE INDEX ix_composes_waiting ON composes (id) WHERE state = 0`);
    await q.query(`CREATE INDEX ix_composes_due ON composes (time_to_expire) WHERE state IN (2, 4)`);
    await q.query(`CREATE INDEX ix_composes_lease ON composes (lease_expires_at) WHERE state = 1`);
    await q.query(`CREATE TABLE outbox_messages (
      id bigserial PRIMARY KEY,
      compose_id integer,
      type varchar NOT NULL,
      payload jsonb NOT NULL,
      occurred_at timestamptz NOT NULL,
      published_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      last_error text
    )`);
    await q.query(`CREATE INDEX ix_outbox_unpublished ON outbox_messages (id) WHERE published_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_messages`);
    await q.query(`DROP TABLE composes`);
    await q.query(`DROP TABLE users`);
  }
}
