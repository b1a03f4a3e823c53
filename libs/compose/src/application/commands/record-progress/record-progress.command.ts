import { Command } from '@nestjs/cqrs';

export interface ProgressUpdate {
  /** New state_reason (e.g. "Compose is generating"); unchanged when absent. */
  reason?: string;
  /** Human-readable progress of the running engine (additive API field). */
  progress?: string | null;
  kojiEvent?: number;
  /** Resolved source (module composes). */
  source?: string;
  pungiComposeId?: string;
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
