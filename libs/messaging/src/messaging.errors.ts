export type MessagingErrorCode =
  | 'MESSAGING.UNAVAILABLE'
  | 'MESSAGING.CLOSED'
  | 'MESSAGING.REJECTED'
  | 'MESSAGING.INVALID_MESSAGE'
  | 'MESSAGING.INVALID_OPTIONS'
  | 'MESSAGING.CONNECT_FAILED';

/** Base class of every error the messaging library throws; `code` is stable, `message` is for humans. */
export abstract class MessagingError extends Error {
  abstract readonly code: MessagingErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The broker was not reachable (or did not confirm) within the publish timeout. Retry later. */
export class MessageBusUnavailableError extends MessagingError {
  readonly code = 'MESSAGING.UNAVAILABLE';
}

/** The bus was closed; it accepts no more messages or subscriptions. */
export class MessageBusClosedError extends MessagingError {
  readonly code = 'MESSAGING.CLOSED';

  constructor(what: string) {
    super(`Cannot ${what}: the message bus has been closed.`);
  }
}

/** The broker refused the message (negative confirm). */
export class MessageRejectedError extends MessagingError {
  readonly code = 'MESSAGING.REJECTED';
}

/** The message cannot be sent as given (bad id, routing key or body); retrying will not help. */
export class InvalidMessageError extends MessagingError {
  readonly code = 'MESSAGING.INVALID_MESSAGE';
}

export class InvalidMessagingOptionsError extends MessagingError {
  readonly code = 'MESSAGING.INVALID_OPTIONS';
}

/** The first connection to the broker could not be made before the connect timeout. */
export class MessageBusConnectError extends MessagingError {
  readonly code = 'MESSAGING.CONNECT_FAILED';
}
