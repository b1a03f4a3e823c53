import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { COMPOSE_REPOSITORY, type ComposeRepository, type ListedCompose } from '../../ports/compose.repository.js';
import { ListComposesQuery } from './list-composes.query.js';

@QueryHandler(ListComposesQuery)
export class ListComposesHandler implements IQueryHandler<ListComposesQuery> {
  constructor(@Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository) {}

  execute(q: ListComposesQuery): Promise<{ items: ListedCompose[]; total: number }> {
    return this.composes.list(q.criteria);
  }
}
