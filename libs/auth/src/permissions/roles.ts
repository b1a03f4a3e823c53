import type { Admins, AllowedClients } from '@odcs/config';
import type { Identity } from '../identity.js';

/** Role allowed_clients (CONTRACT §7.2): the user, or one of their groups, has an entry. */
export function isAllowedClient(identity: Identity, clients: AllowedClients): boolean {
  return Object.hasOwn(clients.users, identity.username) || identity.groups.some((g) => Object.hasOwn(clients.groups, g));
}

/** Admin role: the user or one of their groups is listed in admins. */
export function isAdminOf(identity: Identity, admins: Admins): boolean {
  return admins.users.includes(identity.username) || identity.groups.some((g) => admins.groups.includes(g));
}
