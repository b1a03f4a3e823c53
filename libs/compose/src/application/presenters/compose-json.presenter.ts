import { Inject, Injectable } from '@nestjs/common';
import { ODCS_CONFIG, type OdcsConfig } from '@odcs/config';
import { bitNames, FLAGS, RESULTS, SOURCE_TYPES } from '../../domain/compose-enums.js';
import type { ComposeProps } from '../../domain/compose-props.js';
import type { ListedCompose } from '../ports/compose.repository.js';
import { STATE_CODES } from '../../domain/compose-state.js';

/** The ODCS compose JSON (CONTRACT §1.5) plus odcs's additive keys. */
export type ComposeJson = Record<string, string | number | boolean | null | string[]>;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * ODCS renders times as YYYY-MM-DDTHH:MM:SSZ (UTC, no fraction). From the date's fields, not
 * toISOString (three times as slow, and a list renders a hundred times).
 */
export const odcsTime = (d: Date | null): string | null => {
  if (!d) return null;
  const year = d.getUTCFullYear();
  if (year < 1000 || year > 9999) return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `${year}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}Z`;
};

/** bitNames of a few masks, computed once each (every compose of a list has the same few). */
function memoBitNames<T extends Record<string, number>>(table: T): (mask: number) => (keyof T & string)[] {
  const known = new Map<number, (keyof T & string)[]>();
  return (mask) => {
    let names = known.get(mask);
    if (!names) known.set(mask, (names = bitNames(table, mask)));
    return [...names];
  };
}
const flagNames = memoBitNames(FLAGS);
const resultNames = memoBitNames(RESULTS);

@Injectable()
export class ComposeJsonPresenter {
  constructor(@Inject(ODCS_CONFIG) private readonly config: Pick<OdcsConfig, 'target_dir' | 'target_dir_url' | 'extra_target_dirs'>) {}

  /** Directory name of the compose's files: odcs-<reused_id> when reusing, else odcs-<id>. */
  static composeDirName(c: Pick<ComposeProps, 'id' | 'reusedId'>): string {
    return `odcs-${c.reusedId ?? c.id}`;
  }

  targetDirName(c: Pick<ComposeProps, 'targetDir'>): string {
    if (c.targetDir === null || c.targetDir === this.config.target_dir) return 'default';
    const hit = Object.entries(this.config.extra_target_dirs).find(([, path]) => path === c.targetDir);
    return hit ? hit[0] : 'unknown';
  }

  toJson(c: Readonly<ListedCompose & { pungiConfigDump?: string | null }>, opts: { detail?: boolean } = {}): ComposeJson {
    const targetDir = this.targetDirName(c);
    const onDefaultDir = targetDir === 'default';
    const name = ComposeJsonPresenter.composeDirName(c);
    const toplevel = onDefaultDir ? `${this.config.target_dir_url}/${name}` : '';
    const hasRepo = onDefaultDir && c.sourceType !== 'raw_config';
    const json: ComposeJson = {
      id: c.id,
      owner: c.owner,
      source_type: SOURCE_TYPES[c.sourceType],
      source: c.source,
      state: STATE_CODES[c.state],
      state_name: c.state,
      state_reason: c.stateReason,
      time_to_expire: odcsTime(c.timeToExpire),
      time_submitted: odcsTime(c.timeSubmitted),
      time_started: odcsTime(c.timeStarted),
      time_done: odcsTime(c.timeDone),
      time_removed: odcsTime(c.timeRemoved),
      removed_by: c.removedBy,
      result_repo: hasRepo ? `${toplevel}/compose/Temporary` : '',
      result_repofile: hasRepo ? `${toplevel}/compose/Temporary/${name}.repo` : '',
      toplevel_url: toplevel,
      flags: flagNames(c.flags),
      results: resultNames(c.results),
      sigkeys: c.sigkeys ?? '',
      koji_event: c.kojiEvent,
      koji_task_id: c.kojiTaskId,
      packages: c.packages,
      builds: c.builds,
      arches: c.arches,
      multilib_arches: c.multilibArches,
      multilib_method: c.multilibMethod,
      lookaside_repos: c.lookasideRepos,
      modular_koji_tags: c.modularKojiTags,
      module_defaults_url: c.moduleDefaultsUrl,
      label: c.label,
      compose_type: c.composeType,
      pungi_compose_id: c.pungiComposeId,
      target_dir: targetDir,
      scratch_modules: c.scratchModules,
      parent_pungi_compose_ids: c.parentPungiComposeIds,
      scratch_build_tasks: c.scratchBuildTasks,
      modules: c.modules,
      respin_of: c.respinOf,
      base_module_br_name: c.baseModuleBrName,
      base_module_br_stream: c.baseModuleBrStream,
      base_module_br_stream_version_lte: c.baseModuleBrStreamVersionLte,
      base_module_br_stream_version_gte: c.baseModuleBrStreamVersionGte,
      // odcs additions (Decision 12)
      reused_id: c.reusedId,
      progress: c.progress,
      attempts: c.attempts,
      size_bytes: c.sizeBytes,
    };
    if (opts.detail) json['pungi_config_dump'] = c.pungiConfigDump ?? null;
    return json;
  }
}
