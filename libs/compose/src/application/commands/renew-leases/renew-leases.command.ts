import { Command } from '@nestjs/cqrs';

/** Heartbeat of a backend for the composes it generates. Resolves to the ids it no longer owns (cancelled, taken over). */
export class RenewLeasesCommand extends Command<number[]> {
  constructor(
    readonly backendId: string,
    readonly composeIds: number[],
    readonly leaseSeconds: number,
  ) {
    super();
  }
}
