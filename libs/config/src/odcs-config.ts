import type { AuthConfig } from './auth-config.js';

/** The typed configuration of odcs. Keys mirror upstream ODCS's option names (CONTRACT §12). */
export interface RawConfigUrl {
  url: string;
  config_filename: string;
  commit?: string;
  path?: string;
  schema_override?: string;
  pungi_timeout?: number;
  raw_config_wrapper?: string;
  /** pungi-koji arguments of this entry, replacing pungi_koji_args. */
  raw_config_pungi_koji_args?: string[];
}

export type ComposeEngineChoice = 'pungi' | 'builtin' | 'auto';

export interface OdcsConfig extends AuthConfig {
  host: string;
  port: number;
  frontend_workers: number;
  frontend_heap_growth_percent: number;
  log_level: 'debug' | 'info' | 'warning' | 'error';
  log_format: 'auto' | 'json' | 'pretty';
  min_free_space: number;
  expected_backend_number: number;
  backend_heartbeat_seconds: number;
  backend_alive_seconds: number;
  backend_forget_seconds: number;
  log_requests: boolean;
  http_metrics: boolean;
  database_url: string;
  data_dir: string;
  database_migrate_on_start: boolean;
  database_generic_plans: boolean;
  amqp_url: string;
  messaging_exchange: string;
  messaging_topic_prefix: string;
  outbox_retention_hours: number;
  target_dir: string;
  target_dir_url: string;
  serve_target_dir: boolean;
  extra_target_dirs: Record<string, string>;
  seconds_to_live: number;
  max_seconds_to_live: number;
  arches: string[];
  sigkeys: string[];
  raw_config_urls: Record<string, RawConfigUrl>;
  raw_config_wrapper_conf_path: string;
  raw_config_schema_override: string;
  raw_config_pungi_koji_args: Record<string, string[]>;
  pungi_config_validate: string;
  base_module_names: string[];
  koji_hub_url: string;
  koji_top_url: string;
  koji_profile: string;
  mbs_url: string;
  net_timeout: number;
  net_retry_interval: number;
  compose_engine: ComposeEngineChoice;
  /** Source type name (tag, module, repo, build, ...) to engine, overriding compose_engine. */
  compose_engine_overrides: Record<string, ComposeEngineChoice>;
  pungi_koji: string;
  pungi_koji_args: string[];
  pungi_timeout: number;
  num_concurrent_pungi: number;
  createrepo_c: string;
  pulp_server_url: string;
  pulp_api_version: '2' | '3';
  pulp_username: string;
  pulp_password: string;
  mergerepo_c: string;
  mergerepo_timeout: number;
  pickup_interval_seconds: number;
  cleanup_interval_seconds: number;
  generation_lease_seconds: number;
  generation_max_attempts: number;
}
