import type { OptionSpec } from './config-options.js';

export interface PermissionEntry {
  source_types?: string[];
  sources?: string[];
  results?: string[];
  flags?: string[];
  arches?: string[];
  compose_types?: string[];
  target_dirs?: string[];
  raw_config_keys?: string[];
}

export interface AllowedClients {
  users: Record<string, PermissionEntry>;
  groups: Record<string, PermissionEntry>;
}

export interface Admins {
  users: string[];
  groups: string[];
}

export type AuthBackend = 'noauth' | 'kerberos' | 'ssl' | 'kerberos_or_ssl' | 'openidc' | 'openidc_or_kerberos' | 'header';

export interface AuthConfig {
  auth_backend: AuthBackend;
  auth_user_header: string;
  auth_trusted_proxies: string[];
  admins: Admins;
  allowed_clients: AllowedClients;
  allowed_source_types: string[];
  allowed_flags: string[];
  allowed_arches: string[];
  allowed_results: string[];
  allowed_sources: string[];
  allowed_compose_types: string[];
  allowed_target_dirs: string[];
  about_hide_permissions: boolean;
  oidc_base_namespace: string;
}

const FLAG_NAMES = [
  'no_flags',
  'no_deps',
  'no_inheritance',
  'include_unpublished_pulp_repos',
  'check_deps',
  'include_done_modules',
  'ignore_absent_pulp_repos',
  'no_reuse',
  'use_only_compatible_arch',
];
const RESULT_NAMES = ['repository', 'iso', 'ostree', 'boot.iso'];

/** Options of authentication and authorization (CONTRACT §7). */
export const AUTH_CONFIG_OPTIONS: { [K in keyof AuthConfig]: OptionSpec<K> } = {
  auth_backend: {
    kind: 'enum',
    values: ['noauth', 'kerberos', 'ssl', 'kerberos_or_ssl', 'openidc', 'openidc_or_kerberos', 'header'],
    default: 'noauth',
    desc: 'Who is asking: noauth (everyone is "unknown" and admin), header (user name from auth_user_header set by a trusted proxy), or the upstream backends.',
  },
  auth_user_header: { kind: 'string', default: 'REMOTE_USER', desc: 'Request header carrying the user name set by a trusted front proxy.' },
  auth_trusted_proxies: {
    kind: 'list',
    default: ['127.0.0.1', '::1', '::ffff:127.0.0.1'],
    desc: 'Addresses whose identity headers are believed. Headers from any other peer are ignored.',
  },
  admins: {
    kind: 'json',
    default: { users: [], groups: [] },
    desc: 'Administrators: {"users": [...], "groups": [...]}.',
    check: (v) => (Array.isArray(v.users) && Array.isArray(v.groups) ? null : 'must be {"users": [...], "groups": [...]}'),
  },
  allowed_clients: {
    kind: 'json',
    default: { users: {}, groups: {} },
    desc: 'Who may request what (CONTRACT §7.3): {"users": {name: {attr: [values]}}, "groups": {...}}.',
    check: (v) => {
      const keys = Object.keys(v);
      if (keys.some((k) => k !== 'users' && k !== 'groups')) return 'only "users" and "groups" keys are allowed';
      for (const kind of ['users', 'groups'] as const) {
        for (const [name, entry] of Object.entries(v[kind] ?? {})) {
          for (const [attr, list] of Object.entries(entry ?? {})) {
            if (!Array.isArray(list)) return `${kind}.${name}.${attr} must be a list`;
          }
        }
      }
      return null;
    },
  },
  allowed_source_types: {
    kind: 'list',
    default: ['tag', 'module', 'build'],
    desc: 'Default source_types permission of an allowed_clients entry.',
  },
  allowed_flags: { kind: 'list', default: FLAG_NAMES, desc: 'Default flags permission.' },
  allowed_arches: { kind: 'list', default: ['x86_64'], desc: 'Default arches permission.' },
  allowed_results: { kind: 'list', default: RESULT_NAMES, desc: 'Default results permission.' },
  allowed_sources: { kind: 'list', default: [''], desc: 'Default sources permission ([""] = any).' },
  allowed_compose_types: { kind: 'list', default: [''], desc: 'Default compose_types permission ([""] = any).' },
  allowed_target_dirs: { kind: 'list', default: [], desc: 'Default target_dirs permission (extra target dirs).' },
  about_hide_permissions: { kind: 'bool', default: false, desc: 'Hide allowed_clients and raw_config_urls from /api/1/about/.' },
  oidc_base_namespace: {
    kind: 'string',
    default: 'https://pagure.io/odcs/',
    desc: 'Prefix of the OIDC scopes new-compose, renew-compose, delete-compose.',
  },
};
