import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { ComposeProps } from '../../../domain/compose-props.js';
import { ComposeNotFoundError, ComposeNotRenewableError } from '../../../domain/compose.errors.js';
import { COMPOSE_REPOSITORY, type ComposeRepository } from '../../ports/compose.repository.js';
import { GetComposeQuery } from './get-compose.query.js';

const RENEWABLE = new Set(['removed', 'done', 'failed']);

@QueryHandler(GetComposeQuery)
export class GetComposeHandler implements IQueryHandler<GetComposeQuery> {
  constructor(@Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository) {}

  async execute(q: GetComposeQuery): Promise<ComposeProps> {
    const found = await this.composes.findById(q.composeId);
    if (q.opts.renewable) {
      if (!found || !RENEWABLE.has(found.state)) throw new ComposeNotRenewableError(q.composeId);
      return found;
    }
    if (!found) throw new ComposeNotFoundError();
    return found;
  }
}
