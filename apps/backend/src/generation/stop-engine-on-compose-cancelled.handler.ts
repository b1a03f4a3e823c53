import { AwaitedEventHandler, AwaitedEventsHandler, ComposeCancelledEvent } from '@odcs/compose';
import { GenerationScheduler } from './generation.scheduler.js';

/**
 * A generating compose was cancelled: stop its engine at once when it runs in this backend. A
 * backend that runs it elsewhere stops it on its next lease renewal (the lease is gone).
 */
@AwaitedEventsHandler(ComposeCancelledEvent)
export class StopEngineOnComposeCancelled extends AwaitedEventHandler<ComposeCancelledEvent> {
  constructor(private readonly scheduler: GenerationScheduler) {
    super();
  }

  protected process(event: ComposeCancelledEvent): Promise<void> {
    if (event.wasGenerating) this.scheduler.stop(event.composeId);
    return Promise.resolve();
  }
}
