import { isIP } from 'node:net';
import type { OptionSpec } from './option-spec.js';

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
  auth_groups_header: string;
  auth_ssl_verify_header: string;
  auth_ssl_dn_header: string;
  auth_ldap_server: string;
  auth_ldap_group_base: string;
  auth_ldap_timeout: number;
  auth_openidc_issuer: string;
  auth_openidc_audience: string[];
  auth_openidc_client_id: string;
  auth_openidc_client_secret: string;
  auth_openidc_client_auth_method: 'client_secret_basic' | 'client_secret_post';
  auth_openidc_introspection_uri: string;
  auth_openidc_userinfo_uri: string;
  auth_openidc_required_scopes: string[];
  auth_openidc_username_claim: string;
  auth_openidc_groups_claim: string;
  auth_openidc_callback_url: string;
  auth_openidc_login_scopes: string[];
  auth_session_secret: string;
  auth_session_max_age: number;
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
export const AUTH_CONFIG_OPTIONS: { [K in keyof AuthConfig]: OptionSpec<AuthConfig, K> } = {
  auth_backend: {
    kind: 'enum',
    values: ['noauth', 'kerberos', 'ssl', 'kerberos_or_ssl', 'openidc', 'openidc_or_kerberos', 'header'],
    default: 'noauth',
    desc: 'Who is asking: noauth (everyone is "unknown" and admin), header (user name from auth_user_header set by a trusted proxy), kerberos (auth_user_header = user@REALM from a trusted proxy, groups from LDAP), ssl (client certificate checked by a trusted proxy), kerberos_or_ssl, openidc (Bearer tokens of auth_openidc_issuer), openidc_or_kerberos.',
    check: (_v, all) => checkAuthBackend(all),
  },
  auth_user_header: {
    kind: 'string',
    default: 'REMOTE_USER',
    desc: 'Request header carrying the user name (header backend) or the Kerberos principal user@REALM (kerberos backends), set by a trusted front proxy.',
  },
  auth_trusted_proxies: {
    kind: 'list',
    default: ['127.0.0.1', '::1', '::ffff:127.0.0.1'],
    desc: 'Addresses or CIDR ranges (10.0.0.0/8) of proxies whose identity headers are believed. Such headers from any other peer are ignored.',
    check: (v) => {
      const bad = v.find((entry) => isIP((entry.split('/')[0] ?? '').replace(/^::ffff:/i, '')) === 0);
      return bad === undefined ? null : `"${bad}" is not an IP address or CIDR range`;
    },
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
  auth_groups_header: {
    kind: 'string',
    default: '',
    desc: 'header backend: request header with the comma-separated groups of the user, set by a trusted proxy. Empty: no groups.',
  },
  auth_ssl_verify_header: {
    kind: 'string',
    default: 'SSL_CLIENT_VERIFY',
    desc: 'ssl backend: header in which the TLS-terminating trusted proxy passes the client certificate verification result (SUCCESS).',
  },
  auth_ssl_dn_header: {
    kind: 'string',
    default: 'SSL_CLIENT_S_DN',
    desc: 'ssl backend: header in which the trusted proxy passes the subject DN of the client certificate (the user name).',
  },
  auth_ldap_server: {
    kind: 'string',
    default: '',
    desc: 'LDAP URL (ldap://host:389 or ldaps://host:636) where groups of kerberos users are looked up. Required by the kerberos backends.',
  },
  auth_ldap_group_base: {
    kind: 'string',
    default: '',
    desc: 'DN under which groups are searched (one level, filter memberUid=<user>, attribute cn). Required by the kerberos backends.',
  },
  auth_ldap_timeout: {
    kind: 'int',
    default: 5,
    min: 1,
    desc: 'Seconds an LDAP group lookup may take; after that the user is authenticated without groups.',
  },
  auth_openidc_issuer: {
    kind: 'string',
    default: '',
    desc: 'openidc backends: issuer URL of the OpenID provider; endpoints come from <issuer>/.well-known/openid-configuration.',
  },
  auth_openidc_audience: {
    kind: 'list',
    default: [],
    desc: 'Accepted "aud" values of JWT access tokens, which are then verified locally (signature, issuer, audience, expiry). Other tokens, and every token when this is empty, are introspected.',
  },
  auth_openidc_client_id: {
    kind: 'string',
    default: '',
    desc: 'Client id of odcs at the OpenID provider: used for token introspection and for the browser login.',
  },
  auth_openidc_client_secret: {
    kind: 'string',
    default: '',
    desc: 'Client secret matching auth_openidc_client_id (client_secret_basic).',
  },
  auth_openidc_client_auth_method: {
    kind: 'enum',
    values: ['client_secret_basic', 'client_secret_post'],
    default: 'client_secret_basic',
    desc: 'How odcs authenticates to the provider for token introspection. The browser login always uses client_secret_post (passport-openidconnect), so a provider that enforces one method per client needs client_secret_post when the login is enabled.',
  },
  auth_openidc_introspection_uri: {
    kind: 'string',
    default: '',
    desc: 'Token introspection endpoint (RFC 7662), called with the client id and secret. Empty: from the discovery document.',
  },
  auth_openidc_userinfo_uri: {
    kind: 'string',
    default: '',
    desc: 'UserInfo endpoint, asked for the groups of a token that carries none (non-200: no groups). Empty: from the discovery document.',
  },
  auth_openidc_required_scopes: {
    kind: 'list',
    default: [],
    desc: 'Scopes every token must carry, else 401 "Required OIDC scope <scope> not present." (e.g. openid https://id.fedoraproject.org/scope/groups).',
  },
  auth_openidc_username_claim: {
    kind: 'string',
    default: 'sub',
    desc: 'Claim of the access token (or of its introspection) that holds the user name.',
  },
  auth_openidc_groups_claim: {
    kind: 'string',
    default: 'groups',
    desc: 'Claim that holds the list of groups of the user, in the token or its introspection, else in the userinfo answer.',
  },
  auth_openidc_callback_url: {
    kind: 'string',
    default: '',
    desc: 'Public URL of GET /auth/callback. Setting it (with an openidc backend) enables the browser login routes /auth/login, /auth/callback, /auth/logout.',
  },
  auth_openidc_login_scopes: {
    kind: 'list',
    default: (c) => [
      ...(c.auth_openidc_required_scopes ?? []).filter((s) => s !== 'openid'),
      ...['new-compose', 'renew-compose', 'delete-compose'].map((s) => `${c.oidc_base_namespace ?? ''}${s}`),
    ],
    desc: 'Scopes asked for by the browser login besides "openid". Default: the required scopes and the three compose scopes.',
  },
  auth_session_secret: {
    kind: 'string',
    default: '',
    desc: 'Secret (at least 32 characters) that encrypts the browser login cookies. Required when the browser login is enabled; keep it the same on every frontend.',
  },
  auth_session_max_age: { kind: 'int', default: 28800, min: 60, desc: 'Seconds a browser login stays valid.' },
};

const KERBEROS_BACKENDS: readonly AuthBackend[] = ['kerberos', 'kerberos_or_ssl', 'openidc_or_kerberos'];
const OPENIDC_BACKENDS: readonly AuthBackend[] = ['openidc', 'openidc_or_kerberos'];

/** True when the backend authenticates bearer tokens of an OpenID provider. */
export const usesOpenIdc = (c: Pick<AuthConfig, 'auth_backend'>): boolean => OPENIDC_BACKENDS.includes(c.auth_backend);

/** True when the browser login routes (/auth/login, /auth/callback, /auth/logout) are active. */
export const browserLoginEnabled = (c: Pick<AuthConfig, 'auth_backend' | 'auth_openidc_callback_url'>): boolean =>
  usesOpenIdc(c) && c.auth_openidc_callback_url !== '';

/** Options that an auth backend cannot work without (checked once all options are read). */
export function checkAuthBackend(c: AuthConfig): string | null {
  if (KERBEROS_BACKENDS.includes(c.auth_backend) && (c.auth_ldap_server === '' || c.auth_ldap_group_base === '')) {
    return `${c.auth_backend} needs auth_ldap_server and auth_ldap_group_base (groups come from LDAP)`;
  }
  if (!usesOpenIdc(c)) return null;
  if (c.auth_openidc_issuer === '') return `${c.auth_backend} needs auth_openidc_issuer`;
  if (c.auth_openidc_audience.length === 0 && (c.auth_openidc_client_id === '' || c.auth_openidc_client_secret === '')) {
    return `${c.auth_backend} needs auth_openidc_audience (to verify JWT access tokens) or auth_openidc_client_id and auth_openidc_client_secret (to introspect tokens)`;
  }
  if (!browserLoginEnabled(c)) return null;
  if (c.auth_openidc_client_id === '' || c.auth_openidc_client_secret === '') {
    return 'the browser login (auth_openidc_callback_url) needs auth_openidc_client_id and auth_openidc_client_secret';
  }
  if (c.auth_session_secret.length < 32)
    return 'the browser login (auth_openidc_callback_url) needs auth_session_secret of at least 32 characters';
  return null;
}
