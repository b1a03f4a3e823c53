import { Command } from '@nestjs/cqrs';
import type { ComposeProps, NewComposeProps } from '../../../domain/compose-props.js';

/** Submit a new compose in state wait. `fields` are already validated (parseCreateRequest). */
export class CreateComposeCommand extends Command<ComposeProps> {
  constructor(
    readonly fields: NewComposeProps,
    readonly secondsToLive: number,
  ) {
    super();
  }
}
