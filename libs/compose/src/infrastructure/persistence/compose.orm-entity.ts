import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const text = (name: string) => ({ name, type: 'varchar' as const, nullable: true });
const int = (name: string) => ({ name, type: 'integer' as const, nullable: true });
const time = (name: string) => ({ name, type: 'timestamptz' as const, nullable: true });

/** Row of table `composes`: upstream ODCS's columns (CONTRACT §0.1) plus odcs's lease and progress. */
@Entity('composes')
@Index('idx_source_type__state', ['sourceType', 'state', 'id'])
@Index('ix_composes_owner', ['owner', 'id'])
export class ComposeOrmEntity {
  @PrimaryColumn({ type: 'integer' }) id: number;
  @Column({ type: 'varchar' }) owner: string;
  @Column({ name: 'source_type', type: 'integer' }) sourceType: number;
  @Column({ type: 'varchar' }) source: string;
  @Column(text('modular_koji_tags')) modularKojiTags: string | null;
  @Column(text('module_defaults_url')) moduleDefaultsUrl: string | null;
  @Column(int('koji_event')) kojiEvent: number | null;
  @Column(text('sigkeys')) sigkeys: string | null;
  @Index('ix_composes_state') @Column({ type: 'integer' }) state: number;
  @Column(text('state_reason')) stateReason: string | null;
  @Column({ type: 'integer' }) results: number;
  @Column(text('packages')) packages: string | null;
  @Column(text('builds')) builds: string | null;
  @Column(int('flags')) flags: number | null;
  @Index('ix_composes_time_to_expire') @Column({ name: 'time_to_expire', type: 'timestamptz' }) timeToExpire: Date;
  @Column({ name: 'time_submitted', type: 'timestamptz' }) timeSubmitted: Date;
  @Column(time('time_started')) timeStarted: Date | null;
  @Column(time('time_done')) timeDone: Date | null;
  @Column(time('time_removed')) timeRemoved: Date | null;
  @Column(text('removed_by')) removedBy: string | null;
  @Index('ix_composes_reused_id') @Column(int('reused_id')) reusedId: number | null;
  @Index('ix_composes_koji_task_id') @Column(int('koji_task_id')) kojiTaskId: number | null;
  @Column(text('arches')) arches: string | null;
  @Column(text('multilib_arches')) multilibArches: string | null;
  @Column(int('multilib_method')) multilibMethod: number | null;
  @Column(text('lookaside_repos')) lookasideRepos: string | null;
  @Column(text('label')) label: string | null;
  @Column(text('compose_type')) composeType: string | null;
  @Column(text('pungi_compose_id')) pungiComposeId: string | null;
  @Column(text('pungi_config_dump')) pungiConfigDump: string | null;
  @Column(text('celery_task_id')) celeryTaskId: string | null;
  @Column(text('target_dir')) targetDir: string | null;
  @Column(text('scratch_modules')) scratchModules: string | null;
  @Column(text('parent_pungi_compose_ids')) parentPungiComposeIds: string | null;
  @Column(text('scratch_build_tasks')) scratchBuildTasks: string | null;
  @Column(text('modules')) modules: string | null;
  @Column(text('respin_of')) respinOf: string | null;
  @Column(text('base_module_br_name')) baseModuleBrName: string | null;
  @Column(text('base_module_br_stream')) baseModuleBrStream: string | null;
  @Column(int('base_module_br_stream_version_lte')) baseModuleBrStreamVersionLte: number | null;
  @Column(int('base_module_br_stream_version_gte')) baseModuleBrStreamVersionGte: number | null;
  @Column(text('progress')) progress: string | null;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column(text('lease_owner')) leaseOwner: string | null;
  @Column(time('lease_expires_at')) leaseExpiresAt: Date | null;
  /** bigint: node-postgres returns it as a string. */
  @Column({ name: 'size_bytes', type: 'bigint', nullable: true }) sizeBytes: string | null;
}
