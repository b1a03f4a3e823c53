import { InvalidComposeInputError } from '../../domain/compose.errors.js';

export interface TtlLimits {
  seconds_to_live: number;
  max_seconds_to_live: number;
}

/** CONTRACT §2.4: seconds_to_live, else the legacy seconds-to-live; capped; default when falsy. */
export function resolveSecondsToLive(body: Record<string, unknown>, limits: TtlLimits): number {
  let value = body['seconds_to_live'];
  if (value === undefined || value === null) value = body['seconds-to-live'];
  if (!value) return limits.seconds_to_live;
  const parsed = toPythonInt(value);
  if (parsed === null) throw new InvalidComposeInputError(`Invalid seconds_to_live specified in request: ${JSON.stringify(body)}`);
  // No lower bound upstream (a negative TTL expires right after finishing); bounded here so dates stay storable.
  return Math.max(Math.min(parsed, limits.max_seconds_to_live), -limits.max_seconds_to_live);
}

function toPythonInt(value: unknown): number | null {
  if (value === true) return 1;
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number(value.trim());
  return null;
}
