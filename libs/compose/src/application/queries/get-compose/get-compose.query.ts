import { Query } from '@nestjs/cqrs';
import type { ComposeProps } from '../../../domain/compose-props.js';

/** One compose. With `renewable`, only a compose PATCH may act on (removed, done or failed). */
export class GetComposeQuery extends Query<ComposeProps> {
  constructor(
    readonly composeId: number,
    readonly opts: { renewable?: boolean } = {},
  ) {
    super();
  }
}
