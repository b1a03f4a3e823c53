/** Who is asking. */
export interface Identity {
  username: string;
  groups: string[];
  /** Scopes granted by the token (openidc); null when the auth backend has no scopes. */
  scopes: string[] | null;
}

export type ComposeAction = 'new-compose' | 'renew-compose' | 'delete-compose';

/**
 * What a compose request asks for, in names (CONTRACT §7.3). POST fills every field; PATCH passes
 * target_dirs null (not checked on renew) and the stored sources.
 */
export interface PermissionInput {
  source_types: string;
  /** Each space-separated source item; for raw_config the full "name#commit". */
  sources: string[];
  /** Result names; always includes "repository". */
  results: string[];
  /** Flag names. "no_flags" may be present or not: it is never a restriction (Decision 6). */
  flags: string[];
  arches: string[];
  compose_types: string;
  /** Extra target dir name; null when the default target dir is used (not checked). */
  target_dirs: string | null;
  /** raw_config name (part before '#'); null for other source types (not checked). */
  raw_config_keys: string | null;
}

/** Minimal view of an HTTP request, so the lib does not depend on a web framework. */
export interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  socket: { remoteAddress?: string | undefined };
}
