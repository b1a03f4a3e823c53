import {
  InvalidComposeInputError,
  type RenewOverrides,
  resolveSecondsToLive,
  type TtlLimits,
  validateRequestStructure,
} from '@odcs/compose';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** PATCH body → TTL and overrides (CONTRACT §3.1). Other keys are validated, then ignored. */
export function parseRenewRequest(body: unknown, limits: TtlLimits): { secondsToLive: number; overrides: RenewOverrides } {
  if (!isObject(body)) throw new InvalidComposeInputError('The PATCH body must be a JSON object');
  const obj = body;
  validateRequestStructure(obj);
  const secondsToLive = resolveSecondsToLive(obj, limits);
  const source = isObject(obj['source']) ? obj['source'] : {};
  const overrides: RenewOverrides = {};
  if (Array.isArray(obj['sigkeys'])) overrides.sigkeys = (obj['sigkeys'] as string[]).join(' ');
  if (Array.isArray(source['builds'])) overrides.builds = (source['builds'] as string[]).join(' ');
  if (Array.isArray(source['modules'])) overrides.modules = (source['modules'] as string[]).join(' ');
  return { secondsToLive, overrides };
}
