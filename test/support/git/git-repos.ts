import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freeClosedPort } from '../auth/free-port.js';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'odcs test',
  GIT_AUTHOR_EMAIL: 'test@odcs.invalid',
  GIT_COMMITTER_NAME: 'odcs test',
  GIT_COMMITTER_EMAIL: 'test@odcs.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' }).trim();

/** A real git repository under a temp root, for raw_config tests. */
export class TestGitRepo {
  readonly dir: string;

  constructor(
    readonly root: string,
    readonly name: string,
  ) {
    this.dir = join(root, name);
    mkdirSync(this.dir, { recursive: true });
    git(this.dir, 'init', '--quiet', '--initial-branch=main');
  }

  get fileUrl(): string {
    return `file://${this.dir}`;
  }

  /** Writes the files (path → content) and commits them on `branch`; returns the commit hash. */
  commit(files: Record<string, string>, branch = 'main'): string {
    if (branch !== 'main') {
      const exists = git(this.dir, 'branch', '--list', branch) !== '';
      git(this.dir, 'checkout', '--quiet', ...(exists ? [branch] : ['-b', branch]));
    }
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(this.dir, path)), { recursive: true });
      writeFileSync(join(this.dir, path), content);
    }
    git(this.dir, 'add', '--all');
    git(this.dir, 'commit', '--quiet', '-m', `change ${Object.keys(files).join(', ')}`);
    const hash = git(this.dir, 'rev-parse', 'HEAD');
    if (branch !== 'main') git(this.dir, 'checkout', '--quiet', 'main');
    return hash;
  }
}

/** A temp root for repositories, removed by `close`. */
export function gitRoot(): { root: string; repo: (name: string) => TestGitRepo; close: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'odcs-git-'));
  return { root, repo: (name) => new TestGitRepo(root, name), close: () => rmSync(root, { recursive: true, force: true }) };
}

/** `git daemon` serving every repository below `root` on 127.0.0.1 (git://127.0.0.1:<port>/<name>); ready once `probeRepo` answers. */
export async function startGitDaemon(
  root: string,
  probeRepo: string,
): Promise<{ url: (name: string) => string; close: () => Promise<void> }> {
  const port = await freeClosedPort();
  const daemon: ChildProcess = spawn(
    'git',
    ['daemon', '--reuseaddr', '--export-all', `--base-path=${root}`, '--listen=127.0.0.1', `--port=${port}`, root],
    { stdio: 'ignore', env: GIT_ENV },
  );
  const url = (name: string) => `git://127.0.0.1:${port}/${name}`;
  const until = Date.now() + 10_000;
  for (;;) {
    try {
      execFileSync('git', ['ls-remote', url(probeRepo)], { stdio: 'ignore', env: GIT_ENV });
      break;
    } catch {
      if (Date.now() > until) throw new Error('git daemon did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (daemon.exitCode !== null) return resolve();
        daemon.once('exit', () => resolve());
        daemon.kill('SIGTERM');
      }),
  };
}
