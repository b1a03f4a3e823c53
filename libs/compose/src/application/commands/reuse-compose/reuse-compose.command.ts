import { Command } from '@nestjs/cqrs';
import type { ComposeProps } from '../../../domain/compose-props.js';

/** Point a generating compose at an identical older one instead of generating it (CONTRACT §6.4). */
export class ReuseComposeCommand extends Command<ComposeProps> {
  constructor(
    readonly composeId: number,
    readonly reusedId: number,
  ) {
    super();
  }
}
