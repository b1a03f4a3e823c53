import { Command } from '@nestjs/cqrs';
import type { ComposeProps } from '../../../domain/compose-props.js';

/** Keep a done compose (and the composes it shares files with) for at least `secondsToLive` more seconds. */
export class ExtendTtlCommand extends Command<ComposeProps> {
  constructor(
    readonly composeId: number,
    readonly secondsToLive: number,
  ) {
    super();
  }
}
