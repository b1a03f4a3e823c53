import type { ComposeState } from './compose-state.js';
import { DomainError } from './domain.error.js';

export class ComposeNotFoundError extends DomainError {
  readonly code = 'COMPOSE.NOT_FOUND';
  constructor(message = 'No such compose found.') {
    super(message);
  }
}

/** Bad request data; the message is shown to the client as is. */
export class InvalidComposeInputError extends DomainError {
  readonly code = 'COMPOSE.INVALID_INPUT';
}

export class IllegalComposeTransitionError extends DomainError {
  readonly code = 'COMPOSE.ILLEGAL_TRANSITION';
  constructor(
    readonly composeId: number,
    readonly from: ComposeState,
    readonly to: ComposeState,
  ) {
    super(`Compose ${composeId} cannot go from '${from}' to '${to}'.`);
  }
}

/** Another writer changed the compose first (guarded update matched no row). */
export class ConcurrentComposeUpdateError extends DomainError {
  readonly code = 'COMPOSE.CONCURRENT_UPDATE';
  constructor(
    readonly composeId: number,
    readonly expected: ComposeState,
  ) {
    super(`Compose ${composeId} is no longer in state '${expected}'; another request changed it first.`);
  }
}

export class ComposeNotRenewableError extends DomainError {
  readonly code = 'COMPOSE.NOT_RENEWABLE';
  constructor(composeId: number) {
    super(`No compose with id ${composeId} found`);
  }
}

export class ComposeNotRemovableError extends DomainError {
  readonly code = 'COMPOSE.NOT_REMOVABLE';
  constructor(composeId: number) {
    super(`Compose (id=${composeId}) can not be removed, its state need to be in ['done', 'failed'].`);
  }
}

export class ComposeForbiddenError extends DomainError {
  readonly code = 'COMPOSE.FORBIDDEN';
}
