export type KojiErrorCode = 'KOJI.FAULT' | 'KOJI.UNREACHABLE' | 'KOJI.BAD_RESPONSE' | 'KOJI.UNKNOWN_TAG' | 'KOJI.UNKNOWN_BUILDS';

/** Base class of every error the Koji library throws; `code` is stable, `message` is for humans. */
export abstract class KojiError extends Error {
  abstract readonly code: KojiErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Koji answered with an XML-RPC fault (faultCode 1000 is Koji's GenericError). Never retried. */
export class KojiFaultError extends KojiError {
  readonly code = 'KOJI.FAULT';

  constructor(
    readonly method: string,
    readonly faultCode: number,
    readonly faultString: string,
  ) {
    super(`Koji ${method} failed: ${faultString}`);
  }

  /** True for Koji's GenericError (the fault most lookups raise). */
  get isGenericError(): boolean {
    return this.faultCode === 1000;
  }
}

/** The hub could not be reached, or kept failing at the transport level, after all retries. */
export class KojiUnreachableError extends KojiError {
  readonly code = 'KOJI.UNREACHABLE';

  constructor(
    readonly url: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot reach Koji at ${url}: ${reason}`, options);
  }
}

/** The hub answered, but not with a usable XML-RPC response (wrong status, malformed XML). */
export class KojiBadResponseError extends KojiError {
  readonly code = 'KOJI.BAD_RESPONSE';

  constructor(url: string, method: string, reason: string, options?: { cause?: unknown }) {
    super(`Koji at ${url} gave an unusable answer to ${method}: ${reason}`, options);
  }
}

/** A Koji fault while choosing a compose's event (CONTRACT §8.3, as plain text per Decision 3). */
export class KojiConnectionFailedError extends KojiError {
  readonly code = 'KOJI.FAULT';

  constructor(readonly fault: KojiFaultError) {
    super(`Koji connection has failed: ${fault.faultString}`, { cause: fault });
  }
}

export class KojiUnknownTagError extends KojiError {
  readonly code = 'KOJI.UNKNOWN_TAG';

  constructor(
    readonly tag: string | number,
    options?: { cause?: unknown },
  ) {
    super(`Unknown Koji tag ${tag}.`, options);
  }
}

export class KojiUnknownBuildsError extends KojiError {
  readonly code = 'KOJI.UNKNOWN_BUILDS';

  constructor(readonly nvrs: readonly string[]) {
    super(`Unknown Koji builds: ${nvrs.join(', ')}`);
  }
}
