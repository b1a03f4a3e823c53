import { spawn, type ChildProcess, type StdioNull, type StdioPipe } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, resolve } from 'node:path';

/**
 * The watchdog: `/bin/sh -c WATCHDOG odcs-watchdog <command> <args...>`. The shell leads the
 * process group of an engine command and stays its parent. A background reader holds the read
 * end of a pipe from the process that started it (moved from stdin to fd 3; the command's stdin
 * is /dev/null). When that process dies (even by SIGKILL), the pipe closes: the reader tells the
 * shell (USR1), sends SIGTERM to the group, then SIGKILL (the shell included) two seconds later.
 * Group signals reach the command directly, so the shell only traps them while the command runs
 * (a trap, not an ignore: the command starts with default dispositions). Once the command has
 * exited, the shell kills and reaps its reader (nothing outlives it to be reparented) and leaves
 * with the command's exit code, or re-raises the signal that ended the command on itself.
 * The shell's own stderr is /dev/null (fd 4 is the real one, given to the command only), so that
 * its job reports ("Terminated", "Killed") never reach the command's log.
 */
const WATCHDOG = `exec 3<&0 </dev/null 4>&2 2>/dev/null
trap : HUP INT QUIT TERM
trap orphaned=1 USR1
{
  while read -r _; do :; done
  trap '' TERM
  kill -s USR1 $$
  kill -s TERM 0
  sleep 2
  kill -s KILL 0
} <&3 >/dev/null 4>&- &
reader=$!
(exec "$@" 2>&4 3<&- 4>&-)
status=$?
trap '' HUP INT QUIT TERM USR1
[ -n "\${orphaned-}" ] || kill -s KILL "$reader"
wait "$reader"
[ "$status" -gt 128 ] || exit "$status"
signal=$(kill -l "$status")
case $signal in ''|*[!A-Z0-9]*|[0-9]*|CHLD|CONT|STOP|TSTP|TTIN|TTOU|URG|WINCH) exit "$status" ;; esac
trap - "$signal"
kill -s "$signal" $$
exit "$status"
`;

/** The shell the watchdog runs in. */
const SHELL = '/bin/sh';

export interface WatchedSpawnOptions {
  cwd?: string;
  env: NodeJS.ProcessEnv;
  /** Where the command's stdout and stderr go: 'pipe' (read them from the child) or an open fd. */
  stdout: StdioPipe | StdioNull | number;
  stderr: StdioPipe | StdioNull | number;
}

export type WatchedSpawnResult = { kind: 'started'; child: ChildProcess; pgid: number } | { kind: 'error'; error: NodeJS.ErrnoException };

/**
 * Starts `argv` in a new session and process group led by a watchdog shell, so that the command
 * and everything it starts die within seconds when this process dies, however it dies. `pgid`
 * is the watchdog's pid (signal `-pgid` to reach the whole group); the child's exit is the
 * command's exit: its exit code, or the signal that ended it (a command that exits by itself
 * with 128 + N, N a signal that ends a process, shows as that signal: the shell cannot tell
 * them apart). A command that is not found or not executable gives ENOENT/EACCES without
 * starting anything; a command without a slash is looked up on the PATH of `env` and run by
 * its full path (never as a shell builtin).
 */
export async function spawnWatched(argv: readonly string[], options: WatchedSpawnOptions): Promise<WatchedSpawnResult> {
  const [command, ...args] = argv;
  if (!command) throw new Error('spawnWatched: empty command line');
  const found = await findExecutable(command, options);
  if ('error' in found) return { kind: 'error', error: found.error };
  const child = spawn(SHELL, ['-c', WATCHDOG, 'odcs-watchdog', found.path, ...args], {
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

/**
 * The absolute path to run for `command` (relative to `cwd` when it has a slash, else the first
 * executable match on PATH); ENOENT when it is not found, EACCES when it is not executable.
 */
async function findExecutable(command: string, options: WatchedSpawnOptions): Promise<{ path: string } | { error: NodeJS.ErrnoException }> {
  const cwd = options.cwd ?? process.cwd();
  const candidates = command.includes('/')
    ? [resolve(cwd, command)]
    : (options.env['PATH'] ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => resolve(cwd, dir, command));
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
      return { path };
  }
  return { error: errno(found ? 'EACCES' : 'ENOENT', `spawn ${command} ${found ? 'EACCES' : 'ENOENT'}`) };
}

function errno(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}
