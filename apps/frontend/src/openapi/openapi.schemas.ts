import { FLAGS } from '@odcs/compose';

/** JSON Schemas (OpenAPI 3.1 = JSON Schema 2020-12) of the ODCS API v1 bodies (CONTRACT §1, §2, §3). */

type Schema = Record<string, unknown>;

const str = (description: string): Schema => ({ type: 'string', description });
const strOrNull = (description: string): Schema => ({ type: ['string', 'null'], description });
const intOrNull = (description: string): Schema => ({ type: ['integer', 'null'], description });
const list = (description: string): Schema => ({ type: 'array', items: { type: 'string' }, description });

const STATES = ['wait', 'generating', 'done', 'removed', 'failed'];
const SOURCE_TYPES = ['tag', 'module', 'repo', 'pulp', 'raw_config', 'build', 'pungi_compose'];
const FLAG_NAMES = Object.keys(FLAGS);

const COMPOSE_PROPERTIES: Record<string, Schema> = {
  id: { type: 'integer', description: 'compose id' },
  owner: str('user who requested it ("unknown" under noauth)'),
  source_type: { type: 'integer', minimum: 1, maximum: 7, description: `1..7: ${SOURCE_TYPES.join(', ')}` },
  source: str('space-separated; meaning depends on source_type (tag, modules, content sets, name#commit, variant URL)'),
  state: { type: 'integer', minimum: 0, maximum: 4, description: `0..4: ${STATES.join(', ')}` },
  state_name: { type: 'string', enum: STATES },
  state_reason: strOrNull('why the compose is in its state'),
  time_to_expire: { type: 'string', description: 'when the compose is removed' },
  time_submitted: { type: 'string' },
  time_started: strOrNull('set when generation starts'),
  time_done: strOrNull('set when the compose is done'),
  time_removed: strOrNull('set when the compose is removed'),
  removed_by: strOrNull('admin who removed the compose'),
  result_repo: str('URL of the repository ("" outside the default target dir and for raw_config)'),
  result_repofile: str('URL of the .repo file (same "" rules)'),
  toplevel_url: str('URL of the compose directory'),
  flags: { type: 'array', items: { type: 'string', enum: FLAG_NAMES } },
  results: { type: 'array', items: { type: 'string', enum: ['repository', 'iso', 'ostree', 'boot.iso'] } },
  sigkeys: str('space-separated signing key ids'),
  koji_event: intOrNull('Koji event the content is taken at'),
  koji_task_id: intOrNull('legacy, always null'),
  packages: strOrNull('space-separated package names'),
  builds: strOrNull('space-separated Koji build NVRs'),
  arches: str('space-separated architectures'),
  multilib_arches: str('space-separated multilib architectures'),
  multilib_method: { type: 'integer', description: 'bitmask: runtime 1, devel 2, all 4' },
  lookaside_repos: strOrNull('space-separated lookaside repository URLs'),
  modular_koji_tags: strOrNull('space-separated Koji tags with module builds'),
  module_defaults_url: strOrNull('"<url> <commit>" of module defaults'),
  label: strOrNull('compose label'),
  compose_type: strOrNull('test, nightly, ci, production, ...'),
  pungi_compose_id: strOrNull('Pungi ComposeInfo id'),
  target_dir: str('"default", a key of extra_target_dirs, or "unknown"'),
  scratch_modules: strOrNull('space-separated N:S:V:C'),
  parent_pungi_compose_ids: strOrNull('space-separated Pungi compose ids'),
  scratch_build_tasks: strOrNull('space-separated Koji task ids'),
  modules: strOrNull('space-separated N:S:V:C'),
  respin_of: strOrNull('Pungi compose id this is a respin of'),
  base_module_br_name: strOrNull('MBS filter'),
  base_module_br_stream: strOrNull('MBS filter'),
  base_module_br_stream_version_lte: intOrNull('MBS filter'),
  base_module_br_stream_version_gte: intOrNull('MBS filter'),
  reused_id: intOrNull('odcs addition: id of the compose whose content this one reuses'),
  progress: strOrNull('odcs addition: what the running engine is doing'),
  attempts: { type: 'integer', description: 'odcs addition: generation attempts' },
};

/** Optional keys: the detail-only Pungi config, and the size once done. */
const OPTIONAL: Record<string, Schema> = {
  pungi_config_dump: strOrNull('the generated pungi.conf (detail endpoint only)'),
  size_bytes: intOrNull('odcs addition: bytes used by the compose directory, computed once at done'),
};

export const COMPONENT_SCHEMAS: Record<string, Schema> = {
  Compose: {
    type: 'object',
    description: 'A compose (CONTRACT §1.5). The list omits pungi_config_dump.',
    properties: { ...COMPOSE_PROPERTIES, ...OPTIONAL },
    required: Object.keys(COMPOSE_PROPERTIES),
    additionalProperties: false,
  },
  ComposeList: {
    type: 'object',
    properties: {
      items: { type: 'array', items: { $ref: '#/components/schemas/Compose' } },
      meta: {
        type: 'object',
        properties: {
          page: { type: 'integer' },
          pages: { type: 'integer' },
          per_page: { type: 'integer' },
          total: { type: 'integer' },
          first: { type: 'string', format: 'uri' },
          last: { type: 'string', format: 'uri' },
          prev: { type: ['string', 'null'], format: 'uri' },
          next: { type: ['string', 'null'], format: 'uri' },
        },
        required: ['page', 'pages', 'per_page', 'total', 'first', 'last', 'prev', 'next'],
        additionalProperties: false,
      },
    },
    required: ['items', 'meta'],
    additionalProperties: false,
  },
  Error: {
    type: 'object',
    description: 'Every error (CONTRACT §1.2)',
    properties: { status: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } },
    required: ['status', 'error', 'message'],
    additionalProperties: false,
  },
  Accepted: {
    type: 'object',
    properties: { status: { const: 202 }, message: { type: 'string' } },
    required: ['status', 'message'],
    additionalProperties: false,
  },
  About: {
    type: 'object',
    properties: {
      version: { type: 'string' },
      auth_backend: str('noauth, kerberos, ssl, kerberos_or_ssl, openidc, openidc_or_kerberos or header'),
      allowed_clients: { type: 'object', description: 'the permission configuration, verbatim' },
      raw_config_urls: { type: 'object', description: 'the raw config sources, verbatim' },
      sigkeys: list('default signing keys'),
    },
    required: ['version', 'auth_backend', 'allowed_clients', 'raw_config_urls', 'sigkeys'],
  },
  FreeSpaceRequest: {
    type: 'object',
    properties: { bytes: { type: 'integer', minimum: 0 }, dry_run: { type: 'boolean' } },
    required: ['bytes'],
  },
  FreeSpaceResult: {
    type: 'object',
    properties: {
      target_dir: { type: 'string' },
      free_bytes: { type: 'integer', description: 'free before' },
      wanted_free_bytes: { type: 'integer' },
      dry_run: { type: 'boolean' },
      freed_bytes: { type: 'integer', description: 'size_bytes of the composes listed' },
      enough: { type: 'boolean', description: 'free_bytes + freed_bytes reaches wanted_free_bytes' },
      composes: {
        type: 'array',
        description: 'oldest first',
        items: {
          type: 'object',
          properties: { id: { type: 'integer' }, size_bytes: { type: 'integer' }, time_done: { type: 'string' } },
          required: ['id', 'size_bytes', 'time_done'],
          additionalProperties: false,
        },
      },
    },
    required: ['target_dir', 'free_bytes', 'wanted_free_bytes', 'dry_run', 'freed_bytes', 'enough', 'composes'],
    additionalProperties: false,
  },
  Health: {
    type: 'object',
    description: 'Terminus health JSON, plus message when something is down',
    properties: {
      status: { type: 'string', enum: ['ok', 'error'] },
      info: { type: 'object', description: 'checks that are up, by name' },
      error: { type: 'object', description: 'checks that are down, by name, with their message' },
      details: { type: 'object' },
      message: str('each failing check: "<name>: <why>", joined by "; "'),
    },
    required: ['status'],
  },
  WhoAmI: {
    type: 'object',
    description: 'GET /api/1/whoami/ (odcs addition)',
    properties: {
      username: { type: ['string', 'null'], description: 'null: anonymous; "unknown" under noauth' },
      groups: list('groups of the user (from the token, LDAP or the proxy)'),
      auth_backend: str('the configured auth_backend'),
      is_admin: { type: 'boolean', description: 'in admins (always true under noauth)' },
      allowed: {
        type: 'object',
        properties: {
          new_compose: { type: 'boolean', description: 'POST /api/1/composes/ passes login, scope and allowed_clients role' },
          renew_compose: { type: 'boolean', description: 'PATCH passes login, scope and allowed_clients role' },
          delete_compose: { type: 'boolean', description: 'DELETE passes login and scope (others’ or finished composes: admins only)' },
        },
        required: ['new_compose', 'renew_compose', 'delete_compose'],
        additionalProperties: false,
      },
    },
    required: ['username', 'groups', 'auth_backend', 'is_admin', 'allowed'],
    additionalProperties: false,
  },
  SessionIdentity: {
    type: 'object',
    description: 'GET /auth/me (odcs addition): the user the session cookie stands for',
    properties: {
      username: str('the user (auth_openidc_username_claim of the ID token or userinfo)'),
      groups: list('groups of the user (auth_openidc_groups_claim of the ID token or userinfo)'),
      scopes: list('scopes granted at the login'),
    },
    required: ['username', 'groups', 'scopes'],
    additionalProperties: false,
  },
  ComposeSource: {
    type: 'object',
    properties: {
      type: { type: 'string', enum: SOURCE_TYPES },
      source: str('space-separated: tag, modules, content sets, name#commit or variant URL'),
      packages: list('package names'),
      builds: list('Koji build NVRs'),
      sigkeys: list('signing key ids ("" allows unsigned)'),
      koji_event: { type: 'integer' },
      modular_koji_tags: list('Koji tags with module builds'),
      module_defaults_url: str('with module_defaults_commit'),
      module_defaults_commit: str('with module_defaults_url'),
      scratch_modules: list('N:S:V:C'),
      scratch_build_tasks: list('Koji task ids'),
      modules: list('N:S:V:C'),
      base_module_br_name: str('MBS filter'),
      base_module_br_stream: str('MBS filter'),
      base_module_br_stream_version_lte: { type: 'integer' },
      base_module_br_stream_version_gte: { type: 'integer' },
    },
    required: ['type'],
  },
  CreateCompose: {
    type: 'object',
    description: 'POST body (CONTRACT §2.3); unknown keys are ignored',
    properties: {
      source: { $ref: '#/components/schemas/ComposeSource' },
      seconds_to_live: { type: 'integer' },
      'seconds-to-live': { type: ['integer', 'string'], description: 'legacy spelling' },
      flags: { type: 'array', items: { type: 'string', enum: FLAG_NAMES } },
      results: { type: 'array', items: { type: 'string', enum: ['repository', 'iso', 'ostree', 'boot.iso'] } },
      arches: list('architectures'),
      multilib_arches: list('multilib architectures'),
      multilib_method: { type: 'array', items: { type: 'string', enum: ['none', 'runtime', 'devel', 'all'] } },
      lookaside_repos: list('lookaside repository URLs'),
      label: { type: 'string' },
      compose_type: { type: 'string' },
      target_dir: str('"default" or a key of extra_target_dirs'),
      parent_pungi_compose_ids: list('Pungi compose ids'),
      respin_of: { type: 'string' },
    },
    required: ['source'],
  },
  RenewCompose: {
    type: 'object',
    description: 'PATCH body (CONTRACT §3.1); empty extends by the default time to live',
    properties: {
      seconds_to_live: { type: 'integer' },
      'seconds-to-live': { type: ['integer', 'string'] },
      sigkeys: list('new signing keys (regenerates)'),
      source: { type: 'object', properties: { builds: list('new builds (regenerates)'), modules: list('new modules (regenerates)') } },
    },
  },
};

/**
 * The 200 body of the routes answering with one compose, also given to Fastify as their response
 * schema: it serializes it with a function compiled from the schema (fast-json-stringify). Lists
 * are written from each compose's JSON as rendered once (ListedComposeJson). The OpenAPI test
 * checks real responses of both against these schemas.
 */
export const COMPOSE_RESPONSE: Schema = COMPONENT_SCHEMAS['Compose']!;
