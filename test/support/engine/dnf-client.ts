/**
 * A real dnf (Debian package) reading generated repositories, each call with a fresh cache dir,
 * no system repositories (STACK.md §5 pitfalls) and no plugins (dnf-plugins-core's `local`
 * plugin adds /var/lib/dnf/plugins/local as a repository and fills it on every install).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type RepoRef = { reposdir: string } | { url: string };

function repoArgs(repo: RepoRef): string[] {
  return 'reposdir' in repo
    ? [`--setopt=reposdir=${repo.reposdir}`]
    : ['--setopt=reposdir=/dev/null', `--repofrompath=odcs-test,${repo.url}`, '--repo=odcs-test'];
}

async function withCache<T>(fn: (cache: string) => Promise<T>): Promise<T> {
  const cache = await mkdtemp(join(tmpdir(), 'odcs-dnf-cache-'));
  try {
    return await fn(cache);
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
}

/** Every package dnf sees in the repository, as sorted `name-version-release.arch`. */
export async function dnfRepoquery(repo: RepoRef): Promise<string[]> {
  return withCache(async (cache) => {
    const { stdout } = await run(
      'dnf',
      [
        '-q',
        '--noplugins',
        ...repoArgs(repo),
        `--setopt=cachedir=${cache}`,
        '--setopt=metadata_expire=0',
        '--releasever=12',
        'repoquery',
        '--qf',
        '%{name}-%{version}-%{release}.%{arch}',
      ],
      { env: { ...process.env, LC_ALL: 'C' } },
    );
    return stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .sort();
  });
}

/** `dnf install` into an empty installroot; ok false with dnf's output when it fails. */
export async function dnfInstall(repo: RepoRef, packages: string[]): Promise<{ ok: boolean; output: string; installed: string[] }> {
  return withCache(async (cache) => {
    const root = join(cache, 'root');
    const args = [
      '-y',
      '--noplugins', // the `local` plugin would copy installed packages into /var/lib/dnf/plugins/local
      `--installroot=${root}`,
      ...repoArgs(repo),
      `--setopt=cachedir=${join(cache, 'dnf')}`,
      '--setopt=install_weak_deps=False',
      '--releasever=12',
      '--nogpgcheck',
      'install',
      ...packages,
    ];
    try {
      const { stdout, stderr } = await run('dnf', args, { env: { ...process.env, LC_ALL: 'C' } });
      const { stdout: qa } = await run('rpm', ['--root', root, '-qa', '--qf', '%{NAME}\n']);
      return { ok: true, output: stdout + stderr, installed: qa.split('\n').filter(Boolean).sort() };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message, installed: [] };
    }
  });
}

/** dnf with modules: `module list`, then optionally `module enable <N:S>` and/or `install` in one fresh installroot. */
export async function dnfModules(
  repo: RepoRef,
  enable?: { stream?: string; install: string[] },
): Promise<{ ok: boolean; list: string; output: string; installed: string[] }> {
  return withCache(async (cache) => {
    const root = join(cache, 'root');
    const dnf = (args: string[]) =>
      run(
        'dnf',
        [
          '-y',
          '--noplugins',
          `--installroot=${root}`,
          ...repoArgs(repo),
          `--setopt=cachedir=${join(cache, 'dnf')}`,
          '--setopt=module_platform_id=platform:el8',
          '--setopt=install_weak_deps=False',
          '--releasever=12',
          '--nogpgcheck',
          ...args,
        ],
        { env: { ...process.env, LC_ALL: 'C' } },
      );
    const list = (await dnf(['module', 'list'])).stdout;
    if (!enable) return { ok: true, list, output: '', installed: [] };
    try {
      const a = enable.stream ? await dnf(['module', 'enable', enable.stream]) : { stdout: '', stderr: '' };
      const b = await dnf(['install', ...enable.install]);
      const { stdout: qa } = await run('rpm', ['--root', root, '-qa', '--qf', '%{NAME}-%{VERSION}-%{RELEASE}\n']);
      return { ok: true, list, output: a.stdout + a.stderr + b.stdout + b.stderr, installed: qa.split('\n').filter(Boolean).sort() };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      return { ok: false, list, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message, installed: [] };
    }
  });
}
