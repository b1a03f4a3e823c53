import type { ComposeState } from './compose-state.js';
import type { SourceType } from './compose-enums.js';

/**
 * Every attribute of a compose. Multi-valued attributes stay ODCS "list-strings" (items joined by
 * one space) because that is what the API returns and what the database stores.
 */
export interface ComposeProps {
  id: number;
  owner: string;
  sourceType: SourceType;
  source: string;
  modularKojiTags: string | null;
  moduleDefaultsUrl: string | null;
  kojiEvent: number | null;
  sigkeys: string | null;
  state: ComposeState;
  stateReason: string | null;
  results: number;
  packages: string | null;
  builds: string | null;
  flags: number;
  timeToExpire: Date;
  timeSubmitted: Date;
  timeStarted: Date | null;
  timeDone: Date | null;
  timeRemoved: Date | null;
  removedBy: string | null;
  reusedId: number | null;
  kojiTaskId: number | null;
  arches: string;
  multilibArches: string;
  multilibMethod: number;
  lookasideRepos: string | null;
  label: string | null;
  composeType: string | null;
  pungiComposeId: string | null;
  pungiConfigDump: string | null;
  celeryTaskId: string | null;
  /** Absolute path; null = the default target_dir. */
  targetDir: string | null;
  scratchModules: string | null;
  parentPungiComposeIds: string | null;
  scratchBuildTasks: string | null;
  modules: string | null;
  respinOf: string | null;
  baseModuleBrName: string | null;
  baseModuleBrStream: string | null;
  baseModuleBrStreamVersionLte: number | null;
  baseModuleBrStreamVersionGte: number | null;
  /** odcs additions: progress of the running generation, attempts, and the generation lease. */
  progress: string | null;
  attempts: number;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  /** Disk bytes of the compose directory, measured once at done (null until then, and for reusing composes). */
  sizeBytes: number | null;
}

/** What a new compose is made of: everything but the lifecycle fields. */
export type NewComposeProps = Omit<
  ComposeProps,
  | 'id'
  | 'state'
  | 'stateReason'
  | 'timeToExpire'
  | 'timeSubmitted'
  | 'timeStarted'
  | 'timeDone'
  | 'timeRemoved'
  | 'removedBy'
  | 'reusedId'
  | 'kojiTaskId'
  | 'pungiComposeId'
  | 'progress'
  | 'attempts'
  | 'leaseOwner'
  | 'leaseExpiresAt'
  | 'sizeBytes'
>;

/** Items of a list-string (null and "" are empty). */
export function items(listString: string | null | undefined): string[] {
  return listString ? listString.split(' ').filter((s) => s !== '') : [];
}
