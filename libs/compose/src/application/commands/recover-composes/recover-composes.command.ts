import { Command } from '@nestjs/cqrs';

export interface RecoveryReport {
  requeued: number[];
  failed: number[];
  followed: number[];
}

/**
 * Nothing stays stuck: generating composes whose backend stopped renewing the lease are retried
 * (bounded) or failed; composes waiting on a finished reused compose follow it; composes waiting
 * longer than `waitLimitSeconds` fail (CONTRACT §8.5).
 */
export class RecoverComposesCommand extends Command<RecoveryReport> {
  constructor(
    readonly maxAttempts: number,
    readonly waitLimitSeconds: number,
    readonly limit = 100,
  ) {
    super();
  }
}
