import { describe, expect, it } from 'vitest';
import { loadConfig, type AllowedClients, type PermissionEntry } from '@odcs/config';
import type { PermissionInput } from '../identity.js';
import { findPermissionErrors, permissionDefaults, type PermissionAttr } from './permission-check.js';

const config = loadConfig(
  {},
  { raw_config_urls: { fedora: { url: 'https://pagure.io/pungi-fedora.git', config_filename: 'fedora.conf' } } },
);
const defaults = permissionDefaults(config);

/** A plain tag compose with no flags, default dir, x86_64. */
function aRequest(overrides: Partial<PermissionInput> = {}): PermissionInput {
  return {
    source_types: 'tag',
    sources: ['f40'],
    results: ['repository'],
    flags: [],
    arches: ['x86_64'],
    compose_types: 'test',
    target_dirs: null,
    raw_config_keys: null,
    ...overrides,
  };
}

const forUser = (entry: PermissionEntry): AllowedClients => ({ users: { alice: entry }, groups: {} });
const check = (clients: AllowedClients, input: PermissionInput, groups: string[] = []): string[] =>
  findPermissionErrors({ username: 'alice', groups }, input, clients, defaults);
const refusal = (attr: PermissionAttr, value: string): string => `User alice not allowed to operate with compose with ${attr}=${value}.`;

describe('findPermissionErrors (CONTRACT §7.3)', () => {
  const cases: {
    attr: PermissionAttr;
    grant: string[];
    allowed: Partial<PermissionInput>;
    denied: Partial<PermissionInput>;
    bad: string;
  }[] = [
    { attr: 'source_types', grant: ['tag'], allowed: { source_types: 'tag' }, denied: { source_types: 'module' }, bad: 'module' },
    {
      attr: 'sources',
      grant: ['f40', 'f41'],
      allowed: { sources: ['f41', 'f40'] },
      denied: { sources: ['f40', 'rawhide'] },
      bad: 'rawhide',
    },
    {
      attr: 'results',
      grant: ['repository'],
      allowed: { results: ['repository'] },
      denied: { results: ['repository', 'iso'] },
      bad: 'iso',
    },
    { attr: 'flags', grant: ['no_deps'], allowed: { flags: ['no_deps'] }, denied: { flags: ['no_deps', 'no_reuse'] }, bad: 'no_reuse' },
    { attr: 'arches', grant: ['x86_64', 'aarch64'], allowed: { arches: ['aarch64'] }, denied: { arches: ['ppc64le'] }, bad: 'ppc64le' },
    {
      attr: 'compose_types',
      grant: ['test'],
      allowed: { compose_types: 'test' },
      denied: { compose_types: 'production' },
      bad: 'production',
    },
    { attr: 'target_dirs', grant: ['releng'], allowed: { target_dirs: 'releng' }, denied: { target_dirs: 'private' }, bad: 'private' },
    {
      attr: 'raw_config_keys',
      grant: ['fedora'],
      allowed: { source_types: 'raw_config', sources: ['fedora#main'], raw_config_keys: 'fedora' },
      denied: { source_types: 'raw_config', sources: ['other#main'], raw_config_keys: 'other' },
      bad: 'other',
    },
  ];

  for (const c of cases) {
    const entry: PermissionEntry = { source_types: ['tag', 'raw_config'], [c.attr]: c.grant };
    it(`allows ${c.attr} values that are granted`, () => {
      expect(check(forUser(entry), aRequest(c.allowed))).toEqual([]);
    });
    it(`refuses a ${c.attr} value that is not granted, naming it`, () => {
      expect(check(forUser(entry), aRequest(c.denied))).toEqual([refusal(c.attr, c.bad)]);
    });
    it(`treats [""] as a wildcard for ${c.attr}`, () => {
      expect(check(forUser({ ...entry, [c.attr]: [''] }), aRequest(c.denied))).toEqual([]);
    });
    it(`allows nothing for ${c.attr} when the list is empty`, () => {
      expect(check(forUser({ ...entry, [c.attr]: [] }), aRequest(c.allowed))).toEqual([refusal(c.attr, firstValue(c.allowed, c.attr))]);
    });
  }

  it('uses the allowed_* defaults for attributes an entry does not mention', () => {
    expect(check(forUser({}), aRequest())).toEqual([]);
    expect(check(forUser({}), aRequest({ arches: ['s390x'] }))).toEqual([refusal('arches', 's390x')]);
    expect(check(forUser({}), aRequest({ source_types: 'pulp' }))).toEqual([refusal('source_types', 'pulp')]);
  });

  it('skips target_dirs when the default target dir is used, and refuses extra dirs by default', () => {
    expect(check(forUser({ target_dirs: [] }), aRequest({ target_dirs: null }))).toEqual([]);
    expect(check(forUser({}), aRequest({ target_dirs: 'releng' }))).toEqual([refusal('target_dirs', 'releng')]);
  });

  it('checks raw_config_keys only for raw_config composes, defaulting to every raw_config_urls key', () => {
    expect(check(forUser({ raw_config_keys: [] }), aRequest())).toEqual([]);
    const raw = { source_types: 'raw_config', sources: ['fedora#abc'], raw_config_keys: 'fedora' };
    expect(check(forUser({ source_types: ['raw_config'] }), aRequest(raw))).toEqual([]);
    expect(check(forUser({ source_types: ['raw_config'] }), aRequest({ ...raw, raw_config_keys: 'rhel' }))).toEqual([
      refusal('raw_config_keys', 'rhel'),
    ]);
  });

  it('lets a request without flags through a restricted flags list without no_flags (Decision 6)', () => {
    expect(check(forUser({ flags: ['no_deps'] }), aRequest({ flags: [] }))).toEqual([]);
    expect(check(forUser({ flags: ['no_deps'] }), aRequest({ flags: ['no_flags'] }))).toEqual([]);
    expect(check(forUser({ flags: [] }), aRequest({ flags: ['no_flags'] }))).toEqual([]);
    expect(check(forUser({ flags: [] }), aRequest({ flags: ['no_deps'] }))).toEqual([refusal('flags', 'no_deps')]);
  });

  it('reports the first bad value of every attribute, joined once each', () => {
    const errors = check(forUser({ arches: ['x86_64'], sources: ['f40'] }), aRequest({ arches: ['s390x', 'ppc64le'], sources: ['f39'] }));
    expect(errors).toEqual([refusal('sources', 'f39'), refusal('arches', 's390x')]);
  });

  it('refuses users with no entry of their own and no group entry', () => {
    expect(check({ users: { bob: {} }, groups: { admins: {} } }, aRequest(), ['packagers'])).toEqual([
      'User alice not allowed to operate with any compose.',
    ]);
    expect(check({ users: {}, groups: {} }, aRequest())).toEqual(['User alice not allowed to operate with any compose.']);
  });

  it('does not take inherited object keys for entries', () => {
    expect(
      findPermissionErrors({ username: 'constructor', groups: ['toString'] }, aRequest(), { users: {}, groups: {} }, defaults),
    ).toEqual(['User constructor not allowed to operate with any compose.']);
  });

  describe('groups', () => {
    const clients: AllowedClients = {
      users: {},
      groups: { packagers: { arches: ['x86_64'] }, s390: { source_types: ['tag'], arches: ['s390x'] }, qa: { source_types: ['module'] } },
    };

    it('allows the request when any one group entry allows every attribute', () => {
      expect(check(clients, aRequest({ arches: ['s390x'] }), ['packagers', 's390'])).toEqual([]);
      expect(check(clients, aRequest(), ['s390', 'packagers'])).toEqual([]);
    });

    it('does not combine grants of several groups', () => {
      const errors = check(clients, aRequest({ source_types: 'module', arches: ['s390x'] }), ['packagers', 's390', 'qa']);
      // packagers and qa refuse the arch, s390 refuses the source type: no single group allows both.
      expect(errors.sort()).toEqual([refusal('arches', 's390x'), refusal('source_types', 'module')]);
    });

    it('de-duplicates the same refusal from several groups', () => {
      const same: AllowedClients = { users: {}, groups: { a: { arches: ['x86_64'] }, b: { arches: ['x86_64'] } } };
      expect(check(same, aRequest({ arches: ['s390x'] }), ['a', 'b'])).toEqual([refusal('arches', 's390x')]);
    });

    it('ignores groups that have no entry', () => {
      expect(check(clients, aRequest({ arches: ['s390x'] }), ['nobody', 's390'])).toEqual([]);
    });

    it('evaluates only the user entry when there is one, even if a group would allow more', () => {
      const withUser: AllowedClients = { ...clients, users: { alice: { arches: ['x86_64'] } } };
      expect(check(withUser, aRequest({ arches: ['s390x'] }), ['s390'])).toEqual([refusal('arches', 's390x')]);
      expect(check(withUser, aRequest({ source_types: 'module' }), ['s390'])).toEqual([]);
    });
  });
});

function firstValue(input: Partial<PermissionInput>, attr: PermissionAttr): string {
  const value = aRequest(input)[attr];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}
