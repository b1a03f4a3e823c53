/** Where the groups of an authenticated user come from (LDAP for kerberos users). */
export interface GroupDirectory {
  /** The user's groups; an unreachable directory yields no groups (the user stays authenticated). */
  groupsOf(username: string): Promise<string[]>;
}

export const GROUP_DIRECTORY = Symbol('GROUP_DIRECTORY');

/** Used when no directory is configured. */
export class NoGroupDirectory implements GroupDirectory {
  groupsOf(): Promise<string[]> {
    return Promise.resolve([]);
  }
}
