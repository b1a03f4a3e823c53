import type { AllowedClients, OdcsConfig, PermissionEntry } from '@odcs/config';
import type { PermissionInput } from '../identity.js';

/** The eight restriction keys of an allowed_clients entry, in the order they are checked. */
export const PERMISSION_ATTRS = [
  'source_types',
  'sources',
  'results',
  'flags',
  'arches',
  'compose_types',
  'target_dirs',
  'raw_config_keys',
] as const satisfies readonly (keyof PermissionEntry & keyof PermissionInput)[];

export type PermissionAttr = (typeof PERMISSION_ATTRS)[number];

/** What an entry grants for an attribute it does not mention. */
export type PermissionDefaults = Record<PermissionAttr, readonly string[]>;

export function permissionDefaults(config: OdcsConfig): PermissionDefaults {
  return {
    source_types: config.allowed_source_types,
    sources: config.allowed_sources,
    results: config.allowed_results,
    flags: config.allowed_flags,
    arches: config.allowed_arches,
    compose_types: config.allowed_compose_types,
    target_dirs: config.allowed_target_dirs,
    raw_config_keys: Object.keys(config.raw_config_urls),
  };
}

export interface Requester {
  username: string;
  groups: readonly string[];
}

/**
 * CONTRACT §7.3 (raise_if_input_not_allowed): returns the reasons the request is refused, or an
 * empty list when it is allowed. A user entry, when present, is the only one evaluated; otherwise
 * the request passes when any one of the user's group entries allows every attribute.
 */
export function findPermissionErrors(
  who: Requester,
  input: PermissionInput,
  clients: AllowedClients,
  defaults: PermissionDefaults,
): string[] {
  const entries = entriesFor(who, clients);
  if (entries.length === 0) return [`User ${who.username} not allowed to operate with any compose.`];
  const errors = new Set<string>();
  for (const entry of entries) {
    const entryErrors = checkEntry(who.username, entry, input, defaults);
    if (entryErrors.length === 0) return [];
    entryErrors.forEach((e) => errors.add(e));
  }
  return [...errors];
}

function entriesFor(who: Requester, clients: AllowedClients): PermissionEntry[] {
  const own = Object.hasOwn(clients.users, who.username) ? clients.users[who.username] : undefined;
  if (own !== undefined) return [own ?? {}];
  return who.groups.filter((g) => Object.hasOwn(clients.groups, g)).map((g) => clients.groups[g] ?? {});
}

function checkEntry(username: string, entry: PermissionEntry, input: PermissionInput, defaults: PermissionDefaults): string[] {
  const errors: string[] = [];
  for (const attr of PERMISSION_ATTRS) {
    const allowed = entry[attr] ?? defaults[attr];
    const bad = requestedValues(input, attr).find((v) => !isAllowed(v, allowed));
    if (bad !== undefined) errors.push(`User ${username} not allowed to operate with compose with ${attr}=${bad}.`);
  }
  return errors;
}

/** The request's values for one attribute; an empty list means "nothing to check". */
function requestedValues(input: PermissionInput, attr: PermissionAttr): readonly string[] {
  switch (attr) {
    case 'source_types':
    case 'compose_types':
      return [input[attr]];
    case 'target_dirs':
    case 'raw_config_keys': {
      const value = input[attr];
      return value === null ? [] : [value];
    }
    case 'flags':
      // Decision 6: a request without flags always passes; "no_flags" is never a restriction.
      return input.flags.filter((f) => f !== 'no_flags');
    case 'sources':
    case 'results':
    case 'arches':
      return input[attr];
  }
}

/** A value passes when it is listed, or when the list is exactly [""] (wildcard). */
function isAllowed(value: string, allowed: readonly string[]): boolean {
  return (allowed.length === 1 && allowed[0] === '') || allowed.includes(value);
}
