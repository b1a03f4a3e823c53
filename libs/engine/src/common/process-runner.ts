import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { groupHasLiveProcess, spawnWatched } from '@odcs/pungi';

export interface ProcessRunRequest {
  /** Executable first. */
  argv: readonly string[];
  cwd?: string;
  /** Added to the inherited environment. */
  env?: Readonly<Record<string, string>>;
  /** Aborting kills the whole process group. */
  signal?: AbortSignal;
  /** The process group is killed after this long. */
  timeoutMs?: number;
  /** Called with every complete line of stderr (for per-compose logs). */
  onStderrLine?: (line: string) => void;
}

export type ProcessRunResult =
  | { kind: 'exit'; code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }
  | { kind: 'cancelled' }
  | { kind: 'timed-out' }
  | { kind: 'not-started'; code: string; message: string };

const MAX_CAPTURE = 64 * 1024 * 1024;
const KILL_GRACE_MS = 5000;
/** How long the processes of a group SIGKILLed may take to die (the watchdog may go first). */
const KILL_SETTLE_MS = 2000;

/**
 * Runs a helper command (createrepo_c, the dependency resolver) in its own process group under
 * a watchdog (the group dies when this process dies), capturing its output; a cancel or timeout
 * kills the whole group (SIGTERM, then SIGKILL).
 */
@Injectable()
export class ProcessRunner {
  async run(request: ProcessRunRequest): Promise<ProcessRunResult> {
    if (request.signal?.aborted) return { kind: 'cancelled' };
    const started = await spawnWatched(request.argv, {
      cwd: request.cwd,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { ...process.env, ...request.env },
    });
    if (started.kind === 'error') {
      return { kind: 'not-started', code: started.error.code ?? 'UNKNOWN', message: started.error.message };
    }
    const { child, pgid: pid } = started;
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let captured = 0;
    let pendingLine = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      captured += chunk.length;
      if (captured <= MAX_CAPTURE) stdout.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      if (!request.onStderrLine) return;
      const lines = (pendingLine + chunk.toString('utf8')).split('\n');
      pendingLine = lines.pop() ?? '';
      for (const line of lines) request.onStderrLine(line);
    });
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('close', (code: number | null, signal: NodeJS.Signals | null) => resolve({ code, signal })),
    );
    let timer: NodeJS.Timeout | undefined;
    let onAbort = (): void => {};
    const stop = new Promise<'cancelled' | 'timed-out'>((resolve) => {
      if (request.timeoutMs !== undefined) timer = setTimeout(() => resolve('timed-out'), request.timeoutMs);
      onAbort = () => resolve('cancelled');
      request.signal?.addEventListener('abort', onAbort, { once: true });
    });
    const first = await Promise.race([exit, stop]);
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
    if (typeof first === 'string') {
      await killGroup(pid, exit);
      return { kind: first };
    }
    killGroupQuietly(pid, 'SIGKILL'); // strays left in the group
    if (pendingLine && request.onStderrLine) request.onStderrLine(pendingLine);
    return { kind: 'exit', ...first, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
  }
}

async function killGroup(pgid: number, exit: Promise<unknown>): Promise<void> {
  let exited = false;
  void exit.then(() => (exited = true));
  killGroupQuietly(pgid, 'SIGTERM');
  const deadline = Date.now() + KILL_GRACE_MS;
  while (!exited && Date.now() < deadline) await sleep(25);
  killGroupQuietly(pgid, 'SIGKILL');
  await exit;
  const settled = Date.now() + KILL_SETTLE_MS;
  while (groupHasLiveProcess(pgid) && Date.now() < settled) await sleep(10);
}

function killGroupQuietly(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is gone already
  }
}
