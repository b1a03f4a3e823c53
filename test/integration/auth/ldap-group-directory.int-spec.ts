import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LdapGroupDirectory } from '@odcs/auth';
import { startSlapd, type SlapdFixture } from '../../support/auth/slapd.fixture.js';
import { freeClosedPort } from '../../support/auth/free-port.js';

describe('LdapGroupDirectory against a real slapd', () => {
  let slapd: SlapdFixture;
  let directory: LdapGroupDirectory;

  beforeAll(async () => {
    slapd = await startSlapd([
      { cn: 'packagers', members: ['alice', 'bob'] },
      { cn: 'releng', members: ['alice'] },
      { cn: 'qa', members: ['carol'] },
      { cn: 'stars', members: ['a*b'] },
    ]);
    directory = new LdapGroupDirectory({ url: slapd.url, groupBase: slapd.groupBase, timeoutMs: 5000 });
  });
  afterAll(() => slapd?.stop());

  it('finds the cn of every group one level under the base that lists the user as memberUid', async () => {
    expect((await directory.groupsOf('alice')).sort()).toEqual(['packagers', 'releng']);
    expect(await directory.groupsOf('carol')).toEqual(['qa']);
  });

  it('finds no groups for a user who is in none', async () => {
    expect(await directory.groupsOf('mallory')).toEqual([]);
  });

  it('escapes the user name in the filter', async () => {
    expect(await directory.groupsOf('*')).toEqual([]);
    expect(await directory.groupsOf('alice)(cn=*')).toEqual([]);
    expect(await directory.groupsOf('a*b')).toEqual(['stars']);
  });

  it('answers no groups when the base does not exist', async () => {
    const wrongBase = new LdapGroupDirectory({ url: slapd.url, groupBase: 'ou=missing,dc=odcs,dc=test', timeoutMs: 5000 });
    expect(await wrongBase.groupsOf('alice')).toEqual([]);
  });

  it('answers no groups when LDAP accepts the connection but never replies', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket.on('error', () => undefined)));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    try {
      const hanging = new LdapGroupDirectory({ url: `ldap://127.0.0.1:${port}`, groupBase: slapd.groupBase, timeoutMs: 300 });
      expect(await hanging.groupsOf('alice')).toEqual([]);
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
  });

  it('answers no groups when LDAP is down', async () => {
    const down = new LdapGroupDirectory({ url: `ldap://127.0.0.1:${await freeClosedPort()}`, groupBase: slapd.groupBase, timeoutMs: 2000 });
    expect(await down.groupsOf('alice')).toEqual([]);
  });
});
