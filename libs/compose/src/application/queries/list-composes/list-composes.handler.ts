import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { COMPOSE_REPOSITORY, type ComposeRepository } from '../../ports/compose.repository.js';
import { ListedComposeJson } from '../../presenters/listed-compose-json.js';
import { ListComposesQuery } from './list-composes.query.js';

@QueryHandler(ListComposesQuery)
export class ListComposesHandler implements IQueryHandler<ListComposesQuery> {
  constructor(
    @Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository,
    private readonly json: ListedComposeJson,
  ) {}

  async execute(q: ListComposesQuery): Promise<{ items: Buffer[]; total: number }> {
    const { page, total } = await this.composes.listVersions(q.criteria);
    return { items: await this.json.of(page), total };
  }
}
