import { Command } from '@nestjs/cqrs';
import type { ComposeProps } from '../../../domain/compose-props.js';

/**
 * Expiry sweep step: mark up to `limit` due composes removed (CONTRACT §8.6). Resolves to the
 * removed composes whose files the caller deletes, or null when another backend holds the sweep lock.
 * With `onlyIds` only those composes are looked at (an admin asked for their removal), without the
 * sweep lock: the row claim and the guarded update keep a compose from being removed twice.
 */
export class RemoveExpiredComposesCommand extends Command<ComposeProps[] | null> {
  constructor(
    readonly limit: number,
    /** Composes a latest-* symlink points at: they stay done (CONTRACT §9.8). */
    readonly protectedIds: number[] = [],
    /** Target dirs not mounted on this host (null = the default one): their composes are left to backends that see them. */
    readonly unavailableTargetDirs: (string | null)[] = [],
    readonly onlyIds?: number[],
  ) {
    super();
  }
}
