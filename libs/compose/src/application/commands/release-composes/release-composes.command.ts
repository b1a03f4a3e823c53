import { Command } from '@nestjs/cqrs';

/** A backend shutting down hands its generating composes back (to wait) for another backend. Resolves to the released ids. */
export class ReleaseComposesCommand extends Command<number[]> {
  constructor(
    readonly backendId: string,
    readonly composeIds: number[],
  ) {
    super();
  }
}
