import { Command } from '@nestjs/cqrs';

/** The engine failed (or the compose was lost): generating → failed with a reason, and followers fail too. */
export class FailGenerationCommand extends Command<void> {
  constructor(
    readonly composeId: number,
    readonly reason: string,
    /** The backend that ran the engine; the result counts only while it holds the lease. */
    readonly backendId?: string,
  ) {
    super();
  }
}
