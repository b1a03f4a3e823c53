import { Command } from '@nestjs/cqrs';

/** The engine succeeded: generating → done, and composes waiting on this one follow. */
export class CompleteGenerationCommand extends Command<void> {
  constructor(
    readonly composeId: number,
    readonly pungiComposeId: string | null,
    /** The backend that ran the engine; the result counts only while it holds the lease. */
    readonly backendId?: string,
    /** Disk bytes of the finished compose directory. */
    readonly sizeBytes: number | null = null,
    /** Pungi's config dump (raw_config production/development composes, §8.4 step 7). */
    readonly pungiConfigDump?: string,
  ) {
    super();
  }
}
