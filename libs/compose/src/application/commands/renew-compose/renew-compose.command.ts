import { Command } from '@nestjs/cqrs';
import type { ComposeProps } from '../../../domain/compose-props.js';

export interface RenewOverrides {
  /** Requested sigkeys as a list-string, when the request named them. */
  sigkeys?: string;
  /** source.builds as a list-string, when given (even empty). */
  builds?: string;
  /** source.modules as a list-string, when given. */
  modules?: string;
}

/** PATCH: extend a done compose, or regenerate it as a new compose (CONTRACT §3.1). */
export class RenewComposeCommand extends Command<ComposeProps> {
  constructor(
    readonly composeId: number,
    readonly overrides: RenewOverrides,
    readonly secondsToLive: number,
    readonly requestedBy: string,
  ) {
    super();
  }
}
