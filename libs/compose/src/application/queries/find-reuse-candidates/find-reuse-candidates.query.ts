import { Query } from '@nestjs/cqrs';
import type { ComposeProps } from '../../../domain/compose-props.js';

/**
 * Older composes this one could reuse, in examination order (done newest first, then generating
 * oldest first), already filtered by the attribute rules of CONTRACT §6.3. For tag composes the
 * caller still asks Koji whether the tag changed since the candidate's event.
 */
export class FindReuseCandidatesQuery extends Query<ComposeProps[]> {
  constructor(readonly composeId: number) {
    super();
  }
}
