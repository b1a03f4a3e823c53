import { Query } from '@nestjs/cqrs';
import type { ListComposesCriteria, ListedCompose } from '../../ports/compose.repository.js';

export class ListComposesQuery extends Query<{ items: ListedCompose[]; total: number }> {
  constructor(readonly criteria: ListComposesCriteria) {
    super();
  }
}
