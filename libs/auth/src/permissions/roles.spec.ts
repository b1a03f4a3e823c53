import { describe, expect, it } from 'vitest';
import type { Identity } from '../identity.js';
import { isAdminOf, isAllowedClient } from './roles.js';

const alice = (groups: string[] = []): Identity => ({ username: 'alice', groups, scopes: null });

describe('roles', () => {
  it('makes a user admin by name or by group', () => {
    expect(isAdminOf(alice(), { users: ['alice'], groups: [] })).toBe(true);
    expect(isAdminOf(alice(['releng', 'qa']), { users: ['root'], groups: ['qa'] })).toBe(true);
    expect(isAdminOf(alice(['packagers']), { users: ['root'], groups: ['qa'] })).toBe(false);
  });

  it('puts a user in allowed_clients through their own entry or a group entry', () => {
    expect(isAllowedClient(alice(), { users: { alice: {} }, groups: {} })).toBe(true);
    expect(isAllowedClient(alice(['qa']), { users: {}, groups: { qa: { arches: [] } } })).toBe(true);
    expect(isAllowedClient(alice(['qa']), { users: { bob: {} }, groups: { releng: {} } })).toBe(false);
  });

  it('does not mistake inherited object keys for entries', () => {
    expect(isAllowedClient({ username: 'constructor', groups: ['hasOwnProperty'], scopes: null }, { users: {}, groups: {} })).toBe(false);
  });
});
