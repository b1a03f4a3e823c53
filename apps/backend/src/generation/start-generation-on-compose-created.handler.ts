import { AwaitedEventHandler, AwaitedEventsHandler, ComposeCreatedEvent, ComposeRenewedEvent } from '@odcs/compose';
import { GenerationScheduler } from './generation.scheduler.js';

/**
 * A compose was submitted (POST, or a PATCH that regenerates): claim it now if this backend has a
 * free slot; otherwise the pick-up loop takes it when one frees. The SKIP LOCKED claim is the guard,
 * so a redelivered event or a compose another backend already took claims nothing.
 */
@AwaitedEventsHandler(ComposeCreatedEvent, ComposeRenewedEvent)
export class StartGenerationOnComposeCreated extends AwaitedEventHandler<ComposeCreatedEvent | ComposeRenewedEvent> {
  constructor(private readonly scheduler: GenerationScheduler) {
    super();
  }

  protected async process(event: ComposeCreatedEvent | ComposeRenewedEvent): Promise<void> {
    await this.scheduler.fill([event.composeId]);
  }
}
