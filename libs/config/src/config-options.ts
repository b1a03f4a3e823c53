import { AUTH_CONFIG_OPTIONS } from './auth-config.js';
import { rawConfigUrlsProblem } from './raw-config-url.schema.js';
import type { OdcsConfig } from './odcs-config.js';
import type { OptionSpec as GenericOptionSpec } from './option-spec.js';

export type { OptionKind } from './option-spec.js';

/** How one option of OdcsConfig is read, defaulted, documented and checked. */
export type OptionSpec<K extends keyof OdcsConfig = keyof OdcsConfig> = GenericOptionSpec<OdcsConfig, K>;

const isAbsolute = (p: string): string | null => (p.startsWith('/') ? null : 'must be an absolute path');
const isUrl = (u: string): string | null => {
  try {
    new URL(u);
    return null;
  } catch {
    return 'must be a URL';
  }
};

/**
 * Every option odcs understands. Each is read from ODCS_<NAME> (upper case), then from the JSON
 * config file named by ODCS_CONFIG_FILE, then falls back to its default.
 */
export const CONFIG_OPTIONS: { [K in keyof OdcsConfig]: OptionSpec<K> } = {
  ...AUTH_CONFIG_OPTIONS,
  host: {
    kind: 'string',
    default: '127.0.0.1',
    desc: 'Address the HTTP server listens on (0.0.0.0 for every interface, as in the container image).',
  },
  port: {
    kind: 'int',
    default: 5005,
    min: 0,
    desc: 'HTTP port of the frontend (the backend serves /health on it too).',
    aliases: ['PORT'],
  },
  frontend_workers: {
    kind: 'int',
    default: 0,
    min: 0,
    desc:
      'Processes of the frontend (node:cluster) sharing its port, as gunicorn workers do; each answer names its worker in X-ODCS-Worker. ' +
      '0: one per CPU (os.availableParallelism()). The single-process mode (npm start) always runs one.',
  },
  frontend_heap_growth_percent: {
    kind: 'int',
    default: 20,
    min: 0,
    desc:
      'How far (in percent of what it held live after the last full garbage collection) a frontend process lets its V8 old generation grow ' +
      'before the next full collection. 0: V8 decides (up to 4 times the live size: 270-290 MB per process under load instead of about 150). ' +
      'A trigger, not a cap: the heap still grows as far as live data needs. Lower: less memory, more CPU on collections.',
  },
  log_level: { kind: 'enum', values: ['debug', 'info', 'warning', 'error'], default: 'info', desc: 'Least severe log level printed.' },
  log_format: {
    kind: 'enum',
    values: ['auto', 'json', 'pretty'],
    default: 'auto',
    desc: 'Log lines: `json` (one JSON object a line, for containers), `pretty` (human-readable), `auto` (pretty in a terminal, else JSON).',
  },
  min_free_space: {
    kind: 'int',
    default: 0,
    min: 0,
    desc: 'Bytes that must stay free in every target dir; below that /health/ready answers 503.',
  },
  expected_backend_number: {
    kind: 'int',
    default: 2,
    min: 0,
    desc: 'Number of backends expected to run (metric celery_workers_expected).',
  },
  backend_heartbeat_seconds: {
    kind: 'int',
    default: 10,
    min: 1,
    desc: 'How often a backend records itself as alive in the backends table (even when idle).',
  },
  backend_alive_seconds: {
    kind: 'int',
    default: 30,
    min: 1,
    desc: 'A backend seen within this many seconds counts as online (metrics celery_workers, celery_workers_totals).',
  },
  backend_forget_seconds: {
    kind: 'int',
    default: 86400,
    min: 1,
    desc: 'Backends not seen for this many seconds are deleted from the backends table by the expiry sweep (and leave the metrics).',
  },
  log_requests: {
    kind: 'bool',
    default: true,
    desc: 'Log one line per HTTP request (at level info, with request_id, method, url, status and time).',
  },
  http_metrics: {
    kind: 'bool',
    default: true,
    desc: 'Observe every HTTP request in the histogram odcs_http_request_duration_seconds.',
  },
  database_url: {
    kind: 'string',
    default: '',
    desc: 'PostgreSQL URL (postgres://user:pass@host:5432/db). Empty: embedded PostgreSQL (PGlite) in data_dir.',
    aliases: ['ODCS_DB_URL', 'DATABASE_URL'],
  },
  data_dir: { kind: 'string', default: './data', desc: 'Directory of the embedded database (used only when database_url is empty).' },
  database_migrate_on_start: {
    kind: 'bool',
    default: true,
    desc: 'Run pending migrations at start-up (under an advisory lock, safe with many processes).',
  },
  database_generic_plans: {
    kind: 'bool',
    default: true,
    desc: "Plan odcs's hot prepared statements once per connection (plan_cache_mode=force_generic_plan in the connection's startup options). Set false behind a pooler that refuses startup options (PgBouncer without options in ignore_startup_parameters).",
  },
  amqp_url: {
    kind: 'string',
    default: '',
    desc: 'RabbitMQ URL (amqp://guest:guest@127.0.0.1:5672). Empty: in-process bus (single-process mode only).',
    aliases: ['AMQP_URL', 'ODCS_CELERY_BROKER_URL'],
  },
  messaging_exchange: { kind: 'string', default: 'odcs', desc: 'Topic exchange that carries the compose notifications.' },
  messaging_topic_prefix: { kind: 'string', default: 'odcs', desc: 'Prefix of routing keys: <prefix>.compose.state-changed.' },
  outbox_retention_hours: {
    kind: 'int',
    default: 168,
    min: 1,
    desc: 'Hours a published event stays in the outbox table (for inspection) before it is deleted.',
  },
  target_dir: {
    kind: 'string',
    default: '',
    desc: 'Absolute directory where composes are stored. Empty: <data_dir>/composes.',
    aliases: ['ODCS_TARGET_DIR'],
  },
  target_dir_url: {
    kind: 'string',
    default: (c) => `http://localhost:${c.port ?? 5005}/composes`,
    desc: 'Public URL of target_dir (no trailing slash).',
    aliases: ['TARGET_DIR_URL'],
    check: (v) => isUrl(v),
  },
  serve_target_dir: { kind: 'bool', default: true, desc: 'Serve target_dir from the frontend at the path of target_dir_url.' },
  extra_target_dirs: {
    kind: 'json',
    default: {},
    desc: 'Map of name to absolute path of extra storages selectable with "target_dir".',
    check: (v) => {
      for (const [k, p] of Object.entries(v)) {
        if (typeof p !== 'string' || isAbsolute(p)) return `entry "${k}" must be an absolute path`;
      }
      return null;
    },
  },
  seconds_to_live: { kind: 'int', default: 86400, desc: 'Default time to live of a compose, in seconds.' },
  max_seconds_to_live: { kind: 'int', default: 259200, min: 1, desc: 'Upper bound of a requested time to live, in seconds.' },
  arches: { kind: 'list', default: ['x86_64'], desc: 'Default arches of a compose.' },
  sigkeys: { kind: 'list', default: [], desc: 'Default signing keys (also shown by /api/1/about/).' },
  raw_config_urls: {
    kind: 'json',
    default: {},
    aliases: ['RAW_CONFIG_URLS'],
    desc:
      "raw_config sources: name to {url (git), config_filename, commit? (pins it; the client's commit is then ignored), path? (subdir of the repository), " +
      'schema_override? (passed to pungi_config_validate), pungi_timeout?, raw_config_wrapper? (wrapper path for this entry), raw_config_pungi_koji_args? (list)}.',
    check: (v) => rawConfigUrlsProblem(v),
  },
  raw_config_wrapper_conf_path: {
    kind: 'string',
    default: '',
    desc:
      'Jinja2 template written as pungi.conf around a raw config (raw_config.conf), rendered with "compose" = the compose JSON. ' +
      "Empty: the shipped wrapper (from raw_config import *; koji_profile = 'odcs_stg'; createrepo_deltas = False).",
  },
  raw_config_schema_override: {
    kind: 'string',
    default: '',
    desc: 'Schema override file passed to pungi_config_validate (--schema-override) for every raw config.',
  },
  raw_config_pungi_koji_args: {
    kind: 'json',
    default: {},
    desc: 'raw_config source name to the pungi-koji arguments of its composes, replacing pungi_koji_args: {"name": ["--nightly"]}.',
    check: (v) => {
      for (const [k, args] of Object.entries(v)) {
        if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) return `entry "${k}" must be a list of strings`;
      }
      return null;
    },
  },
  pungi_config_validate: {
    kind: 'string',
    default: '',
    desc: 'pungi-config-validate command run on every raw config before Pungi (its logs are kept in the compose dir). Empty: no validation.',
  },
  base_module_names: { kind: 'list', default: ['platform', 'bootstrap'], desc: 'Base modules that cannot be requested.' },
  koji_hub_url: {
    kind: 'string',
    default: 'https://koji.fedoraproject.org/kojihub',
    desc: 'Koji hub XML-RPC URL.',
    check: (v) => isUrl(v),
  },
  koji_top_url: { kind: 'string', default: 'https://kojipkgs.fedoraproject.org', desc: 'Koji top URL (packages), or a local path.' },
  koji_profile: { kind: 'string', default: 'koji', desc: 'Koji profile written into pungi.conf.' },
  mbs_url: { kind: 'string', default: 'http://localhost/module-build-service', desc: 'Module Build Service URL.' },
  net_timeout: { kind: 'int', default: 120, min: 1, desc: 'Network timeout and retry window, seconds.' },
  net_retry_interval: { kind: 'int', default: 30, min: 0, desc: 'Pause between network retries, seconds.' },
  compose_engine: {
    kind: 'enum',
    values: ['pungi', 'builtin', 'auto'],
    default: 'auto',
    desc: 'Engine that generates composes: pungi (pungi-koji), builtin (createrepo_c), auto (pungi when on PATH).',
  },
  compose_engine_overrides: {
    kind: 'json',
    default: {},
    desc: 'Engine per source type, overriding compose_engine: e.g. {"module": "pungi", "repo": "builtin"}.',
    check: (v) => {
      for (const [k, e] of Object.entries(v)) {
        if (e !== 'pungi' && e !== 'builtin' && e !== 'auto') return `entry "${k}" must be pungi, builtin or auto`;
      }
      return null;
    },
  },
  pungi_koji: { kind: 'string', default: 'pungi-koji', desc: 'Pungi command.' },
  pungi_koji_args: { kind: 'list', default: [], desc: 'Extra arguments for pungi-koji.' },
  pungi_timeout: { kind: 'int', default: 3600, min: 1, desc: 'Seconds a Pungi run may take before its process group is killed.' },
  num_concurrent_pungi: { kind: 'int', default: 2, min: 1, desc: 'Composes one backend generates at once.' },
  createrepo_c: { kind: 'string', default: 'createrepo_c', desc: 'createrepo_c command (built-in engine).' },
  pulp_server_url: {
    kind: 'string',
    default: '',
    aliases: ['PULP_SERVER_URL'],
    desc: 'Pulp server of pulp composes (API version: pulp_api_version). Empty: pulp composes fail.',
    check: (v) => (v === '' ? null : isUrl(v)),
  },
  pulp_api_version: {
    kind: 'enum',
    values: ['2', '3'],
    default: '2',
    desc: 'Pulp REST API of pulp_server_url: 2 (repository search by notes.content_set, repo ids) or 3 (RPM distributions by content_set label or base path).',
  },
  pulp_username: { kind: 'string', default: '', aliases: ['PULP_USERNAME'], desc: 'User of HTTP basic auth to Pulp.' },
  pulp_password: { kind: 'string', default: '', aliases: ['PULP_PASSWORD'], desc: 'Password of HTTP basic auth to Pulp.' },
  mergerepo_c: { kind: 'string', default: 'mergerepo_c', desc: 'mergerepo_c command (merges same-arch Pulp repositories).' },
  mergerepo_timeout: { kind: 'int', default: 1800, min: 1, desc: 'Seconds a mergerepo_c run may take.' },
  pickup_interval_seconds: {
    kind: 'int',
    default: 5,
    min: 1,
    desc: 'How often a backend looks for waiting composes it was not told about.',
  },
  cleanup_interval_seconds: { kind: 'int', default: 60, min: 1, desc: 'How often expired composes are removed.' },
  generation_lease_seconds: {
    kind: 'int',
    default: 60,
    min: 5,
    desc: 'Lease of a generating compose; renewed by its backend, taken over when it lapses.',
  },
  generation_max_attempts: {
    kind: 'int',
    default: 3,
    min: 1,
    desc: 'Generation attempts of a compose whose backend died before it is failed.',
  },
};
