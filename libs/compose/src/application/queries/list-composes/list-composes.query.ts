import { Query } from '@nestjs/cqrs';
import type { ListComposesCriteria } from '../../ports/compose.repository.js';

/** A page of composes: the ODCS JSON of each (see ListedComposeJson) and how many match in all. */
export class ListComposesQuery extends Query<{ items: string[]; total: number }> {
  constructor(readonly criteria: ListComposesCriteria) {
    super();
  }
}
