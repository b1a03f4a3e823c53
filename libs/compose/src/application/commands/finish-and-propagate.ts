import type { Compose } from '../../domain/compose.js';
import { ReusePropagation } from '../../domain/reuse-propagation.js';
import type { ComposeTransaction } from '../ports/compose.repository.js';

/**
 * The composes reusing `compose` that follow it now that it changed (ReusePropagation.follow), locked:
 * every command that ends a compose saves these with it, in its transaction.
 */
export async function followersOf(tx: ComposeTransaction, compose: Compose, now: Date): Promise<Compose[]> {
  if (compose.state !== 'done' && compose.state !== 'failed' && compose.state !== 'removed') return [];
  return ReusePropagation.follow(compose, await tx.findReusing(compose.id, { lock: true }), now);
}

/**
 * Applies the final transition to a generating compose and lets every compose that reuses it and
 * still generates follow to the same state (CONTRACT §4.3), in one transaction. A compose that is
 * no longer generating (cancelled meanwhile) is left alone: the loser of the race does nothing.
 */
export async function finishAndPropagate(
  tx: ComposeTransaction,
  composeId: number,
  finish: (c: Compose, now: Date) => void,
  now: Date,
  backendId?: string,
): Promise<void> {
  const compose = await tx.findById(composeId, { lock: true, states: ['generating'] });
  if (!compose) return;
  // A backend that lost its lease (another one took the compose over) does not get the last word.
  if (backendId !== undefined && compose.snapshot().leaseOwner !== backendId) return;
  finish(compose, now);
  await tx.save(compose, ...(await followersOf(tx, compose, now)));
}
