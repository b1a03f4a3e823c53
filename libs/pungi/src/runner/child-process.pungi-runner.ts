import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { constants as osConstants, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { buildPungiCommand } from '../command/pungi-command.js';
import { PungiLogParser } from '../logs/pungi-log.parser.js';
import { composeFiles } from '../output/compose-layout.js';
import { groupExists, groupHasLiveProcess, longTimeout, signalGroup, waitUntil } from './process-group.js';
import { spawnWatched } from './watched-spawn.js';
import type { PungiRunFailed, PungiRunRequest, PungiRunResult, PungiRunner } from './pungi-runner.port.js';

export const PUNGI_RUNNER_OPTIONS = Symbol('PUNGI_RUNNER_OPTIONS');

/** How long the processes of a group SIGKILLed may take to die (the watchdog may go first). */
const KILL_SETTLE_MS = 2000;

export interface ChildProcessPungiRunnerOptions {
  /** Time between SIGTERM and SIGKILL when stopping Pungi's process group; default 10 s. */
  killGraceSeconds?: number;
  /** Where the temporary config dirs are created; default the OS temp dir. */
  tmpDir?: string;
}

type Outcome =
  | { kind: 'exit'; pid: number; code: number | null; signal: NodeJS.Signals | null }
  | { kind: 'timeout'; pid: number }
  | { kind: 'cancelled'; pid: number }
  | { kind: 'spawn-error'; error: NodeJS.ErrnoException };

interface Paths {
  argv: string[];
  stdoutLog: string;
  stderrLog: string;
}

/**
 * Runs pungi-koji as a child process in its own process group (§9.5, §8.9), under a watchdog
 * that kills the group when this process dies: cwd is a fresh temp dir holding the config
 * files, stdout/stderr go to the compose dir, and on timeout or cancel the whole group gets
 * SIGTERM, then SIGKILL after a grace period.
 */
@Injectable()
export class ChildProcessPungiRunner implements PungiRunner {
  private readonly killGraceMs: number;
  private readonly tmpRoot: string;

  constructor(
    private readonly logs: PungiLogParser,
    @Optional() @Inject(PUNGI_RUNNER_OPTIONS) options?: ChildProcessPungiRunnerOptions,
  ) {
    this.killGraceMs = (options?.killGraceSeconds ?? 10) * 1000;
    this.tmpRoot = options?.tmpDir ?? tmpdir();
  }

  async run(request: PungiRunRequest): Promise<PungiRunResult> {
    if (!(request.timeoutSeconds > 0)) {
      throw new Error(`Pungi timeout must be a positive number of seconds, got ${String(request.timeoutSeconds)}`);
    }
    const composeDir = request.command.composeDir;
    const stdoutLog = composeFiles.stdoutLog(composeDir);
    const stderrLog = composeFiles.stderrLog(composeDir);
    const mainConfig = request.mainConfigFile ?? 'pungi.conf';
    const configDir = request.configDir ?? (await mkdtemp(join(this.tmpRoot, 'odcs-pungi-')));
    try {
      const paths: Paths = {
        argv: buildPungiCommand({ ...request.command, configPath: join(configDir, mainConfig) }),
        stdoutLog,
        stderrLog,
      };
      if (request.signal?.aborted) {
        return this.failure(paths, 'cancelled', null, null, cancelReason(request.signal), '');
      }
      await mkdir(composeDir, { recursive: true });
      for (const [name, content] of Object.entries(request.files)) {
        await writeFile(join(configDir, plainFileName(name)), content);
      }
      const outcome = await this.execute(paths, configDir, request);
      return await this.result(paths, outcome, request);
    } finally {
      if (!request.configDir) await rm(configDir, { recursive: true, force: true });
    }
  }

  private async execute(paths: Paths, cwd: string, request: PungiRunRequest): Promise<Outcome> {
    const out = await open(paths.stdoutLog, 'w');
    const err = await open(paths.stderrLog, 'w');
    try {
      const started = await spawnWatched(paths.argv, {
        cwd,
        stdout: out.fd,
        stderr: err.fd,
        env: { ...process.env, ...request.env },
      });
      if (started.kind === 'error') return { kind: 'spawn-error', error: started.error };
      const { child, pgid: pid } = started;
      const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
        else child.once('exit', (code, signal) => resolve({ code, signal }));
      });

      let cancelTimer = (): void => {};
      let onAbort = (): void => {};
      const stop = new Promise<'timeout' | 'cancelled'>((resolve) => {
        cancelTimer = longTimeout(request.timeoutSeconds * 1000, () => resolve('timeout'));
        onAbort = () => resolve('cancelled');
        request.signal?.addEventListener('abort', onAbort, { once: true });
        if (request.signal?.aborted) resolve('cancelled');
      });
      const first = await Promise.race([exit, stop]);
      cancelTimer();
      request.signal?.removeEventListener('abort', onAbort);

      if (typeof first === 'object') {
        // Pungi ended by itself; stray processes it left in its group are killed.
        if (groupExists(pid)) signalGroup(pid, 'SIGKILL');
        return { kind: 'exit', pid, ...first };
      }
      await this.stopGroup(pid, exit);
      return first === 'timeout' ? { kind: 'timeout', pid } : { kind: 'cancelled', pid };
    } finally {
      await out.close();
      await err.close();
    }
  }

  /**
   * SIGTERM to the group; SIGKILL when anything is left after the grace period, and then a short
   * wait until none of its processes runs any more.
   */
  private async stopGroup(pgid: number, exit: Promise<unknown>): Promise<void> {
    let leaderExited = false;
    void exit.then(() => (leaderExited = true));
    signalGroup(pgid, 'SIGTERM');
    const gone = await waitUntil(() => leaderExited && !groupExists(pgid), this.killGraceMs);
    if (gone) return;
    signalGroup(pgid, 'SIGKILL');
    await exit;
    await waitUntil(() => !groupHasLiveProcess(pgid), KILL_SETTLE_MS, 10);
  }

  private async result(paths: Paths, outcome: Outcome, request: PungiRunRequest): Promise<PungiRunResult> {
    if (outcome.kind === 'spawn-error') {
      return this.failure(paths, 'not-started', null, null, spawnFailureReason(paths.argv[0] ?? '', outcome.error), '');
    }
    const { pid } = outcome;
    if (outcome.kind === 'exit' && outcome.code === 0) {
      return { status: 'succeeded', pid, ...paths };
    }
    if (outcome.kind === 'cancelled') {
      return this.failure(paths, 'cancelled', pid, null, cancelReason(request.signal), '');
    }
    const pungiErrors = await this.logs.readFailureErrors(request.command.composeDir, request.logRewrite);
    if (outcome.kind === 'timeout') {
      const message = `Compose has taken more time than allowed by configuration (${String(request.timeoutSeconds)} seconds)`;
      return this.failure(paths, 'timed-out', pid, null, message, pungiErrors, request);
    }
    const exitCode = outcome.code ?? -signalNumber(outcome.signal);
    const message =
      `Command '${JSON.stringify(paths.argv)}' returned non-zero value ${exitCode}, ` +
      `stdout log: ${paths.stdoutLog}, stderr log: ${paths.stderrLog}`;
    return this.failure(paths, 'failed', pid, exitCode, message, pungiErrors, request);
  }

  private failure(
    paths: Paths,
    status: PungiRunFailed['status'],
    pid: number | null,
    exitCode: number | null,
    message: string,
    pungiErrors: string,
    request?: PungiRunRequest,
  ): PungiRunFailed {
    // pungiErrors were rewritten when read; only the message still names target_dir paths.
    const rewrite = request?.logRewrite;
    const head = rewrite?.targetDir ? message.replaceAll(rewrite.targetDir, rewrite.targetDirUrl) : message;
    const reason = pungiErrors ? `${head}\n${pungiErrors}` : head;
    return { status, pid, exitCode, reason, pungiErrors, ...paths };
  }
}

function cancelReason(signal: AbortSignal | undefined): string {
  const why: unknown = signal?.reason;
  return typeof why === 'string' && why ? `Pungi was cancelled: ${why}` : 'Pungi was cancelled';
}

function spawnFailureReason(command: string, error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return `Cannot run Pungi: command '${command}' was not found (ENOENT)`;
  if (error.code === 'EACCES') return `Cannot run Pungi: command '${command}' is not executable (EACCES)`;
  return `Cannot run Pungi command '${command}': ${error.message}`;
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal ? (osConstants.signals[signal] ?? 0) : 0;
}

/** Config file names must be plain names inside the temp dir. */
function plainFileName(name: string): string {
  if (name === '' || name === '.' || name === '..' || basename(name) !== name) {
    throw new Error(`Pungi config file name must be a plain file name, got ${JSON.stringify(name)}`);
  }
  return name;
}
