import { setImmediate as nextTurn } from 'node:timers/promises';

/** Items handled per synchronous batch by {@link inBatches}. */
export const BATCH_SIZE = 64;

/**
 * Runs a synchronous step over every item, a batch at a time, giving the event loop a turn and
 * checking `signal` between batches. For cheap filesystem calls (link, stat: microseconds each),
 * where a thread-pool round trip per call would cost more than the call itself.
 */
export async function inBatches<T>(items: readonly T[], signal: AbortSignal, step: (item: T) => void, size = BATCH_SIZE): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    signal.throwIfAborted();
    for (let i = start; i < Math.min(items.length, start + size); i++) step(items[i]!);
    if (start + size < items.length) await nextTurn();
  }
}
