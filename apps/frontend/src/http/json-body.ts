import { InvalidComposeInputError, jsonDepth, MAX_JSON_DEPTH } from '@odcs/compose';

/**
 * ODCS parses request bodies as JSON whatever their Content-Type. Bodies arrive as raw text
 * (see configureHttp) so that a syntax error can be reported as upstream does.
 */
export function parseJsonBody(raw: unknown, opts: { emptyAs?: unknown } = {}): unknown {
  const text = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
  if (text.trim() === '' && 'emptyAs' in opts) return opts.emptyAs;
  // Bounded before parsing: nothing below walks a body deeper than this (nor overflows the stack on one).
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new InvalidComposeInputError(`Failed to decode JSON object: nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InvalidComposeInputError(`Failed to decode JSON object: ${(e as Error).message}`);
  }
}
