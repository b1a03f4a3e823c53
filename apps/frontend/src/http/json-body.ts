import { InvalidComposeInputError } from '@odcs/compose';

/**
 * ODCS parses request bodies as JSON whatever their Content-Type. Bodies arrive as raw text
 * (see configureHttp) so that a syntax error can be reported as upstream does.
 */
export function parseJsonBody(raw: unknown, opts: { emptyAs?: unknown } = {}): unknown {
  const text = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
  if (text.trim() === '' && 'emptyAs' in opts) return opts.emptyAs;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InvalidComposeInputError(`Failed to decode JSON object: ${(e as Error).message}`);
  }
}
