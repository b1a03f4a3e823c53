import { spawn, type ChildProcess, type StdioNull, type StdioPipe } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/**
 * The watchdog: `node -e WATCHDOG -- <command> <args...>`. It leads the process group of an
 * engine command and holds the read end of a pipe from the process that started it. When that
 * process dies (even by SIGKILL), the pipe closes: the watchdog sends SIGTERM to its group, then
 * SIGKILL (itself included) two seconds later. Group signals reach the command directly, so the
 * watchdog ignores them and leaves with the command's own exit code or signal.
 */
const WATCHDOG = `
const { spawn } = require('node:child_process');
const { constants } = require('node:os');
const [command, ...args] = process.argv.slice(1);
const GROUP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT'];
for (const s of GROUP_SIGNALS) process.on(s, () => {});
let orphaned = false;
const signalGroup = (signal) => { try { process.kill(-process.pid, signal); } catch {} };
const parentGone = () => {
  if (orphaned) return;
  orphaned = true;
  signalGroup('SIGTERM');
  setTimeout(() => signalGroup('SIGKILL'), 2000);
};
process.stdin.on('data', () => {});
process.stdin.on('end', parentGone);
process.stdin.on('close', parentGone);
process.stdin.on('error', parentGone);
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
child.on('error', (error) => {
  process.stderr.write('cannot run ' + command + ': ' + error.message + '\\n');
  process.exit(127);
});
child.on('exit', (code, signal) => {
  if (orphaned) return;
  if (code !== null) process.exit(code);
  for (const s of GROUP_SIGNALS) process.removeAllListeners(s);
  process.kill(process.pid, signal);
  setTimeout(() => process.exit(128 + (constants.signals[signal] || 0)), 200);
});
`;

export interface WatchedSpawnOptions {
  cwd?: string;
  env: NodeJS.ProcessEnv;
  /** Where the command's stdout and stderr go: 'pipe' (read them from the child) or an open fd. */
  stdout: StdioPipe | StdioNull | number;
  stderr: StdioPipe | StdioNull | number;
}

export type WatchedSpawnResult = { kind: 'started'; child: ChildProcess; pgid: number } | { kind: 'error'; error: NodeJS.ErrnoException };

/**
 * Starts `argv` in a new process group led by a watchdog, so that the command and everything it
 * starts die within seconds when this process dies, however it dies. `pgid` is the watchdog's
 * pid (signal `-pgid` to reach the whole group); the child's exit is the command's exit.
 * A command that is not found or not executable gives ENOENT/EACCES without starting anything.
 */
export async function spawnWatched(argv: readonly string[], options: WatchedSpawnOptions): Promise<WatchedSpawnResult> {
  const [command, ...args] = argv;
  if (!command) throw new Error('spawnWatched: empty command line');
  const missing = await executableProblem(command, options);
  if (missing) return { kind: 'error', error: missing };
  const child = spawn(process.execPath, ['-e', WATCHDOG, '--', command, ...args], {
    cwd: options.cwd,
    detached: true, // own session and process group: pgid = the watchdog's pid
    stdio: ['pipe', options.stdout, options.stderr],
    env: options.env,
  });
  child.stdin?.on('error', () => {}); // never written to; only its closing matters
  child.once('exit', () => child.stdin?.destroy());
  const spawnError = await new Promise<NodeJS.ErrnoException | null>((done) => {
    child.once('spawn', () => done(null));
    child.once('error', done);
  });
  if (spawnError || child.pid === undefined) return { kind: 'error', error: spawnError ?? new Error('no process id') };
  return { kind: 'started', child, pgid: child.pid };
}

/** ENOENT when the command is not found (as a path or on PATH), EACCES when it is not executable. */
async function executableProblem(command: string, options: WatchedSpawnOptions): Promise<NodeJS.ErrnoException | null> {
  const candidates = command.includes('/')
    ? [isAbsolute(command) ? command : resolve(options.cwd ?? process.cwd(), command)]
    : (options.env['PATH'] ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, command));
  let found = false;
  for (const path of candidates) {
    if (!(await stat(path).catch(() => null))?.isFile()) continue;
    found = true;
    if (
      await access(path, fsConstants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return null;
  }
  return errno(found ? 'EACCES' : 'ENOENT', `spawn ${command} ${found ? 'EACCES' : 'ENOENT'}`);
}

function errno(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}
