import type { ListedCompose } from '../../application/ports/compose.repository.js';
import type { ComposeProps } from '../../domain/compose-props.js';
import { sourceTypeFromCode } from '../../domain/compose-enums.js';
import { stateFromCode } from '../../domain/compose-state.js';

/**
 * The read path's rows (GET one compose, lists): PostgreSQL sends each compose as one JSON array of
 * these columns, in this order, and the compose is made from it in one step, with no ORM entity or
 * row object in between. One text value per row instead of 46 typed ones is a third of the
 * client's CPU (the columns' descriptions and values are each decoded on every query), and times
 * travel as epoch milliseconds, whatever the session's time zone. The write path
 * (TypeOrmComposeTransaction) keeps the ORM entity.
 */
const LISTED = [
  'id',
  'owner',
  'source_type',
  'source',
  'modular_koji_tags',
  'module_defaults_url',
  'koji_event',
  'sigkeys',
  'state',
  'state_reason',
  'results',
  'packages',
  'builds',
  'flags',
  'time_to_expire',
  'time_submitted',
  'time_started',
  'time_done',
  'time_removed',
  'removed_by',
  'reused_id',
  'koji_task_id',
  'arches',
  'multilib_arches',
  'multilib_method',
  'lookaside_repos',
  'label',
  'compose_type',
  'pungi_compose_id',
  'celery_task_id',
  'target_dir',
  'scratch_modules',
  'parent_pungi_compose_ids',
  'scratch_build_tasks',
  'modules',
  'respin_of',
  'base_module_br_name',
  'base_module_br_stream',
  'base_module_br_stream_version_lte',
  'base_module_br_stream_version_gte',
  'progress',
  'attempts',
  'lease_owner',
  'lease_expires_at',
  'size_bytes',
] as const;
/** One compose's row; pungi_config_dump (often kilobytes of Pungi configuration) only when detailed. */
const DETAILED = [...LISTED, 'pungi_config_dump'] as const;
type Column = (typeof DETAILED)[number];

const TIMES = new Set<Column>(['time_to_expire', 'time_submitted', 'time_started', 'time_done', 'time_removed', 'lease_expires_at']);
const at = Object.fromEntries(DETAILED.map((c, i) => [c, i])) as Record<Column, number>;

const jsonArrayOf = (columns: readonly Column[]): string =>
  `json_build_array(${columns.map((c) => (TIMES.has(c) ? `floor(date_part('epoch', c.${c}) * 1000)` : `c.${c}`)).join(', ')})::text`;
const LISTED_JSON = jsonArrayOf(LISTED);
const DETAILED_JSON = jsonArrayOf(DETAILED);

/** The SQL of the compose of table alias `c` as one JSON array text, for composeFromRow (built once: hot queries reuse the string). */
export function composeJsonArray(opts: { detailed: boolean }): string {
  return opts.detailed ? DETAILED_JSON : LISTED_JSON;
}

const time = (ms: unknown): Date | null => (ms === null ? null : new Date(ms as number));

/** A compose selected with composeJsonArray({ detailed: false }). */
export function listedComposeFromRow(json: string): ListedCompose {
  return listedCompose(JSON.parse(json) as unknown[]);
}

/** A compose selected with composeJsonArray({ detailed: true }). */
export function composeFromRow(json: string): ComposeProps {
  const r = JSON.parse(json) as unknown[];
  const compose = listedCompose(r) as ComposeProps;
  compose.pungiConfigDump = r[at.pungi_config_dump] as string | null;
  return compose;
}

function listedCompose(r: unknown[]): ListedCompose {
  return {
    id: r[at.id] as number,
    owner: r[at.owner] as string,
    sourceType: sourceTypeFromCode(r[at.source_type] as number),
    source: r[at.source] as string,
    modularKojiTags: r[at.modular_koji_tags] as string | null,
    moduleDefaultsUrl: r[at.module_defaults_url] as string | null,
    kojiEvent: r[at.koji_event] as number | null,
    sigkeys: r[at.sigkeys] as string | null,
    state: stateFromCode(r[at.state] as number),
    stateReason: r[at.state_reason] as string | null,
    results: r[at.results] as number,
    packages: r[at.packages] as string | null,
    builds: r[at.builds] as string | null,
    flags: (r[at.flags] as number | null) ?? 0,
    timeToExpire: time(r[at.time_to_expire]) as Date,
    timeSubmitted: time(r[at.time_submitted]) as Date,
    timeStarted: time(r[at.time_started]),
    timeDone: time(r[at.time_done]),
    timeRemoved: time(r[at.time_removed]),
    removedBy: r[at.removed_by] as string | null,
    reusedId: r[at.reused_id] as number | null,
    kojiTaskId: r[at.koji_task_id] as number | null,
    arches: (r[at.arches] as string | null) ?? '',
    multilibArches: (r[at.multilib_arches] as string | null) ?? '',
    multilibMethod: (r[at.multilib_method] as number | null) ?? 0,
    lookasideRepos: r[at.lookaside_repos] as string | null,
    label: r[at.label] as string | null,
    composeType: r[at.compose_type] as string | null,
    pungiComposeId: r[at.pungi_compose_id] as string | null,
    celeryTaskId: r[at.celery_task_id] as string | null,
    targetDir: r[at.target_dir] as string | null,
    scratchModules: r[at.scratch_modules] as string | null,
    parentPungiComposeIds: r[at.parent_pungi_compose_ids] as string | null,
    scratchBuildTasks: r[at.scratch_build_tasks] as string | null,
    modules: r[at.modules] as string | null,
    respinOf: r[at.respin_of] as string | null,
    baseModuleBrName: r[at.base_module_br_name] as string | null,
    baseModuleBrStream: r[at.base_module_br_stream] as string | null,
    baseModuleBrStreamVersionLte: r[at.base_module_br_stream_version_lte] as number | null,
    baseModuleBrStreamVersionGte: r[at.base_module_br_stream_version_gte] as number | null,
    progress: r[at.progress] as string | null,
    attempts: (r[at.attempts] as number | null) ?? 0,
    leaseOwner: r[at.lease_owner] as string | null,
    leaseExpiresAt: time(r[at.lease_expires_at]),
    sizeBytes: r[at.size_bytes] as number | null,
  };
}
