/**
 * Everything libs/pungi needs to know about one compose, as plain data.
 * The backend maps its compose aggregate to this shape; libs/pungi never imports @odcs/compose.
 */
export interface PungiComposeSpec {
  /** Compose id; the release name is `odcs-<id>`. */
  id: number;
  sourceType: PungiSourceType;
  /** Items of the list-string `source` (tag name, repo path, NSVCs, ...). */
  source: string[];
  /** Requested binary package names; [] = none requested (take everything). */
  packages: string[];
  builds: string[];
  /** Signing keys; a '' entry allows unsigned packages; [] = the compose has no sigkeys. */
  sigkeys: string[];
  arches: string[];
  multilibArches: string[];
  /** Multilib method names: runtime, devel, all. */
  multilibMethods: string[];
  lookasideRepos: string[];
  /** Flag names (§5.1): no_deps, no_inheritance, check_deps, no_reuse, ... */
  flags: string[];
  /** Result names (§5.3): repository, iso, boot.iso. */
  results: string[];
  kojiEvent: number | null;
  modularKojiTags: string[];
  moduleDefaults: { url: string; commit: string } | null;
  scratchModules: string[];
  scratchBuildTasks: string[];
  /** Module builds to include (Decision 8): reaches `pkgset_koji_module_builds`. */
  modules: string[];
  label: string | null;
  /** test | ci | nightly | production | development | other */
  composeType: string;
  parentPungiComposeIds: string[];
  respinOf: string | null;
}

export type PungiSourceType = 'tag' | 'module' | 'repo' | 'build' | 'pungi_compose' | 'raw_config' | 'pulp';
