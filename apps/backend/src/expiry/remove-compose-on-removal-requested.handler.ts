import { AwaitedEventHandler, AwaitedEventsHandler, ComposeRemovalRequestedEvent } from '@odcs/compose';
import { RemoveExpiredComposesJob } from './remove-expired-composes.job.js';

/**
 * An admin asked to remove a finished compose (DELETE): its time to live ended now, so remove it and
 * its files at once instead of at the next sweep. The sweep's rules still hold (a compose a latest-*
 * link points at, or whose files a live compose reuses, stays); what this leaves, the sweep retries.
 * Idempotent: a compose already removed is not due any more.
 */
@AwaitedEventsHandler(ComposeRemovalRequestedEvent)
export class RemoveComposeOnRemovalRequested extends AwaitedEventHandler<ComposeRemovalRequestedEvent> {
  constructor(private readonly expiry: RemoveExpiredComposesJob) {
    super();
  }

  protected process(event: ComposeRemovalRequestedEvent): Promise<void> {
    return this.expiry.removeNow([event.composeId]);
  }
}
