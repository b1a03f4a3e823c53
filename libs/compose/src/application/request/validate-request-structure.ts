import { InvalidComposeInputError } from '../../domain/compose.errors.js';
import { CONTROL_CHARACTERS_MESSAGE, excerpt, hasControlCharacters } from './client-text.js';

const LIST_KEYS = new Set(['builds', 'multilib_method', 'packages', 'scratch_build_tasks', 'scratch_modules', 'sigkeys', 'modules']);
const STRING_KEYS = new Set(['base_module_br_name', 'base_module_br_stream', 'compose_type', 'label', 'target_dir', 'type']);
const INT_KEYS = new Set(['seconds_to_live', 'koji_event', 'base_module_br_stream_version_lte', 'base_module_br_stream_version_gte']);
const EXTRA_CHARS = [' ', '-', '/', '_', '.', ':', '#', '+', '?', '$', '~'];
const SAFE = /^[\p{L}\p{N} \-/_.:#+?$~]*$/u;

export const CHARACTERS_MESSAGE = `Only alphanumerical characters and [${EXTRA_CHARS.map((c) => `'${c}'`).join(', ')}] characters are allowed in ODCS input variables`;

const bad = (message: string): never => {
  throw new InvalidComposeInputError(message);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Is `v` a JSON integer (booleans count, as in upstream's Python check)? */
const isIntegerLike = (v: unknown): boolean => typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v));
const INT32 = 2 ** 31;

/**
 * The generic structural validation every ODCS request body goes through (CONTRACT §2.2). It is
 * what keeps request values from changing the structure of generated Pungi files.
 */
export function validateRequestStructure(body: unknown): void {
  walk(body, 0, null);
}

function walk(node: unknown, level: number, parentKey: string | null): void {
  const entries: [string, unknown][] = Array.isArray(node)
    ? node.map((v): [string, unknown] => [parentKey ?? '', v])
    : isObject(node)
      ? Object.entries(node)
      : [];
  const inList = Array.isArray(node);
  for (const [key, value] of entries) {
    if (!inList) checkTypedKey(key, value);
    if (isObject(value)) {
      if (level !== 0 || key !== 'source' || inList) bad("Only 'source' key is allowed to contain dict.");
      walk(value, level + 1, key);
    } else if (Array.isArray(value)) {
      if (inList) bad(`${excerpt(parentKey ?? '')} should be a list of strings`);
      walk(value, level + 1, key);
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      if (inList && typeof value !== 'string') bad(`${excerpt(parentKey ?? '')} should be a list of strings`);
      if (inList && parentKey === 'packages') {
        // Package names skip the character whitelist (they only reach comps.xml), but never carry control characters.
        if (hasControlCharacters(value as string)) bad(CONTROL_CHARACTERS_MESSAGE);
        continue;
      }
      if (!SAFE.test(String(value))) bad(CHARACTERS_MESSAGE);
    } else {
      bad(
        `Only dict, list, str, unicode, int, float and bool types are allowed in ODCS input variables, but '${excerpt(key)}' has '<class 'NoneType'>' type`,
      );
    }
  }
}

function checkTypedKey(key: string, value: unknown): void {
  if (LIST_KEYS.has(key) && !Array.isArray(value)) bad(`${key} should be a list`);
  if (STRING_KEYS.has(key) && typeof value !== 'string') bad(`${key} should be a string`);
  if (INT_KEYS.has(key) && !isIntegerLike(value)) bad(`${key} should be an integer`);
  if (INT_KEYS.has(key) && key !== 'seconds_to_live' && typeof value === 'number' && (value < -INT32 || value >= INT32)) {
    bad(`${key} should be an integer between ${-INT32} and ${INT32 - 1}`);
  }
}

/** Upstream's "is this JSON body falsy" test ({} [] null "" 0 false). */
export function isFalsyBody(body: unknown): boolean {
  if (body === null || body === undefined || body === false || body === 0 || body === '') return true;
  if (Array.isArray(body)) return body.length === 0;
  if (isObject(body)) return Object.keys(body).length === 0;
  return false;
}
