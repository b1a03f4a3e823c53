import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Path of the pungi-koji stand-in script (executable). */
export const PUNGI_KOJI_STANDIN = fileURLToPath(new URL('./pungi-koji-standin.mjs', import.meta.url));

/** The errno code a call throws (e.g. 'ESRCH'), or null when it does not throw. */
export function errnoOf(call: () => unknown): string | null {
  try {
    call();
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'unknown';
  }
}

/**
 * Whether a process still runs. A zombie (dead, not yet reaped: some container init processes
 * never reap orphans) does not run.
 */
export function isRunning(pid: number): boolean {
  if (errnoOf(() => process.kill(pid, 0)) === 'ESRCH') return false;
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false; // vanished between the two checks
  }
}
