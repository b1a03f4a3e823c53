import { Query } from '@nestjs/cqrs';
import type { ListComposesCriteria } from '../../ports/compose.repository.js';

/** A page of composes: the ODCS JSON of each (UTF-8 bytes, see ListedComposeJson) and how many match in all. */
export class ListComposesQuery extends Query<{ items: Buffer[]; total: number }> {
  constructor(readonly criteria: ListComposesCriteria) {
    super();
  }
}
