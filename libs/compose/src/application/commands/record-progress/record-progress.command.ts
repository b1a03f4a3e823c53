import type { ComposeProps } from '../../../domain/compose-props.js';
import { Command } from '@nestjs/cqrs';
import type { ResolvedContent } from '../../../domain/compose.js';

export interface ProgressUpdate {
  /** New state_reason (e.g. "Compose is generating"); unchanged when absent. */
  reason?: string;
  /** Human-readable progress of the running engine (additive API field). */
  progress?: string | null;
  kojiEvent?: number;
  /** Resolved source (module composes). */
  source?: string;
  pungiComposeId?: string;
  /** Content resolved from the source (pungi_compose, CONTRACT §8.3): replaces these list fields. */
  content?: ResolvedContent;
  /** Attributes the engine resolved (pulp: source, arches, sigkeys from Pulp, CONTRACT §8.7). */
  found?: Partial<Pick<ComposeProps, 'source' | 'arches' | 'sigkeys'>>;
}

/** Reason/progress update of a generating compose; no state change, no message. False if it no longer generates. */
export class RecordProgressCommand extends Command<boolean> {
  constructor(
    readonly composeId: number,
    readonly update: ProgressUpdate,
  ) {
    super();
  }
}
