import type { PungiRunResult } from '@odcs/pungi';

export type PungiRunOutcome = { kind: 'succeeded' } | { kind: 'cancelled' } | { kind: 'failed'; error: string; logErrors: string };

/**
 * What a Pungi run means for an engine: cancelled (also when the signal fired meanwhile), or
 * failed with its reason split into the error and the log errors the runner appended (both
 * already rewritten to target_dir_url by the runner).
 */
export function pungiRunOutcome(run: PungiRunResult, signal: AbortSignal): PungiRunOutcome {
  if (run.status === 'cancelled' || signal.aborted) return { kind: 'cancelled' };
  if (run.status === 'succeeded') return { kind: 'succeeded' };
  const errors = run.pungiErrors;
  const error = errors && run.reason.endsWith(`\n${errors}`) ? run.reason.slice(0, -(errors.length + 1)) : run.reason;
  return { kind: 'failed', error, logErrors: errors };
}
