import { availableParallelism } from 'node:os';
import type { ComposeEngineChoice, OdcsConfig, RawConfigUrl } from '@odcs/config';

export const ENGINE_OPTIONS = Symbol('ENGINE_OPTIONS');

/** What the compose engines need from the configuration (CONTRACT §12 names in the comments). */
export interface EngineOptions {
  /** `compose_engine`. */
  composeEngine: ComposeEngineChoice;
  /** `compose_engine_overrides`: source type name → engine. */
  composeEngineOverrides: Readonly<Record<string, ComposeEngineChoice>>;
  /** `pungi_koji`. */
  pungiKoji: string;
  /** `pungi_koji_args`. */
  pungiKojiArgs: readonly string[];
  /** `raw_config_urls`, `raw_config_wrapper_conf_path`, `raw_config_schema_override`, `raw_config_pungi_koji_args`. */
  rawConfigUrls: Readonly<Record<string, RawConfigUrl>>;
  rawConfigWrapperConfPath: string;
  rawConfigSchemaOverride: string;
  rawConfigPungiKojiArgs: Readonly<Record<string, readonly string[]>>;
  /** `pungi_config_validate`; '' = no validation. */
  pungiConfigValidate: string;
  /** `pungi_timeout`, seconds; also bounds a built-in engine run. */
  pungiTimeout: number;
  /** `koji_profile` and `mbs_url`, written into pungi.conf. */
  kojiProfile: string;
  mbsUrl: string;
  /** `createrepo_c`. */
  createrepoC: string;
  /** `net_timeout` (seconds): idle time allowed on one download. */
  netTimeout: number;
  /** `net_retry_interval` (seconds): first pause between download retries (doubles, capped at 30 s). */
  netRetryInterval: number;
  /** `createrepo_c --workers` (built-in engine): threads reading RPMs, one per CPU by default. */
  createrepoWorkers: number;
  /** Downloads running at once (built-in engine). */
  downloadConcurrency: number;
  /** Further attempts of a download after a transient error. */
  downloadRetries: number;
  /**
   * Python interpreter with libdnf's bindings (hawkey) for dependency resolution; null = the
   * interpreter of the `dnf` command on PATH, else /usr/bin/python3.
   */
  python: string | null;
  /** Pulp composes: `pulp_server_url`, `pulp_username`, `pulp_password`, `mergerepo_c`, `mergerepo_timeout`, `allowed_arches`. */
  pulp: PulpOptions;
}

export interface PulpOptions {
  serverUrl: string;
  /** `pulp_api_version`. */
  apiVersion: '2' | '3';
  username: string;
  password: string;
  mergerepoC: string;
  /** Seconds. */
  mergerepoTimeout: number;
  /** Arches of the empty repositories of a pulp compose that found no repository. */
  allowedArches: readonly string[];
}

export function engineOptionsFromConfig(config: OdcsConfig): EngineOptions {
  return {
    composeEngine: config.compose_engine,
    composeEngineOverrides: config.compose_engine_overrides ?? {},
    pungiKoji: config.pungi_koji,
    pungiKojiArgs: config.pungi_koji_args,
    pungiTimeout: config.pungi_timeout,
    rawConfigUrls: config.raw_config_urls,
    rawConfigWrapperConfPath: config.raw_config_wrapper_conf_path,
    rawConfigSchemaOverride: config.raw_config_schema_override,
    rawConfigPungiKojiArgs: config.raw_config_pungi_koji_args,
    pungiConfigValidate: config.pungi_config_validate,
    kojiProfile: config.koji_profile,
    mbsUrl: config.mbs_url,
    createrepoC: config.createrepo_c,
    netTimeout: config.net_timeout,
    netRetryInterval: Math.min(config.net_retry_interval, 30),
    createrepoWorkers: availableParallelism(),
    downloadConcurrency: 16,
    downloadRetries: 3,
    python: null,
    pulp: {
      serverUrl: config.pulp_server_url,
      apiVersion: config.pulp_api_version,
      username: config.pulp_username,
      password: config.pulp_password,
      mergerepoC: config.mergerepo_c,
      mergerepoTimeout: config.mergerepo_timeout,
      allowedArches: config.allowed_arches,
    },
  };
}
