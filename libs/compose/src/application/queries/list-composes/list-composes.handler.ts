import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ListedComposeJson } from '../../presenters/listed-compose-json.js';
import { ListComposesQuery } from './list-composes.query.js';

@QueryHandler(ListComposesQuery)
export class ListComposesHandler implements IQueryHandler<ListComposesQuery> {
  constructor(private readonly json: ListedComposeJson) {}

  execute(q: ListComposesQuery): Promise<{ items: string[]; total: number }> {
    return this.json.page(q.criteria);
  }
}
