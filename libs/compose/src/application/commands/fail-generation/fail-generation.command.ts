import { Command } from '@nestjs/cqrs';

/** The engine failed (or the compose was lost): generating → failed with a reason, and followers fail too. */
export class FailGenerationCommand extends Command<void> {
  constructor(
    readonly composeId: number,
    readonly reason: string,
  ) {
    super();
  }
}
