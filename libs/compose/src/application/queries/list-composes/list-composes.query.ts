import { Query } from '@nestjs/cqrs';
import type { ComposeProps } from '../../../domain/compose-props.js';
import type { ListComposesCriteria } from '../../ports/compose.repository.js';

export class ListComposesQuery extends Query<{ items: ComposeProps[]; total: number }> {
  constructor(readonly criteria: ListComposesCriteria) {
    super();
  }
}
