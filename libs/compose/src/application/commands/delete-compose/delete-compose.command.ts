import { Command } from '@nestjs/cqrs';

export type DeleteOutcome = 'cancelled' | 'removal-requested';

/** DELETE: cancel an unfinished compose (owner or admin) or ask for early removal (admin). */
export class DeleteComposeCommand extends Command<DeleteOutcome> {
  constructor(
    readonly composeId: number,
    readonly username: string,
    readonly isAdmin: boolean,
  ) {
    super();
  }
}
