import { Inject } from '@nestjs/common';
import {
  AwaitedEventHandler,
  AwaitedEventsHandler,
  ComposeJsonPresenter,
  ComposeStateChangedEvent,
  STATE_CODES,
  UndeliverableEventError,
} from '@odcs/compose';
import { type ComposeJsonV1, composeStateChangedMessage, InvalidMessageError, MESSAGE_BUS, type MessageBus } from '@odcs/messaging';

/**
 * Sends odcs.compose.state-changed (CONTRACT §10): the compose JSON as it was right after the change,
 * rendered here from the snapshot the event carries. The message id is the outbox row's, so a
 * redelivered event is de-duplicated by consumers.
 */
@AwaitedEventsHandler(ComposeStateChangedEvent)
export class PublishStateChangedNotification extends AwaitedEventHandler<ComposeStateChangedEvent> {
  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly presenter: ComposeJsonPresenter,
  ) {
    super();
  }

  protected async process(event: ComposeStateChangedEvent, deliveryId: string | null): Promise<void> {
    if (!event.snapshot || deliveryId === null) throw new UndeliverableEventError('a state change without its compose snapshot');
    const compose = this.presenter.toJson(event.snapshot);
    compose['state'] = STATE_CODES[event.to];
    compose['state_name'] = event.to;
    compose['state_reason'] = event.reason;
    const message = {
      ...composeStateChangedMessage(compose as ComposeJsonV1),
      id: `odcs-outbox-${deliveryId}`,
      headers: { 'x-odcs-compose-id': String(event.composeId) },
    };
    try {
      await this.bus.publish(message);
    } catch (e) {
      if (e instanceof InvalidMessageError) throw new UndeliverableEventError(e.message, { cause: e });
      throw e;
    }
  }
}
