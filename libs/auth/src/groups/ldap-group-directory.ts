import { Logger } from '@nestjs/common';
import { Client, EqualityFilter } from 'ldapts';
import type { GroupDirectory } from './group-directory.port.js';

export interface LdapGroupDirectoryOptions {
  /** ldap:// or ldaps:// URL. */
  url: string;
  /** DN whose direct children are the groups. */
  groupBase: string;
  timeoutMs: number;
}

/**
 * Groups of a user from LDAP, as upstream ODCS does: anonymous one-level search under the group
 * base with filter (memberUid=<user>), attribute cn. Failures are logged and yield no groups.
 */
export class LdapGroupDirectory implements GroupDirectory {
  private readonly logger = new Logger(LdapGroupDirectory.name);

  constructor(private readonly options: LdapGroupDirectoryOptions) {}

  async groupsOf(username: string): Promise<string[]> {
    const client = new Client({ url: this.options.url, timeout: this.options.timeoutMs, connectTimeout: this.options.timeoutMs });
    try {
      const { searchEntries } = await client.search(this.options.groupBase, {
        scope: 'one',
        filter: new EqualityFilter({ attribute: 'memberUid', value: username }),
        attributes: ['cn'],
      });
      return searchEntries.flatMap((entry) => asStrings(entry.cn));
    } catch (e) {
      this.logger.warn(
        `No groups for ${username}: LDAP search under "${this.options.groupBase}" at ${this.options.url} failed: ${describe(e)}`,
      );
      return [];
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }
}

function asStrings(value: unknown): string[] {
  const values = Array.isArray(value) ? (value as unknown[]) : value === undefined ? [] : [value];
  return values.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
}

function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const message = e.message.trim();
  return message === '' ? e.name : `${e.name}: ${message}`;
}
