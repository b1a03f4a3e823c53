import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freeClosedPort } from './free-port.js';

const run = promisify(execFile);
const SUFFIX = 'dc=odcs,dc=test';

export interface LdapGroup {
  cn: string;
  members: string[];
}

/** A real OpenLDAP slapd on 127.0.0.1, with its own config and database in a temp dir. */
export interface SlapdFixture {
  url: string;
  /** DN of the organisational unit holding the posixGroup entries. */
  groupBase: string;
  stop(): Promise<void>;
}

export async function startSlapd(groups: LdapGroup[]): Promise<SlapdFixture> {
  const [slapd, slapadd] = await Promise.all([findTool('slapd'), findTool('slapadd')]);
  const dir = await mkdtemp(join(tmpdir(), 'odcs-slapd-'));
  await mkdir(join(dir, 'db'));
  const conf = join(dir, 'slapd.conf');
  await writeFile(conf, slapdConf(dir));
  await writeFile(join(dir, 'data.ldif'), dataLdif(groups));
  await run(slapadd, ['-q', '-f', conf, '-l', join(dir, 'data.ldif')]);
  for (let attempt = 1; ; attempt++) {
    const port = await freeClosedPort();
    const url = `ldap://127.0.0.1:${port}`;
    const child = spawn(slapd, ['-f', conf, '-h', `${url}/`, '-d', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    if (await listening(child, port)) {
      return { url, groupBase: `ou=groups,${SUFFIX}`, stop: () => stop(child, dir) };
    }
    if (attempt === 3) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(`slapd did not start on ${url}: ${stderr.trim()}`);
    }
  }
}

async function findTool(name: string): Promise<string> {
  const candidates = [`/usr/sbin/${name}`, `/usr/local/sbin/${name}`];
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  const script = fileURLToPath(new URL('./ensure-slapd.sh', import.meta.url));
  await run('sh', [script]);
  if (existsSync(`/usr/sbin/${name}`)) return `/usr/sbin/${name}`;
  throw new Error(`${name} not found; install it with test/support/auth/ensure-slapd.sh`);
}

function slapdConf(dir: string): string {
  return [
    ...['core', 'cosine', 'nis', 'inetorgperson'].map((s) => `include /etc/ldap/schema/${s}.schema`),
    `pidfile ${dir}/slapd.pid`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    'database mdb',
    `suffix "${SUFFIX}"`,
    `rootdn "cn=admin,${SUFFIX}"`,
    `directory ${dir}/db`,
    'maxsize 10485760',
    '',
  ].join('\n');
}

function dataLdif(groups: LdapGroup[]): string {
  const entries = [
    [`dn: ${SUFFIX}`, 'objectClass: dcObject', 'objectClass: organization', 'o: odcs tests', 'dc: odcs'],
    [`dn: ou=groups,${SUFFIX}`, 'objectClass: organizationalUnit', 'ou: groups'],
    // A group one level deeper must not be found by the one-level search.
    [`dn: ou=nested,ou=groups,${SUFFIX}`, 'objectClass: organizationalUnit', 'ou: nested'],
    ...groups.map((g, i) => [
      `dn: cn=${g.cn},ou=groups,${SUFFIX}`,
      'objectClass: posixGroup',
      `cn: ${g.cn}`,
      `gidNumber: ${1000 + i}`,
      ...g.members.map((m) => `memberUid: ${m}`),
    ]),
    [`dn: cn=deep,ou=nested,ou=groups,${SUFFIX}`, 'objectClass: posixGroup', 'cn: deep', 'gidNumber: 999', 'memberUid: alice'],
  ];
  return entries.map((lines) => lines.join('\n')).join('\n\n') + '\n';
}

/** Resolves true once the port accepts connections, false if slapd exits first. */
async function listening(child: ChildProcess, port: number): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    if (await accepts(port)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  return false;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stop(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await rm(dir, { recursive: true, force: true });
}
