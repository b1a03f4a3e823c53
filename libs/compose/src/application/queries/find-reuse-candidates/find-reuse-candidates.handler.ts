import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { ComposeProps } from '../../../domain/compose-props.js';
import { matchesForReuse, mayReuse } from '../../../domain/reuse-policy.js';
import { COMPOSE_REPOSITORY, type ComposeRepository } from '../../ports/compose.repository.js';
import { FindReuseCandidatesQuery } from './find-reuse-candidates.query.js';

@QueryHandler(FindReuseCandidatesQuery)
export class FindReuseCandidatesHandler implements IQueryHandler<FindReuseCandidatesQuery> {
  constructor(@Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository) {}

  execute(q: FindReuseCandidatesQuery): Promise<ComposeProps[]> {
    return this.composes.transaction(async (tx) => {
      const compose = await tx.getById(q.composeId);
      const c = compose.snapshot();
      if (!mayReuse(c)) return [];
      const candidates = await tx.findReuseCandidates(compose);
      return candidates.map((x) => x.snapshot()).filter((old) => matchesForReuse(c, old));
    });
  }
}
