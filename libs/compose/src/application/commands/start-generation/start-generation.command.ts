import { Command } from '@nestjs/cqrs';
import type { ComposeProps } from '../../../domain/compose-props.js';

/**
 * Claim one waiting compose for this backend: wait → generating with a lease. Resolves to null when
 * there is nothing to claim (or another backend claimed it first).
 */
export class StartGenerationCommand extends Command<ComposeProps | null> {
  constructor(
    readonly backendId: string,
    readonly leaseSeconds: number,
    /** Only these composes (an event named them); any waiting compose when absent. */
    readonly onlyIds?: number[],
    /** Composes this backend still runs (a requeued one must not be taken twice). */
    readonly excludeIds: number[] = [],
  ) {
    super();
  }
}
