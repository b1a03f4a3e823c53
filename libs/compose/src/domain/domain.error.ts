/**
 * Every rule violation the domain reports. `code` is stable and namespaced; the HTTP layer maps
 * codes to statuses, the domain knows nothing of HTTP.
 */
export type DomainErrorCode =
  | 'COMPOSE.NOT_FOUND'
  | 'COMPOSE.INVALID_INPUT'
  | 'COMPOSE.ILLEGAL_TRANSITION'
  | 'COMPOSE.CONCURRENT_UPDATE'
  | 'COMPOSE.NOT_RENEWABLE'
  | 'COMPOSE.NOT_REMOVABLE'
  | 'COMPOSE.FORBIDDEN';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
}
