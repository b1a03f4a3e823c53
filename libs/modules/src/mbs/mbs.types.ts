/** MBS module build states used by ODCS (`module_build_service` numbering). */
export const MBS_STATE_DONE = 3;
export const MBS_STATE_READY = 5;

/** One item of `GET /1/module-builds/?verbose=True` (only the fields ODCS reads). */
export interface MbsModuleBuild {
  id: number;
  name: string;
  stream: string;
  /** MBS sends versions as strings of digits; numbers are accepted too. */
  version: string | number;
  context: string;
  state: number;
  scratch?: boolean;
  koji_tag?: string | null;
  /** The module's modulemd (YAML, version 2). */
  modulemd?: string | null;
  /** Build-time dependencies by name, with the base module's stream (and stream version when MBS knows it). */
  buildrequires?: Record<string, { stream: string; stream_version?: number | null } | undefined> | null;
}

export interface MbsPage {
  items: MbsModuleBuild[];
  meta?: { next?: string | null } | null;
}

/**
 * The `base_module_br_*` query parameters: as the compose asks for its own modules, or derived from
 * the base module a build was built against when looking up its runtime dependencies (CONTRACT §8.3).
 */
export interface BaseModuleBr {
  name: string;
  stream?: string | null;
  streamVersionLte?: number | null;
  streamVersionGte?: number | null;
}

export interface MbsQuery {
  nsvc: string;
  includeDone: boolean;
  baseModule?: BaseModuleBr | null;
}

export interface MbsClientOptions {
  /** `mbs_url` (the `/1/...` API path is appended). */
  url: string;
  /** `net_timeout`: the time allowed for one query, retries included. */
  timeoutMs: number;
  /** `net_retry_interval`: pause between attempts. */
  retryDelayMs: number;
}
