/** Network error codes worth another attempt: the hub may be restarting or briefly overloaded. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);

/** HTTP answers from proxies/load balancers in front of a hub that is briefly unavailable. */
export const TRANSIENT_HTTP_STATUSES = new Set([502, 503, 504]);

/** A failure at the transport level that may succeed on retry. Internal to the transport. */
export class TransientFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientFailure';
  }
}

export function isTransientNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT_CODES.has(code);
}

/** `connect ECONNREFUSED 127.0.0.1:1`, `socket hang up`, ... as Node words it. */
export function describeNetworkError(error: unknown): string {
  if (error instanceof Error) return error.message || (error as { code?: string }).code || error.name;
  return String(error);
}
